package io.madoguchi.core.store.jdbc;

import static io.madoguchi.core.store.jdbc.JdbcValues.requiredInstant;
import static io.madoguchi.core.store.jdbc.JdbcValues.setInstant;
import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.sla.store.SlaDueRow;
import io.madoguchi.core.sla.store.SlaState;
import io.madoguchi.core.sla.store.SlaStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link SlaStore} on PostgreSQL or H2 (schema version 2 of {@link JdbcSchema}): each ticket's state is one row
 * (its value as JSON, its version and whether it is breached as columns), the due index is a table ordered by due
 * instant. A save replaces the state and the ticket's due rows in one transaction, under the version check, so
 * several engines (in one or many processes) on one database never lose an update. {@link #lease} hands due rows to
 * one engine at a time ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL, a conditional update on H2).
 *
 * <p>It grows with the tracked tickets, as the desk's store does; the engine's {@code forget} removes a ticket.
 * Thread-safe; it holds no connection between calls.
 */
public final class JdbcSlaStore implements SlaStore {

    private static final String DUE_COLUMNS = "tenant, ticket, metric, cycle, kind, at, due_at";
    private static final String DUE_ORDER = " ORDER BY at, tenant, ticket, metric_rank, cycle, kind_rank";

    private final Transactions tx;
    private final SqlDialect dialect;

    /**
     * @param dataSource the host's data source, on a database whose schema {@link JdbcSchema#migrate} brought to
     *     version 2 or later
     * @throws io.madoguchi.core.store.StoreException if the database cannot be reached or is not supported
     */
    public JdbcSlaStore(DataSource dataSource) {
        this.tx = new Transactions(requireNonNull(dataSource, "dataSource"));
        this.dialect = SqlDialect.of(dataSource);
    }

