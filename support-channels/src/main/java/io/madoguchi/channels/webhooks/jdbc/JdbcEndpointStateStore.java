package io.madoguchi.channels.webhooks.jdbc;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.outbox.jdbc.JdbcOutboxStore;
import io.madoguchi.channels.webhooks.EndpointStateStore;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.store.jdbc.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Disabled Standard Webhooks endpoints on PostgreSQL or H2, in the channels' schema (table
 * {@code madoguchi_webhook_endpoint_disabled}, applied by {@link JdbcOutboxStore#migrate(DataSource)}), so a restarted
 * host, or another instance on the same database, keeps an endpoint disabled. Rows are keyed by tenant and endpoint
 * id (schema version 3), and every statement names the tenant, so one tenant's calls never read or change another's
 * endpoints. A disable is an insert on the endpoint's key: of two senders that see the same 410 at once only one is
 * told it disabled it. Bounded by the host's endpoints (at most one row each). Thread-safe; it holds no connection
 * between calls.
 */
public final class JdbcEndpointStateStore implements EndpointStateStore {

    private final Transactions tx;

    /**
     * @param dataSource the host's data source, on a database where {@link JdbcOutboxStore#migrate} applied the
     *     channels' schema
     */
    public JdbcEndpointStateStore(DataSource dataSource) {
        this.tx = new Transactions(requireNonNull(dataSource, "dataSource"));
    }

    @Override
    public boolean disable(TenantId tenant, String endpointId, Instant at) {
        requireNonNull(tenant, "tenant");
        requireNonNull(endpointId, "endpointId");
        requireNonNull(at, "at");
        try {
            return tx.inTransaction("disable a webhook endpoint", c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_webhook_endpoint_disabled "
                    + "(tenant, endpoint_id, disabled_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, tenant.value());
                    ps.setString(2, endpointId);
                    ps.setObject(3, OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
                    ps.executeUpdate();
                }
                return true;
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return false; // disabled already, by this sender or another
            }
            throw e;
        }
    }

    @Override
    public boolean enable(TenantId tenant, String endpointId) {
        requireNonNull(tenant, "tenant");
        requireNonNull(endpointId, "endpointId");
        return tx.inTransaction("enable a webhook endpoint", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM madoguchi_webhook_endpoint_disabled WHERE tenant = ? AND endpoint_id = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, endpointId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Set<String> disabled(TenantId tenant) {
        requireNonNull(tenant, "tenant");
        return ids("read disabled webhook endpoints", tenant, null);
    }

    @Override
    public boolean isDisabled(TenantId tenant, String endpointId) {
        requireNonNull(tenant, "tenant");
        requireNonNull(endpointId, "endpointId");
        return !ids("read a webhook endpoint's state", tenant, endpointId).isEmpty();
    }

    private Set<String> ids(String what, TenantId tenant, @Nullable String endpointId) {
        return tx.read(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT endpoint_id FROM madoguchi_webhook_endpoint_disabled WHERE tenant = ?"
                    + (endpointId != null ? " AND endpoint_id = ?" : ""))) {
                ps.setString(1, tenant.value());
                if (endpointId != null) {
                    ps.setString(2, endpointId);
                }
                Set<String> out = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return Set.copyOf(out);
            }
        });
    }
}
