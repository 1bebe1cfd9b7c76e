package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.ParkedRedeliveryContract;
import java.time.Clock;

/** The parked-redelivery contract on H2. */
class JdbcParkedRedeliveryH2Test extends ParkedRedeliveryContract {

    @Override
    protected DeskStore newStore(Clock clock) {
        return JdbcDeskStore.migrating(TestDatabases.h2(), clock);
    }

    @Override
    protected void prune(DeskStore store) {
        ((JdbcDeskStore) store).jdbcEventLog().prune();
    }
}
