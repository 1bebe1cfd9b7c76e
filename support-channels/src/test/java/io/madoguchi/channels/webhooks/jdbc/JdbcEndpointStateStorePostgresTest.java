package io.madoguchi.channels.webhooks.jdbc;

import io.madoguchi.channels.outbox.jdbc.JdbcOutboxStore;
import io.madoguchi.channels.webhooks.EndpointStateStore;
import io.madoguchi.channels.webhooks.EndpointStateStoreContract;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.store.jdbc.TestDatabases;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.ClosePools.class)
class JdbcEndpointStateStorePostgresTest extends EndpointStateStoreContract {

    @Override
    protected EndpointStateStore newStore() {
        DataSource ds = TestDatabases.migratedPostgres();
        JdbcOutboxStore.migrate(ds);
        JdbcEndpointStateStore store = new JdbcEndpointStateStore(ds);
        for (TenantId tenant : List.of(A, B)) {
            for (String id : store.disabled(tenant)) {
                store.enable(tenant, id); // the Postgres database may be shared between tests
            }
        }
        return store;
    }
}
