package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.FollowerPruningContract;
import java.time.Clock;
import org.junit.jupiter.api.extension.ExtendWith;

/** The follower-pruning contract on a fresh database of the embedded PostgreSQL per test, keeping no consumed event. */
@ExtendWith(TestDatabases.ClosePools.class)
class JdbcFollowerPruningPostgresTest extends FollowerPruningContract {

    @Override
    protected DeskStore newStore(Clock clock) {
        return new JdbcDeskStore(TestDatabases.migratedPostgres(), clock, JdbcDeskStore.DEFAULT_CLAIM_RETENTION, 0);
    }

    @Override
    protected void dropThrough(DeskStore store, long position, SupportEvent filler) {
        ((JdbcDeskStore) store).jdbcEventLog().prune();
    }
}
