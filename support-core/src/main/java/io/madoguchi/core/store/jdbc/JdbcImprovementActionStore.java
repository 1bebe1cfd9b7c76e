package io.madoguchi.core.store.jdbc;

import static io.madoguchi.core.store.jdbc.JdbcValues.requiredInstant;
import static io.madoguchi.core.store.jdbc.JdbcValues.setInstant;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.feedback.action.ActionCreation;
import io.madoguchi.core.feedback.action.ActionStatus;
import io.madoguchi.core.feedback.action.ImprovementAction;
import io.madoguchi.core.feedback.action.ImprovementActionStore;
import io.madoguchi.core.feedback.action.InMemoryImprovementActionStore;
import io.madoguchi.core.feedback.action.NewImprovementAction;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ImprovementActionStore} on PostgreSQL or H2 (schema version 6 of {@link JdbcSchema}): one row per action,
 * its themes and feedback ids as JSON arrays. {@link #replace} is a compare-and-set under a row lock. Actions are not
 * bounded, as in the in-memory store: only staff create them.
 *
 * <p>The idempotency keys actions are created under are rows of {@code madoguchi_improvement_action_key} (primary
 * key tenant and key, so two instances creating under one key make one action), written in the same transaction as
 * the action. Bounded as in {@link InMemoryImprovementActionStore}: each keyed insert deletes the keys past the
 * retention (of every tenant) and the writing tenant's oldest beyond {@code maxKeys}; look-ups leave out keys past the
 * retention that are not deleted yet. Thread-safe; it holds no connection between calls.
 */
public final class JdbcImprovementActionStore implements ImprovementActionStore {

    private static final String COLUMNS = "id, tenant, title, owner, due_date, status, themes_json, feedback_ids_json, "
        + "themes_since, created_at, updated_at";
    private static final String KEY_COLUMNS = "tenant, idem_key, action_id, title, owner, due_date, themes_json, "
        + "feedback_ids_json, themes_since, created_at";
    private static final TypeReference<Set<String>> STRINGS = new TypeReference<>() { };

    private final Transactions tx;
    private final int maxKeys;
    private final Duration keyRetention;

    /**
     * A store with the default bounds of its keys ({@link InMemoryImprovementActionStore#DEFAULT_MAX_KEYS} for each
     * tenant, {@link InMemoryImprovementActionStore#DEFAULT_KEY_RETENTION}).
     *
     * @param dataSource the host's data source, on a database at schema version 6 or later
     */
    public JdbcImprovementActionStore(DataSource dataSource) {
        this(dataSource, InMemoryImprovementActionStore.DEFAULT_MAX_KEYS,
            InMemoryImprovementActionStore.DEFAULT_KEY_RETENTION);
    }

    /**
     * @param dataSource the host's data source, on a database at schema version 6 or later
     * @param maxKeys idempotency keys kept for each tenant; positive
     * @param keyRetention how long an idempotency key is held; positive
     * @throws IllegalArgumentException if a bound is not positive
     */
    public JdbcImprovementActionStore(DataSource dataSource, int maxKeys, Duration keyRetention) {
        requireNonNull(keyRetention, "keyRetention");
        if (maxKeys <= 0 || keyRetention.isNegative() || keyRetention.isZero()) {
            throw new IllegalArgumentException("maxKeys and keyRetention must be positive, were " + maxKeys + " and "
                + keyRetention);
        }
        this.tx = new Transactions(requireNonNull(dataSource, "dataSource"));
        this.maxKeys = maxKeys;
        this.keyRetention = keyRetention;
    }

    @Override
    public void insert(ImprovementAction action) {
        requireNonNull(action, "action");
        tx.execute("insert an improvement action", c -> insertAction(c, action));
    }

    @Override
    public Optional<ActionCreation> insert(ImprovementAction action, String key, NewImprovementAction request) {
        requireNonNull(action, "action");
        requireNonNull(key, "key");
        requireNonNull(request, "request");
        Instant now = action.createdAt();
        Optional<ActionCreation> held = tx.inTransaction("insert an improvement action under a key", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM madoguchi_improvement_action_key WHERE created_at <= ?")) {
                setInstant(ps, 1, JdbcValues.clamp(now.minus(keyRetention)));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_improvement_action_key ("
                + KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, action.tenant().value());
                ps.setString(2, key);
                ps.setString(3, action.id());
                ps.setString(4, request.title());
                ps.setString(5, request.owner().value());
                ps.setDate(6, Date.valueOf(request.dueDate()));
                ps.setString(7, JdbcValues.json(new TreeSet<>(request.themes())));
                ps.setString(8, JdbcValues.json(new TreeSet<>(request.feedbackIds())));
                setInstant(ps, 9, request.themesSince());
                setInstant(ps, 10, now);
                if (!JdbcValues.insertUnlessTaken(c, ps)) {
                    // rolled back: the key's holder, committed by another create (past the retention or not)
                    return Optional.of(creation(c, action.tenant(), key, null).orElseThrow(() ->
                        new ConflictException("an improvement action key was taken and dropped at once; try again")));
                }
            }
            insertAction(c, action);
            JdbcValues.trimTenantToSize(c, "madoguchi_improvement_action_key", "idem_key", "seq",
                action.tenant().value(), maxKeys);
            return Optional.<ActionCreation>empty();
        });
        return held;
    }

    @Override
    public Optional<ActionCreation> creation(TenantId tenant, String key, Instant now) {
        requireNonNull(tenant, "tenant");
        requireNonNull(key, "key");
        requireNonNull(now, "now");
        return tx.read("read an improvement action key", c -> creation(c, tenant, key, now.minus(keyRetention)));
    }

    /** @param after the time a key must be created after to be held, or null for any */
    private static Optional<ActionCreation> creation(Connection c, TenantId tenant, String key,
                                                     @Nullable Instant after) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + KEY_COLUMNS
            + " FROM madoguchi_improvement_action_key WHERE tenant = ? AND idem_key = ?"
            + (after == null ? "" : " AND created_at > ?"))) {
            ps.setString(1, tenant.value());
            ps.setString(2, key);
            if (after != null) {
                setInstant(ps, 3, JdbcValues.clamp(after));
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                NewImprovementAction request = new NewImprovementAction(rs.getString("title"),
                    AgentId.of(rs.getString("owner")), rs.getDate("due_date").toLocalDate(),
                    JdbcValues.fromJson(rs.getString("themes_json"), STRINGS),
                    JdbcValues.fromJson(rs.getString("feedback_ids_json"), STRINGS),
                    requiredInstant(rs, "themes_since"));
                return Optional.of(new ActionCreation(tenant, key, request, rs.getString("action_id"),
                    requiredInstant(rs, "created_at")));
            }
        }
    }

    /** Inserts the action's row; refuses an id already stored (the transaction is then rolled back). */
    private static void insertAction(Connection c, ImprovementAction action) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_improvement_action (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, action.id());
            ps.setString(2, action.tenant().value());
            setValues(ps, 3, action);
            if (!JdbcValues.insertUnlessTaken(c, ps)) {
                throw new IllegalArgumentException("an action with this id is already stored");
            }
        }
    }

    /** Sets title to updated_at from {@code first}. */
    private static void setValues(PreparedStatement ps, int first, ImprovementAction a) throws SQLException {
        ps.setString(first, a.title());
        ps.setString(first + 1, a.owner().value());
        ps.setDate(first + 2, Date.valueOf(a.dueDate()));
        ps.setString(first + 3, a.status().name());
        ps.setString(first + 4, JdbcValues.json(new TreeSet<>(a.themes())));
        ps.setString(first + 5, JdbcValues.json(new TreeSet<>(a.feedbackIds())));
        setInstant(ps, first + 6, a.themesSince());
        setInstant(ps, first + 7, a.createdAt());
        setInstant(ps, first + 8, a.updatedAt());
    }

    @Override
    public Optional<ImprovementAction> get(String actionId) {
        requireNonNull(actionId, "actionId");
        return tx.read("read an improvement action", c -> get(c, actionId, false));
    }

    private static Optional<ImprovementAction> get(Connection c, String id, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
            + " FROM madoguchi_improvement_action WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, id);
            List<ImprovementAction> found = actions(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<ImprovementAction> actions(PreparedStatement ps) throws SQLException {
        List<ImprovementAction> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ImprovementAction(rs.getString("id"), TenantId.of(rs.getString("tenant")),
                    rs.getString("title"), AgentId.of(rs.getString("owner")), rs.getDate("due_date").toLocalDate(),
                    ActionStatus.valueOf(rs.getString("status")),
                    JdbcValues.fromJson(rs.getString("themes_json"), STRINGS),
                    JdbcValues.fromJson(rs.getString("feedback_ids_json"), STRINGS),
                    requiredInstant(rs, "themes_since"), requiredInstant(rs, "created_at"),
                    requiredInstant(rs, "updated_at")));
            }
        }
        return out;
    }

    @Override
    public boolean replace(ImprovementAction current, ImprovementAction next) {
        requireNonNull(current, "current");
        requireNonNull(next, "next");
        if (!current.id().equals(next.id())) {
            return false;
        }
        ImprovementAction expected = new ImprovementAction(current.id(), current.tenant(), current.title(),
            current.owner(), current.dueDate(), current.status(), current.themes(), current.feedbackIds(),
            current.themesSince().truncatedTo(ChronoUnit.MICROS), current.createdAt().truncatedTo(ChronoUnit.MICROS),
            current.updatedAt().truncatedTo(ChronoUnit.MICROS));
        return tx.inTransaction("replace an improvement action", c -> {
            Optional<ImprovementAction> stored = get(c, current.id(), true);
            if (stored.isEmpty() || !stored.get().equals(expected)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_improvement_action SET title = ?, "
                + "owner = ?, due_date = ?, status = ?, themes_json = ?, feedback_ids_json = ?, themes_since = ?, "
                + "created_at = ?, updated_at = ? WHERE id = ?")) {
                setValues(ps, 1, next);
                ps.setString(10, next.id());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<ImprovementAction> list(TenantId tenant) {
        requireNonNull(tenant, "tenant");
        return tx.read("list improvement actions", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM madoguchi_improvement_action "
                + "WHERE tenant = ? ORDER BY created_at, id")) {
                ps.setString(1, tenant.value());
                return actions(ps);
            }
        });
    }

    @Override
    public String toString() {
        return "JdbcImprovementActionStore";
    }
}
