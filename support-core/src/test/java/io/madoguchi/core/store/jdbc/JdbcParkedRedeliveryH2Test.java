package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.ParkedRedeliveryContract;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/** The parked-redelivery contract on H2. */
class JdbcParkedRedeliveryH2Test extends ParkedRedeliveryContract {

    @Override
    protected DeskStore newStore(Clock clock) {
        return JdbcDeskStore.migrating(TestDatabases.h2(), clock);
    }

    @Override
    protected DeskStore newStore(Clock clock, Duration maxParkedAge) {
        DataSource db = TestDatabases.h2();
        JdbcSchema.migrate(db);
        return new JdbcDeskStore(db, clock, JdbcDeskStore.DEFAULT_CLAIM_RETENTION,
            JdbcDeskStore.DEFAULT_RETAINED_EVENTS, maxParkedAge);
    }

    @Override
    protected void prune(DeskStore store) {
        ((JdbcDeskStore) store).jdbcEventLog().prune();
    }
}
