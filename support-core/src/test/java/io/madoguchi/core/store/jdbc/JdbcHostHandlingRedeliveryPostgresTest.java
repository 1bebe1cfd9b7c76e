package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.HostHandlingRedeliveryContract;
import java.time.Clock;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** The host-handling redelivery contract on a fresh database of the embedded PostgreSQL per test. */
@ExtendWith(TestDatabases.ClosePools.class)
class JdbcHostHandlingRedeliveryPostgresTest extends HostHandlingRedeliveryContract {

    @Override
    protected Stores newStores(Clock clock) {
        DataSource db = TestDatabases.migratedPostgres();
        return new Stores(new JdbcDeskStore(db, clock), new JdbcSurveyStore(db, clock),
            new JdbcImprovementActionStore(db));
    }

    @Override
    protected void prune(DeskStore store) {
        ((JdbcDeskStore) store).jdbcEventLog().prune();
    }
}
