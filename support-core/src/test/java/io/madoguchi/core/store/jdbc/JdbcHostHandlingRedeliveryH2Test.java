package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.HostHandlingRedeliveryContract;
import java.time.Clock;
import javax.sql.DataSource;

/** The host-handling redelivery contract on H2, every store on one database. */
class JdbcHostHandlingRedeliveryH2Test extends HostHandlingRedeliveryContract {

    @Override
    protected Stores newStores(Clock clock) {
        DataSource db = TestDatabases.h2();
        return new Stores(JdbcDeskStore.migrating(db, clock), new JdbcSurveyStore(db, clock),
            new JdbcImprovementActionStore(db));
    }

    @Override
    protected void prune(DeskStore store) {
        ((JdbcDeskStore) store).jdbcEventLog().prune();
    }
}
