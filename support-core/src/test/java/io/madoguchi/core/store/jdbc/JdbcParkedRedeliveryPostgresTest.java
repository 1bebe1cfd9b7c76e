package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.ParkedRedeliveryContract;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** The parked-redelivery contract on a fresh database of the embedded PostgreSQL per test. */
@ExtendWith(TestDatabases.ClosePools.class)
class JdbcParkedRedeliveryPostgresTest extends ParkedRedeliveryContract {

    private final ParkedRows rows = new ParkedRows(SqlDialect.POSTGRESQL);

    @Override
    protected DeskStore newStore(Clock clock) {
        DataSource db = TestDatabases.migratedPostgres();
        return rows.remember(new JdbcDeskStore(db, clock), db);
    }

    @Override
    protected DeskStore newStore(Clock clock, Duration maxParkedAge) {
        DataSource db = TestDatabases.migratedPostgres();
        return rows.remember(new JdbcDeskStore(db, clock, JdbcDeskStore.DEFAULT_CLAIM_RETENTION,
            JdbcDeskStore.DEFAULT_RETAINED_EVENTS, maxParkedAge), db);
    }

    @Override
    protected void prune(DeskStore store) {
        ((JdbcDeskStore) store).jdbcEventLog().prune();
    }

    @Override
    protected void parkMany(DeskStore store, String subscriber, int count) {
        rows.parkMany((JdbcDeskStore) store, subscriber, count, clock.instant());
    }
}
