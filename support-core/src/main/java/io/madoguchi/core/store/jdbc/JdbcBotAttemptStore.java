package io.madoguchi.core.store.jdbc;

import static io.madoguchi.core.store.jdbc.JdbcValues.requiredInstant;
import static io.madoguchi.core.store.jdbc.JdbcValues.setInstant;
import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.bot.BotAttempt;
import io.madoguchi.core.bot.BotAttemptStore;
import io.madoguchi.core.bot.BotRouting;
import io.madoguchi.core.bot.InMemoryBotAttemptStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BotAttemptStore} on PostgreSQL or H2 (schema version 2 of {@link JdbcSchema}): one row per answer waiting
 * for the customer's verdict and one per scheduled hand-over, keyed by tenant and ticket. {@link #remove} deletes and
 * returns the row in one transaction under a row lock, so of two host instances taking the same verdict only one
 * gets the attempt.
 *
 * <p>Bounded as {@link InMemoryBotAttemptStore} is: attempts answered longer than {@code maxAge} ago and routings due
 * longer than {@code maxAge} ago are left out of every read and deleted on each save. {@code maxEntries} bounds each
 * tenant's attempts and each tenant's routings: beyond it a save deletes that tenant's attempts answered first, or its
 * routings scheduled first, so one tenant's volume never pushes out another's. {@link #purge()} does the deleting, for
 * every tenant, on demand.
 * Attempts hold the customer's question: protect the database accordingly. Thread-safe; it holds no connection
 * between calls.
 */
public final class JdbcBotAttemptStore implements BotAttemptStore {

    private static final String ATTEMPT_COLUMNS = "tenant, ticket, query, locale, faq_id, question, confidence, "
        + "answered_at, verdict_due_at";

    /** A table bounded in size for each tenant: the column naming a row within its tenant, the oldest-first order. */
    private record Bounded(String table, String key, String order) {
    }

    private static final Bounded ATTEMPTS = new Bounded("madoguchi_bot_attempt", "ticket", "answered_at, ticket");
    private static final Bounded ROUTINGS = new Bounded("madoguchi_bot_routing", "seq", "seq");

    private final Transactions tx;
    private final Clock clock;
    private final int maxEntries;
    private final Duration maxAge;

    /**
     * A store with the default bounds of {@link InMemoryBotAttemptStore}.
     *
     * @param dataSource the host's data source, on a database at schema version 2 or later
     * @param clock the clock ages are measured on
     */
    public JdbcBotAttemptStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, InMemoryBotAttemptStore.DEFAULT_MAX_ENTRIES, InMemoryBotAttemptStore.DEFAULT_MAX_AGE);
    }

    /**
     * @param dataSource the host's data source, on a database at schema version 2 or later
     * @param clock the clock ages are measured on
     * @param maxEntries attempts kept, and routings kept, for each tenant; positive
     * @param maxAge how long an attempt (from its answer) or a routing (from its due time) is kept; positive
     * @throws ValidationException naming each bound that is not positive
     */
    public JdbcBotAttemptStore(DataSource dataSource, Clock clock, int maxEntries, Duration maxAge) {
        JdbcValues.checkBounds("maxEntries", maxEntries, maxAge);
        this.tx = new Transactions(requireNonNull(dataSource, "dataSource"));
        this.clock = requireNonNull(clock, "clock");
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
    }

    @Override
    public void save(BotAttempt attempt) {
        requireNonNull(attempt, "attempt");
        Instant horizon = horizon();
        tx.execute("save a bot attempt", c -> {
            deleteKey(c, "madoguchi_bot_attempt", attempt.tenant(), attempt.ticket());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_bot_attempt (" + ATTEMPT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, attempt.tenant().value());
                ps.setString(2, attempt.ticket().value());
                ps.setString(3, attempt.query());
                ps.setString(4, attempt.locale().toLanguageTag());
                ps.setString(5, attempt.faqId());
                ps.setString(6, attempt.question());
                ps.setDouble(7, attempt.confidence());
                setInstant(ps, 8, attempt.answeredAt());
                setInstant(ps, 9, attempt.verdictDueAt());
                ps.executeUpdate();
            }
            purgeAttempts(c, horizon);
            trimTenant(c, ATTEMPTS, attempt.tenant());
        });
    }

    private static boolean deleteKey(Connection c, String table, TenantId tenant, TicketId ticket)
        throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE tenant = ? AND ticket = ?")) {
            ps.setString(1, tenant.value());
            ps.setString(2, ticket.value());
            return ps.executeUpdate() > 0;
        }
    }

    /** Deletes the attempts, of every tenant, answered before the horizon. */
    private static int purgeAttempts(Connection c, Instant horizon) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM madoguchi_bot_attempt WHERE answered_at < ?")) {
            setInstant(ps, 1, horizon);
            return ps.executeUpdate();
        }
    }

    /** Deletes the routings, of every tenant, due before the horizon. */
    private static int purgeRoutings(Connection c, Instant horizon) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM madoguchi_bot_routing WHERE at < ?")) {
            setInstant(ps, 1, horizon);
            return ps.executeUpdate();
        }
    }

    /** Deletes one tenant's oldest rows beyond the size bound: attempts answered first, routings recorded first. */
    private int trimTenant(Connection c, Bounded b, TenantId tenant) throws SQLException {
        return JdbcValues.trimTenantToSize(c, b.table(), b.key(), b.order(), tenant.value(), maxEntries);
    }

    private int trimEachTenant(Connection c, Bounded b) throws SQLException {
        return JdbcValues.trimEachTenantToSize(c, b.table(), b.key(), b.order(), maxEntries);
    }

    /**
     * Deletes the attempts and routings the bounds no longer allow; saves do this too.
     *
     * @return how many rows were deleted
     * @throws io.madoguchi.core.store.StoreException if the database failed
     */
    public int purge() {
        Instant horizon = horizon();
        return tx.inTransaction("purge bot attempts", c -> purgeAttempts(c, horizon) + purgeRoutings(c, horizon)
            + trimEachTenant(c, ATTEMPTS) + trimEachTenant(c, ROUTINGS));
    }

    private Instant horizon() {
        return clock.instant().minus(maxAge);
    }

    @Override
    public Optional<BotAttempt> find(TenantId tenant, TicketId ticket) {
        requireNonNull(tenant, "tenant");
        requireNonNull(ticket, "ticket");
        Instant horizon = horizon();
        return tx.read("read a bot attempt", c -> find(c, tenant, ticket, horizon, false));
    }

    private static Optional<BotAttempt> find(Connection c, TenantId tenant, TicketId ticket, Instant horizon,
                                             boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ATTEMPT_COLUMNS + " FROM madoguchi_bot_attempt "
            + "WHERE tenant = ? AND ticket = ? AND answered_at >= ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, tenant.value());
            ps.setString(2, ticket.value());
            setInstant(ps, 3, horizon);
            List<BotAttempt> found = attempts(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<BotAttempt> attempts(PreparedStatement ps) throws SQLException {
        List<BotAttempt> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new BotAttempt(TenantId.of(rs.getString("tenant")), TicketId.of(rs.getString("ticket")),
                    rs.getString("query"), Locale.forLanguageTag(rs.getString("locale")), rs.getString("faq_id"),
                    rs.getString("question"), rs.getDouble("confidence"), requiredInstant(rs, "answered_at"),
                    requiredInstant(rs, "verdict_due_at")));
            }
        }
        return out;
    }

    @Override
    public Optional<BotAttempt> remove(TenantId tenant, TicketId ticket) {
        requireNonNull(tenant, "tenant");
        requireNonNull(ticket, "ticket");
        Instant horizon = horizon();
        return tx.inTransaction("remove a bot attempt", c -> {
            Optional<BotAttempt> found = find(c, tenant, ticket, horizon, true);
            if (found.isPresent() && !deleteKey(c, "madoguchi_bot_attempt", tenant, ticket)) {
                return Optional.empty();
            }
            return found;
        });
    }

    @Override
    public List<BotAttempt> verdictDue(Instant now, int max) {
        requireNonNull(now, "now");
        positive(max);
        Instant horizon = horizon();
        return tx.read("read bot attempts due", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ATTEMPT_COLUMNS + " FROM madoguchi_bot_attempt "
                + "WHERE verdict_due_at <= ? AND answered_at >= ? ORDER BY verdict_due_at, tenant, ticket LIMIT ?")) {
                setInstant(ps, 1, JdbcValues.clamp(now));
                setInstant(ps, 2, horizon);
                ps.setInt(3, max);
                return attempts(ps);
            }
        });
    }

    @Override
    public void scheduleRouting(BotRouting routing) {
        requireNonNull(routing, "routing");
        Instant horizon = horizon();
        tx.execute("schedule a bot routing", c -> {
            deleteKey(c, "madoguchi_bot_routing", routing.tenant(), routing.ticket());
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO madoguchi_bot_routing (tenant, ticket, at) VALUES (?, ?, ?)")) {
                ps.setString(1, routing.tenant().value());
                ps.setString(2, routing.ticket().value());
                setInstant(ps, 3, routing.at());
                ps.executeUpdate();
            }
            purgeRoutings(c, horizon);
            trimTenant(c, ROUTINGS, routing.tenant());
        });
    }

    @Override
    public List<BotRouting> routingDue(Instant now, int max) {
        requireNonNull(now, "now");
        positive(max);
        Instant horizon = horizon();
        return tx.read("read bot routings due", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant, ticket, at FROM madoguchi_bot_routing "
                + "WHERE at <= ? AND at >= ? ORDER BY at, tenant, ticket LIMIT ?")) {
                setInstant(ps, 1, JdbcValues.clamp(now));
                setInstant(ps, 2, horizon);
                ps.setInt(3, max);
                List<BotRouting> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new BotRouting(TenantId.of(rs.getString("tenant")),
                            TicketId.of(rs.getString("ticket")), requiredInstant(rs, "at")));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public boolean removeRouting(TenantId tenant, TicketId ticket) {
        requireNonNull(tenant, "tenant");
        requireNonNull(ticket, "ticket");
        return tx.inTransaction("remove a bot routing", c -> deleteKey(c, "madoguchi_bot_routing", tenant, ticket));
    }

    @Override
    public Optional<Instant> nextDue() {
        Instant horizon = horizon();
        return tx.read("read the bot's next due instant", c -> {
            Instant a = first(c, "SELECT MIN(verdict_due_at) AS t FROM madoguchi_bot_attempt WHERE answered_at >= ?",
                horizon);
            Instant r = first(c, "SELECT MIN(at) AS t FROM madoguchi_bot_routing WHERE at >= ?", horizon);
            if (a == null || (r != null && r.isBefore(a))) {
                return Optional.ofNullable(r);
            }
            return Optional.of(a);
        });
    }

    private static @Nullable Instant first(Connection c, String sql, Instant horizon) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            setInstant(ps, 1, horizon);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return JdbcValues.instant(rs, "t");
            }
        }
    }

    @Override
    public long attemptCount() {
        Instant horizon = horizon();
        return tx.read("count bot attempts", c -> count(c,
            "SELECT COUNT(*) FROM madoguchi_bot_attempt WHERE answered_at >= ?", horizon));
    }

    @Override
    public long routingCount() {
        Instant horizon = horizon();
        return tx.read("count bot routings", c -> count(c,
            "SELECT COUNT(*) FROM madoguchi_bot_routing WHERE at >= ?", horizon));
    }

    private static long count(Connection c, String sql, Instant... instants) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < instants.length; i++) {
                setInstant(ps, i + 1, instants[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void positive(int max) {
        if (max < 1) {
            throw ValidationException.of("max", "must be positive, was " + max);
        }
    }

    @Override
    public String toString() {
        return "JdbcBotAttemptStore";
    }
}
