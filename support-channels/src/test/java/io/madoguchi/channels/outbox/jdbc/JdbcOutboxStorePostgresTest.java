package io.madoguchi.channels.outbox.jdbc;

import io.madoguchi.channels.outbox.OutboxStore;
import io.madoguchi.channels.outbox.OutboxStoreContract;
import io.madoguchi.core.store.jdbc.TestDatabases;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.ClosePools.class)
class JdbcOutboxStorePostgresTest extends OutboxStoreContract {

    @Override
    protected OutboxStore inNamespace(OutboxStore of, String namespace) {
        return ((JdbcOutboxStore) of).withNamespace(namespace);
    }

    @Override
    protected OutboxStore newStore() {
        DataSource ds = TestDatabases.migratedPostgres();
        JdbcOutboxStore.migrate(ds);
        return new JdbcOutboxStore(ds);
    }

    @Override
    protected OutboxStore newStoreWithMaxRows(int maxRows) {
        DataSource ds = TestDatabases.migratedPostgres();
        JdbcOutboxStore.migrate(ds);
        return new JdbcOutboxStore(ds, maxRows, 10_000, Duration.ofDays(7));
    }

    @Override
    protected OutboxStore newStoreWithMaxLedger(int maxLedger) {
        DataSource ds = TestDatabases.migratedPostgres();
        JdbcOutboxStore.migrate(ds);
        return new JdbcOutboxStore(ds, 100_000, 10_000, Duration.ofDays(7), maxLedger, Duration.ofDays(90));
    }

    @Override
    protected OutboxStore newStore(int maxContexts) {
        DataSource ds = TestDatabases.migratedPostgres();
        JdbcOutboxStore.migrate(ds);
        return new JdbcOutboxStore(ds, maxContexts, Duration.ofDays(7));
    }

    @Test
    void concurrentKeepsOfOneTenantOnTwoInstancesAllSucceedAndLaterUsesOrderThem() throws Exception {
        ContextTrims.concurrentKeepsOfOneTenantOnTwoInstancesAllSucceedAndLaterUsesOrderThem(
            TestDatabases.migratedPostgres());
    }

    @Test
    void aFullTenantIsTrimmedInBatchesNeverPastItsBound() throws Exception {
        ContextTrims.aFullTenantIsTrimmedInBatchesNeverPastItsBound(TestDatabases.migratedPostgres());
    }
}
