package io.madoguchi.channels.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.channels.outbox.jdbc.JdbcOutboxStore;
import io.madoguchi.channels.webhooks.EndpointStateStore;
import io.madoguchi.channels.webhooks.EndpointStateStoreContract;
import io.madoguchi.core.store.jdbc.TestDatabases;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class JdbcEndpointStateStoreH2Test extends EndpointStateStoreContract {

    @Override
    protected EndpointStateStore newStore() {
        DataSource ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        return new JdbcEndpointStateStore(ds);
    }

    @Test
    void aDisabledEndpointIsStillDisabledForANewStoreOnTheSameDatabase() {
        DataSource ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        new JdbcEndpointStateStore(ds).disable("crm", T0);

        EndpointStateStore afterRestart = new JdbcEndpointStateStore(ds);

        assertThat(afterRestart.isDisabled("crm")).isTrue();
        assertThat(afterRestart.disable("crm", T0.plusSeconds(1))).isFalse();
    }
}
