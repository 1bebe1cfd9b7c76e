package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.FollowerPruningContract;
import java.time.Clock;
import javax.sql.DataSource;

/** The follower-pruning contract on H2, with a log that keeps no consumed event. */
class JdbcFollowerPruningH2Test extends FollowerPruningContract {

    @Override
    protected DeskStore newStore(Clock clock) {
        DataSource db = TestDatabases.h2();
        JdbcSchema.migrate(db);
        return new JdbcDeskStore(db, clock, JdbcDeskStore.DEFAULT_CLAIM_RETENTION, 0);
    }

    @Override
    protected void dropThrough(DeskStore store, long position, SupportEvent filler) {
        ((JdbcDeskStore) store).jdbcEventLog().prune();
    }
}
