package io.madoguchi.channels.webhooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.channels.outbox.jdbc.JdbcOutboxStore;
import io.madoguchi.channels.webhooks.EndpointStateStore;
import io.madoguchi.channels.webhooks.EndpointStateStoreContract;
import io.madoguchi.core.store.jdbc.JdbcSchema;
import io.madoguchi.core.store.jdbc.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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
        new JdbcEndpointStateStore(ds).disable(A, "crm", T0);

        EndpointStateStore afterRestart = new JdbcEndpointStateStore(ds);

        assertThat(afterRestart.isDisabled(A, "crm")).isTrue();
        assertThat(afterRestart.isDisabled(B, "crm")).isFalse();
        assertThat(afterRestart.disable(A, "crm", T0.plusSeconds(1))).isFalse();
    }

    @Test
    void aVersion2DatabaseMovesToTenantKeyedStateAndDropsTheRowsThatNamedNoTenant() throws SQLException {
        DataSource ds = TestDatabases.h2();
        JdbcSchema.Scripts version2 = new JdbcSchema.Scripts(JdbcOutboxStore.SCHEMA.name(),
            JdbcOutboxStore.SCHEMA.root(), JdbcOutboxStore.SCHEMA.versionTable(),
            JdbcOutboxStore.SCHEMA.scripts().subList(0, 2));
        JdbcSchema.migrate(ds, version2);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO madoguchi_webhook_endpoint_disabled (endpoint_id, disabled_at) "
                + "VALUES ('crm', TIMESTAMP WITH TIME ZONE '2026-11-30 09:00:00+00')");
        }

        assertThat(JdbcOutboxStore.migrate(ds)).isEqualTo(2);

        assertThat(JdbcSchema.version(ds, JdbcOutboxStore.SCHEMA))
            .isEqualTo(JdbcOutboxStore.SCHEMA.scripts().size());
        EndpointStateStore store = new JdbcEndpointStateStore(ds);
        assertThat(List.of(A, B)).allSatisfy(t -> assertThat(store.isDisabled(t, "crm"))
            .as("a row of no tenant is no tenant's").isFalse());
        assertThat(store.disable(A, "crm", T0)).isTrue();
        assertThat(store.disable(B, "crm", T0)).isTrue();
        assertThat(store.enable(B, "crm")).isTrue();
        assertThat(store.isDisabled(A, "crm")).isTrue();
    }
}
