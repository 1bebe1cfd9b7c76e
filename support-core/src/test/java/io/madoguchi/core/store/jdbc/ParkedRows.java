package io.madoguchi.core.store.jdbc;

import static io.madoguchi.core.store.jdbc.JdbcEventLog.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Parks many events at once, in two statements, where a {@code park} per event would take minutes: for the tests of
 * the size bound of parked events.
 */
final class ParkedRows {

    /** The data source of each store a test made, to reach its database. */
    private final Map<JdbcDeskStore, DataSource> databases = new IdentityHashMap<>();
    private final SqlDialect dialect;

    ParkedRows(SqlDialect dialect) {
        this.dialect = dialect;
    }

    JdbcDeskStore remember(JdbcDeskStore store, DataSource database) {
        databases.put(store, database);
        return store;
    }

    /**
     * Parks the events at positions 1 to {@code count} for a subscriber at checkpoint 0 and moves its checkpoint
     * onto the last, as that many parks would.
     */
    void parkMany(JdbcDeskStore store, String subscriber, int count, Instant at) {
        String range = dialect == SqlDialect.POSTGRESQL ? "generate_series(1, ?) AS r(x)" : "SYSTEM_RANGE(1, ?) r";
        try (Connection c = databases.get(store).getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_parked (subscriber, position, type, "
                + "error, attempts, parked_at) SELECT ?, r.x, 'desk.TicketCreated', 'IllegalStateException: x', 1, ? "
                + "FROM " + range)) {
                ps.setString(1, subscriber);
                ps.setObject(2, utc(at));
                ps.setInt(3, count);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                "UPDATE madoguchi_checkpoint SET position = ? WHERE subscriber = ? AND position = 0")) {
                ps.setLong(1, count);
                ps.setString(2, subscriber);
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException(subscriber + " is not registered at checkpoint 0");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
