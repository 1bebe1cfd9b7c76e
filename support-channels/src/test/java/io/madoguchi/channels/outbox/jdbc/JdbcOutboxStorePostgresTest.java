package io.madoguchi.channels.outbox.jdbc;

import io.madoguchi.channels.outbox.OutboxStore;
import io.madoguchi.channels.outbox.OutboxStoreContract;
import io.madoguchi.core.store.jdbc.TestDatabases;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.ClosePools.class)
class JdbcOutboxStorePostgresTest extends OutboxStoreContract {

    @Override
    protected OutboxStore newStore() {
        DataSource ds = TestDatabases.migratedPostgres();
        JdbcOutboxStore.migrate(ds);
        return new JdbcOutboxStore(ds);
    }
}
