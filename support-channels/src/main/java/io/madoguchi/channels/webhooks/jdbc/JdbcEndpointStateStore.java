package io.madoguchi.channels.webhooks.jdbc;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.outbox.jdbc.JdbcOutboxStore;
import io.madoguchi.channels.webhooks.EndpointStateStore;
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
 * host, or another instance on the same database, keeps an endpoint disabled. A disable is an insert on the
 * endpoint's key: of two senders that see the same 410 at once only one is told it disabled it. Bounded by the
 * host's endpoints (at most one row each). Thread-safe; it holds no connection between calls.
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
    public boolean disable(String endpointId, Instant at) {
        requireNonNull(endpointId, "endpointId");
        requireNonNull(at, "at");
        try {
            return tx.inTransaction("disable a webhook endpoint", c -> {
                try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO madoguchi_webhook_endpoint_disabled (endpoint_id, disabled_at) VALUES (?, ?)")) {
                    ps.setString(1, endpointId);
                    ps.setObject(2, OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
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
    public boolean enable(String endpointId) {
        requireNonNull(endpointId, "endpointId");
        return tx.inTransaction("enable a webhook endpoint", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM madoguchi_webhook_endpoint_disabled WHERE endpoint_id = ?")) {
                ps.setString(1, endpointId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Set<String> disabled() {
        return ids("read disabled webhook endpoints", "", null);
    }

    @Override
    public boolean isDisabled(String endpointId) {
        requireNonNull(endpointId, "endpointId");
        return !ids("read a webhook endpoint's state", " WHERE endpoint_id = ?", endpointId).isEmpty();
    }

    private Set<String> ids(String what, String where, @Nullable String endpointId) {
        return tx.read(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT endpoint_id FROM madoguchi_webhook_endpoint_disabled" + where)) {
                if (endpointId != null) {
                    ps.setString(1, endpointId);
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
