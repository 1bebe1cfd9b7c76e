package io.madoguchi.core.store.jdbc;

import static io.madoguchi.core.store.jdbc.JdbcValues.requiredInstant;
import static io.madoguchi.core.store.jdbc.JdbcValues.setInstant;
import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.automation.AutomationStore;
import io.madoguchi.core.automation.InMemoryAutomationStore;
import io.madoguchi.core.automation.TrackedTicket;
import io.madoguchi.core.sla.SlaTicket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AutomationStore} on PostgreSQL or H2 (schema version 2 of {@link JdbcSchema}): one row per tracked ticket
 * (its facts as JSON) and one per time rule that fired on it, holding the period it fired for. {@link #markFired} and
 * {@link #save} lock the ticket's row, so of several host instances marking one rule for one period exactly one
 * succeeds. A save never takes back a period a rule was marked fired for: another instance may have marked it after
 * this one read the ticket, and the later period stays.
 *
 * <p>Bounded as {@link InMemoryAutomationStore} is: tickets not updated for {@code maxAge} are left out of every read
 * and deleted on each save, and beyond {@code maxTickets} the least recently updated are deleted; {@link #purge()}
 * does the deleting on demand. Thread-safe; it holds no connection between calls.
 */
public final class JdbcAutomationStore implements AutomationStore {

    private static final String COLUMNS = "t.tenant, t.ticket, t.facts_json, t.created_at, t.status_since, "
        + "t.updated_at";

    private final Transactions tx;
    private final SqlDialect dialect;
    private final Clock clock;
    private final int maxTickets;
    private final Duration maxAge;

    /**
     * A store with the default bounds of {@link InMemoryAutomationStore}.
     *
     * @param dataSource the host's data source, on a database at schema version 2 or later
     * @param clock the clock ages are measured on
     */
    public JdbcAutomationStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, InMemoryAutomationStore.DEFAULT_MAX_TICKETS, InMemoryAutomationStore.DEFAULT_MAX_AGE);
    }

    /**
     * @param dataSource the host's data source, on a database at schema version 2 or later
     * @param clock the clock ages are measured on
     * @param maxTickets tickets kept; positive
     * @param maxAge how long a ticket is kept after its last update; positive
     * @throws ValidationException naming each bound that is not positive
     */
    public JdbcAutomationStore(DataSource dataSource, Clock clock, int maxTickets, Duration maxAge) {
        JdbcValues.checkBounds("maxTickets", maxTickets, maxAge);
        this.tx = new Transactions(requireNonNull(dataSource, "dataSource"));
        this.clock = requireNonNull(clock, "clock");
        this.maxTickets = maxTickets;
        this.maxAge = maxAge;
        this.dialect = SqlDialect.of(dataSource);
    }

    private Instant horizon() {
        return clock.instant().minus(maxAge);
    }

    @Override
    public Optional<TrackedTicket> find(TenantId tenant, TicketId ticket) {
        requireNonNull(tenant, "tenant");
        requireNonNull(ticket, "ticket");
        Instant horizon = horizon();
        return tx.read("read a tracked ticket", c -> {
            try (PreparedStatement ps = c.prepareStatement(select("t.tenant = ? AND t.ticket = ?"))) {
                ps.setString(1, tenant.value());
                ps.setString(2, ticket.value());
                setInstant(ps, 3, horizon);
                List<TrackedTicket> found = tickets(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    /** Tickets (with their fired rules) matching a condition, then updated at or after a horizon. */
    private static String select(String where) {
        return "SELECT " + COLUMNS + ", f.rule, f.period_start FROM madoguchi_automation_ticket t "
            + "LEFT JOIN madoguchi_automation_fired f ON f.tenant = t.tenant AND f.ticket = t.ticket "
            + "WHERE " + where + " AND t.updated_at >= ? ORDER BY t.tenant, t.ticket";
    }

    private static List<TrackedTicket> tickets(PreparedStatement ps) throws SQLException {
        List<TrackedTicket> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            String tenant = null;
            String ticket = null;
            SlaTicket facts = null;
            Instant[] times = null;
            Map<String, Instant> fired = new HashMap<>();
            while (rs.next()) {
                if (!rs.getString("tenant").equals(tenant) || !rs.getString("ticket").equals(ticket)) {
                    if (facts != null && times != null) {
                        out.add(new TrackedTicket(facts, times[0], times[1], times[2], fired));
                    }
                    tenant = rs.getString("tenant");
                    ticket = rs.getString("ticket");
                    facts = JdbcValues.fromJson(rs.getString("facts_json"), SlaTicket.class);
                    times = new Instant[] {requiredInstant(rs, "created_at"), requiredInstant(rs, "status_since"),
                        requiredInstant(rs, "updated_at")};
                    fired = new HashMap<>();
                }
                String rule = rs.getString("rule");
                if (rule != null) {
                    fired.put(rule, requiredInstant(rs, "period_start"));
                }
            }
            if (facts != null && times != null) {
                out.add(new TrackedTicket(facts, times[0], times[1], times[2], fired));
            }
        }
        return out;
    }

    @Override
    public void save(TrackedTicket ticket) {
        requireNonNull(ticket, "ticket");
        String facts = JdbcValues.json(ticket.facts());
        Instant horizon = horizon();
        tx.execute("save a tracked ticket", c -> {
            String upsert = dialect == SqlDialect.POSTGRESQL
                ? "INSERT INTO madoguchi_automation_ticket (tenant, ticket, facts_json, created_at, status_since, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, ticket) DO UPDATE SET "
                    + "facts_json = EXCLUDED.facts_json, created_at = EXCLUDED.created_at, "
                    + "status_since = EXCLUDED.status_since, updated_at = EXCLUDED.updated_at"
                : "MERGE INTO madoguchi_automation_ticket (tenant, ticket, facts_json, created_at, status_since, "
                    + "updated_at) KEY (tenant, ticket) VALUES (?, ?, ?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
                ps.setString(1, ticket.tenant().value());
                ps.setString(2, ticket.ticket().value());
                ps.setString(3, facts);
                setInstant(ps, 4, ticket.createdAt());
                setInstant(ps, 5, ticket.statusSince());
                setInstant(ps, 6, ticket.updatedAt());
                ps.executeUpdate();
            }
            // the upsert holds the ticket's row lock until the commit, as markFired's lock does
            Map<String, Instant> stored = fired(c, ticket.tenant(), ticket.ticket());
            for (Map.Entry<String, Instant> e : ticket.fired().entrySet()) {
                Instant had = stored.get(e.getKey());
                if (had == null || had.isBefore(e.getValue())) {
                    writeFired(c, ticket.tenant(), ticket.ticket(), e.getKey(), e.getValue(), had != null);
                }
            }
            purge(c, horizon);
        });
    }

    private static Map<String, Instant> fired(Connection c, TenantId tenant, TicketId ticket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rule, period_start FROM madoguchi_automation_fired "
            + "WHERE tenant = ? AND ticket = ?")) {
            ps.setString(1, tenant.value());
            ps.setString(2, ticket.value());
            Map<String, Instant> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString("rule"), requiredInstant(rs, "period_start"));
                }
            }
            return out;
        }
    }

    private static void writeFired(Connection c, TenantId tenant, TicketId ticket, String rule, Instant start,
                                   boolean exists) throws SQLException {
        String sql = exists
            ? "UPDATE madoguchi_automation_fired SET period_start = ? WHERE tenant = ? AND ticket = ? AND rule = ?"
            : "INSERT INTO madoguchi_automation_fired (period_start, tenant, ticket, rule) VALUES (?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            setInstant(ps, 1, start);
            ps.setString(2, tenant.value());
            ps.setString(3, ticket.value());
            ps.setString(4, rule);
            ps.executeUpdate();
        }
    }

    @Override
    public boolean remove(TenantId tenant, TicketId ticket) {
        requireNonNull(tenant, "tenant");
        requireNonNull(ticket, "ticket");
        return tx.inTransaction("remove a tracked ticket", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM madoguchi_automation_ticket WHERE tenant = ? AND ticket = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, ticket.value());
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean markFired(TenantId tenant, TicketId ticket, String rule, Instant periodStart) {
        requireNonNull(tenant, "tenant");
        requireNonNull(ticket, "ticket");
        requireNonNull(rule, "rule");
        Instant start = requireNonNull(periodStart, "periodStart").truncatedTo(ChronoUnit.MICROS);
        Instant horizon = horizon();
        return tx.inTransaction("mark a time rule fired", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ticket FROM madoguchi_automation_ticket "
                + "WHERE tenant = ? AND ticket = ? AND updated_at >= ? FOR UPDATE")) {
                ps.setString(1, tenant.value());
                ps.setString(2, ticket.value());
                setInstant(ps, 3, horizon);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
            Instant had = fired(c, tenant, ticket).get(rule);
            if (start.equals(had)) {
                return false;
            }
            writeFired(c, tenant, ticket, rule, start, had != null);
            return true;
        });
    }

    @Override
    public List<TrackedTicket> page(@Nullable TrackedTicket after, int max) {
        if (max < 1) {
            throw ValidationException.of("max", "must be positive, was " + max);
        }
        Instant horizon = horizon();
        return tx.read("page through tracked tickets", c -> {
            String keys = "SELECT tenant, ticket FROM madoguchi_automation_ticket WHERE updated_at >= ?"
                + (after == null ? "" : " AND (tenant > ? OR (tenant = ? AND ticket > ?))")
                + " ORDER BY tenant, ticket LIMIT ?";
            String sql = "SELECT " + COLUMNS + ", f.rule, f.period_start FROM (" + keys + ") k "
                + "JOIN madoguchi_automation_ticket t ON t.tenant = k.tenant AND t.ticket = k.ticket "
                + "LEFT JOIN madoguchi_automation_fired f ON f.tenant = t.tenant AND f.ticket = t.ticket "
                + "ORDER BY t.tenant, t.ticket";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                setInstant(ps, i++, horizon);
                if (after != null) {
                    ps.setString(i++, after.tenant().value());
                    ps.setString(i++, after.tenant().value());
                    ps.setString(i++, after.ticket().value());
                }
                ps.setInt(i, max);
                return tickets(ps);
            }
        });
    }

    @Override
    public long count() {
        Instant horizon = horizon();
        return tx.read("count tracked tickets", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM madoguchi_automation_ticket WHERE updated_at >= ?")) {
                setInstant(ps, 1, horizon);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Deletes the tickets the bounds no longer allow (with their fired rules); saves do this too.
     *
     * @return how many tickets were deleted
     * @throws io.madoguchi.core.store.StoreException if the database failed
     */
    public int purge() {
        Instant horizon = horizon();
        return tx.inTransaction("purge tracked tickets", c -> purge(c, horizon));
    }

    private int purge(Connection c, Instant horizon) throws SQLException {
        int deleted;
        try (PreparedStatement ps = c.prepareStatement(
            "DELETE FROM madoguchi_automation_ticket WHERE updated_at < ?")) {
            setInstant(ps, 1, horizon);
            deleted = ps.executeUpdate();
        }
        long over;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM madoguchi_automation_ticket");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            over = rs.getLong(1) - maxTickets;
        }
        if (over > 0) {
            List<String[]> oldest = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant, ticket FROM madoguchi_automation_ticket "
                + "ORDER BY updated_at, tenant, ticket LIMIT ?")) {
                ps.setLong(1, over);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        oldest.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM madoguchi_automation_ticket WHERE tenant = ? AND ticket = ?")) {
                for (String[] key : oldest) {
                    ps.setString(1, key[0]);
                    ps.setString(2, key[1]);
                    deleted += ps.executeUpdate();
                }
            }
        }
        return deleted;
    }

    @Override
    public String toString() {
        return "JdbcAutomationStore[" + dialect + "]";
    }
}
