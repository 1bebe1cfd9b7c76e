package io.madoguchi.core.store.jdbc;

import static io.madoguchi.core.store.jdbc.JdbcValues.requiredInstant;
import static io.madoguchi.core.store.jdbc.JdbcValues.setInstant;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.feedback.action.ActionStatus;
import io.madoguchi.core.feedback.action.ImprovementAction;
import io.madoguchi.core.feedback.action.ImprovementActionStore;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * An {@link ImprovementActionStore} on PostgreSQL or H2 (schema version 2 of {@link JdbcSchema}): one row per action,
 * its themes and feedback ids as JSON arrays. {@link #replace} is a compare-and-set under a row lock. Not bounded,
 * as the in-memory store is not: only staff create actions. Thread-safe; it holds no connection between calls.
 */
public final class JdbcImprovementActionStore implements ImprovementActionStore {

    private static final String COLUMNS = "id, tenant, title, owner, due_date, status, themes_json, feedback_ids_json, "
        + "themes_since, created_at, updated_at";
    private static final TypeReference<Set<String>> STRINGS = new TypeReference<>() { };

    private final Transactions tx;

    /** @param dataSource the host's data source, on a database at schema version 2 or later */
    public JdbcImprovementActionStore(DataSource dataSource) {
        this.tx = new Transactions(requireNonNull(dataSource, "dataSource"));
    }

    @Override
    public void insert(ImprovementAction action) {
        requireNonNull(action, "action");
        tx.execute("insert an improvement action", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_improvement_action (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, action.id());
                ps.setString(2, action.tenant().value());
                setValues(ps, 3, action);
                if (!JdbcValues.insertUnlessTaken(c, ps)) {
                    throw new IllegalArgumentException("an action with this id is already stored");
                }
            }
        });
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
