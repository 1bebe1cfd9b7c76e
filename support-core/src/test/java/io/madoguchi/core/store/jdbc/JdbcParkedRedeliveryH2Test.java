package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.ParkedRedeliveryContract;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/** The parked-redelivery contract on H2. */
class JdbcParkedRedeliveryH2Test extends ParkedRedeliveryContract {

    private final ParkedRows rows = new ParkedRows(SqlDialect.H2);

    @Override
    protected DeskStore newStore(Clock clock) {
        DataSource db = TestDatabases.h2();
        return rows.remember(JdbcDeskStore.migrating(db, clock), db);
    }

    @Override
    protected DeskStore newStore(Clock clock, Duration maxParkedAge) {
        DataSource db = TestDatabases.h2();
        JdbcSchema.migrate(db);
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
