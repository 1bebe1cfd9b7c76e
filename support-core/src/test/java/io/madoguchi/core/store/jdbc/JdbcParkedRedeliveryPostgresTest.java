package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.ParkedRedeliveryContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;

/** The parked-redelivery contract on a fresh database of the embedded PostgreSQL per test. */
@ExtendWith(TestDatabases.ClosePools.class)
class JdbcParkedRedeliveryPostgresTest extends ParkedRedeliveryContract {

    @Override
    protected DeskStore newStore(Clock clock) {
        return new JdbcDeskStore(TestDatabases.migratedPostgres(), clock);
    }

    @Override
    protected DeskStore newStore(Clock clock, Duration maxParkedAge) {
        return new JdbcDeskStore(TestDatabases.migratedPostgres(), clock, JdbcDeskStore.DEFAULT_CLAIM_RETENTION,
            JdbcDeskStore.DEFAULT_RETAINED_EVENTS, maxParkedAge);
    }

    @Override
    protected void prune(DeskStore store) {
        ((JdbcDeskStore) store).jdbcEventLog().prune();
    }
}