    @Override
    public Optional<SlaState> state(TenantId tenant, TicketId ticket) {
        requireNonNull(tenant, "tenant");
        requireNonNull(ticket, "ticket");
        return tx.read("read an SLA state", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT state_json FROM madoguchi_sla_state WHERE tenant = ? AND ticket = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, ticket.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(JdbcValues.fromJson(rs.getString(1), SlaState.class))
                        : Optional.empty();
                }
            }
        });
    }

    @Override
    public void save(SlaState state, long expectedVersion) {
        requireNonNull(state, "state");
        if (state.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("the new state's version must be " + (expectedVersion + 1) + ", was "
                + state.version());
        }
        String json = JdbcValues.json(state);
        tx.execute("save an SLA state", c -> {
            if (expectedVersion == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_sla_state "
                    + "(tenant, ticket, version, breached, state_json) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, state.tenant().value());
                    ps.setString(2, state.ticket().value());
                    ps.setLong(3, state.version());
                    ps.setBoolean(4, state.breached());
                    ps.setString(5, json);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (SqlErrors.isUniqueViolation(e)) {
                        throw new ConflictException("the SLA state of ticket " + state.ticket()
                            + " is already tracked, the change was based on version 0");
                    }
                    throw e;
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_sla_state SET version = ?, "
                    + "breached = ?, state_json = ? WHERE tenant = ? AND ticket = ? AND version = ?")) {
                    ps.setLong(1, state.version());
                    ps.setBoolean(2, state.breached());
                    ps.setString(3, json);
                    ps.setString(4, state.tenant().value());
                    ps.setString(5, state.ticket().value());
                    ps.setLong(6, expectedVersion);
                    if (ps.executeUpdate() != 1) {
                        throw new ConflictException("the SLA state of ticket " + state.ticket()
                            + " is not at version " + expectedVersion + ", the version the change was based on");
                    }
                }
            }
            deleteDue(c, state.tenant(), state.ticket());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_sla_due (tenant, ticket, metric, "
                + "cycle, kind, metric_rank, kind_rank, at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (SlaDueRow row : state.due()) {
                    ps.setString(1, row.tenant().value());
                    ps.setString(2, row.ticket().value());
                    ps.setString(3, row.metric().name());
                    ps.setInt(4, row.cycle());
                    ps.setString(5, row.kind().name());
                    ps.setInt(6, row.metric().ordinal());
                    ps.setInt(7, row.kind().ordinal());
                    setInstant(ps, 8, row.at());
                    setInstant(ps, 9, row.dueAt());
                    ps.addBatch();
                }
                if (!state.due().isEmpty()) {
                    ps.executeBatch();
                }
            }
        });
    }

    private static int deleteDue(Connection c, TenantId tenant, TicketId ticket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "DELETE FROM madoguchi_sla_due WHERE tenant = ? AND ticket = ?")) {
            ps.setString(1, tenant.value());
            ps.setString(2, ticket.value());
            return ps.executeUpdate();
        }
    }

    @Override
    public boolean remove(TenantId tenant, TicketId ticket) {
        requireNonNull(tenant, "tenant");
        requireNonNull(ticket, "ticket");
        return tx.inTransaction("remove an SLA state", c -> {
            deleteDue(c, tenant, ticket);
            try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM madoguchi_sla_state WHERE tenant = ? AND ticket = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, ticket.value());
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<SlaDueRow> due(Instant until, int max) {
        requireNonNull(until, "until");
        JdbcValues.requirePositive(max);
        return tx.read("read the SLA due index", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DUE_COLUMNS
                + " FROM madoguchi_sla_due WHERE at <= ?" + DUE_ORDER + " LIMIT ?")) {
                setInstant(ps, 1, JdbcValues.clamp(until));
                ps.setInt(2, max);
                return dueRows(ps);
            }
        });
    }

    @Override
    public List<SlaDueRow> lease(Instant until, int max, String owner, Instant now, Duration leaseFor) {
        requireNonNull(until, "until");
        requireNonNull(owner, "owner");
        requireNonNull(now, "now");
        JdbcValues.requirePositive(max);
        if (leaseFor.isNegative() || leaseFor.isZero()) {
            throw new IllegalArgumentException("leaseFor must be positive, was " + leaseFor);
        }
        Instant leasedUntil = now.plus(leaseFor);
        String free = " WHERE at <= ? AND (leased_until IS NULL OR leased_until <= ? OR leased_by = ?)";
        return tx.inTransaction("lease SLA due rows", c -> {
            List<SlaDueRow> candidates;
            String select = "SELECT " + DUE_COLUMNS + " FROM madoguchi_sla_due" + free + DUE_ORDER + " LIMIT ?"
                + (dialect == SqlDialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "");
            try (PreparedStatement ps = c.prepareStatement(select)) {
                setInstant(ps, 1, JdbcValues.clamp(until));
                setInstant(ps, 2, now);
                ps.setString(3, owner);
                ps.setInt(4, max);
                candidates = dueRows(ps);
            }
            // on PostgreSQL the rows are locked by this transaction already; on H2 the condition is checked again
            // by the update, so of two engines that read the same free row only one takes it
            List<SlaDueRow> leased = new ArrayList<>(candidates.size());
            try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_sla_due SET leased_by = ?, "
                + "leased_until = ? WHERE tenant = ? AND ticket = ? AND metric = ? AND cycle = ? AND kind = ? "
                + "AND at = ? AND (leased_until IS NULL OR leased_until <= ? OR leased_by = ?)")) {
                for (SlaDueRow row : candidates) {
                    ps.setString(1, owner);
                    setInstant(ps, 2, leasedUntil);
                    ps.setString(3, row.tenant().value());
                    ps.setString(4, row.ticket().value());
                    ps.setString(5, row.metric().name());
                    ps.setInt(6, row.cycle());
                    ps.setString(7, row.kind().name());
                    setInstant(ps, 8, row.at());
                    setInstant(ps, 9, now);
                    ps.setString(10, owner);
                    if (ps.executeUpdate() == 1) {
                        leased.add(row);
                    }
                }
            }
            return leased;
        });
    }

    private static List<SlaDueRow> dueRows(PreparedStatement ps) throws SQLException {
        List<SlaDueRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant at = requiredInstant(rs, "at");
                out.add(new SlaDueRow(TenantId.of(rs.getString("tenant")), TicketId.of(rs.getString("ticket")),
                    SlaMetric.valueOf(rs.getString("metric")), rs.getInt("cycle"),
                    SlaDueRow.Kind.valueOf(rs.getString("kind")), at, requiredInstant(rs, "due_at")));
            }
        }
        return out;
    }

    @Override
    public List<SlaState> states(@Nullable TenantId afterTenant, @Nullable TicketId afterTicket, int max) {
        JdbcValues.requirePositive(max);
        if ((afterTenant == null) != (afterTicket == null)) {
            throw new IllegalArgumentException("give both afterTenant and afterTicket, or neither");
        }
        return tx.read("page through SLA states", c -> {
            String where = afterTenant == null ? "" : " WHERE tenant > ? OR (tenant = ? AND ticket > ?)";
            try (PreparedStatement ps = c.prepareStatement("SELECT state_json FROM madoguchi_sla_state" + where
                + " ORDER BY tenant, ticket LIMIT ?")) {
                int i = 1;
                if (afterTenant != null) {
                    ps.setString(i++, afterTenant.value());
                    ps.setString(i++, afterTenant.value());
                    ps.setString(i++, afterTicket.value());
                }
                ps.setInt(i, max);
                return states(ps);
            }
        });
    }

    private static List<SlaState> states(PreparedStatement ps) throws SQLException {
        List<SlaState> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(JdbcValues.fromJson(rs.getString(1), SlaState.class));
            }
        }
        return out;
    }

    @Override
    public Optional<Instant> nextDue() {
        return tx.read("read the next SLA due instant", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(at) AS at FROM madoguchi_sla_due");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.ofNullable(JdbcValues.instant(rs, "at"));
            }
        });
    }

    @Override
    public List<SlaState> breached() {
        return tx.read("read breached SLA states", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT state_json FROM madoguchi_sla_state WHERE breached = TRUE")) {
                return states(ps);
            }
        });
    }

    @Override
    public long count() {
        return tx.read("count SLA states", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM madoguchi_sla_state");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public String toString() {
        return "JdbcSlaStore[" + dialect + "]";
    }
}
