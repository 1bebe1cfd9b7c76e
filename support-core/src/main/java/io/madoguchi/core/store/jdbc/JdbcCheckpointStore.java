package io.madoguchi.core.store.jdbc;

import static io.madoguchi.core.store.jdbc.JdbcEventLog.utc;
import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.store.CheckpointStore;
import io.madoguchi.core.store.ParkedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribers' checkpoints, parked events and delivery leases of a {@link JdbcDeskStore}, in the tables
 * {@code madoguchi_checkpoint} and {@code madoguchi_parked}. Checkpoints move by compare-and-set
 * ({@code UPDATE … WHERE position = expected}); a lease is the pair (owner, expiry) on the checkpoint's row, taken
 * with {@code UPDATE … WHERE the lease expired OR owner = me} on the store's clock. At most {@link #MAX_PARKED}
 * parked events are kept per subscriber, beside those being redelivered (the oldest are deleted, with a warning in
 * the log), and none for longer than the store's {@code maxParkedAge} ({@link #DEFAULT_MAX_PARKED_AGE} unless given to
 * {@link JdbcDeskStore}) after it was parked, measured on the store's clock: older ones are deleted, with a warning in
 * the log naming the subscriber, how many were deleted and their positions, when the subscriber parks another event
 * and by {@link JdbcEventLog#prune()} (which then prunes the claims this releases). An event deleted by either bound
 * is no longer parked, so the claims of its steps age as those of any finished event; it is never redelivered.
 *
 * <p>A redelivery claims the parked row first ({@link #claimRedelivery}: the pair {@code (redelivery_owner,
 * redelivery_until)} on the row, set with {@code UPDATE … WHERE nobody's claim lasts OR owner = me}), and both bounds
 * delete only rows without a claim that lasts ({@code redelivery_until IS NULL OR redelivery_until < now}). The claim
 * is on the database, not in a process, so it holds for every host instance on it: a prune or a park on another
 * instance passes over the row, and a second redelivery there is refused. Because the delete re-checks the row's
 * claim under the row's lock, a claim and a delete racing each other serialise: either the claim finds no row (the
 * event was dropped first: not parked) or the delete passes over the claimed row. An instance that dies while it
 * redelivers leaves a claim that expires, after which the bounds apply again. Thread-safe.
 */
public final class JdbcCheckpointStore implements CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcCheckpointStore.class);

    /** The most parked events kept per subscriber. */
    public static final int MAX_PARKED = 10_000;
    /** How long a parked event is kept by default (then deleted, with a warning, and never redelivered). */
    public static final Duration DEFAULT_MAX_PARKED_AGE = Duration.ofDays(30);

    /** True for a parked row no redelivery's claim protects at the instant bound to its parameter. */
    private static final String NOT_REDELIVERING = "(redelivery_until IS NULL OR redelivery_until < ?)";

    private final Transactions tx;
    private final SqlDialect dialect;
    private final Clock clock;
    private final Duration maxParkedAge;

    JdbcCheckpointStore(Transactions tx, SqlDialect dialect, Clock clock, Duration maxParkedAge) {
        this.tx = requireNonNull(tx, "tx");
        this.dialect = requireNonNull(dialect, "dialect");
        this.clock = requireNonNull(clock, "clock");
        this.maxParkedAge = requireNonNull(maxParkedAge, "maxParkedAge");
    }

    @Override
    public long checkpoint(String subscriber) {
        return tx.read("read a checkpoint", c -> Math.max(0, position(c, subscriber)));
    }

    private static long position(Connection c, String subscriber) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT position FROM madoguchi_checkpoint WHERE subscriber = ?")) {
            ps.setString(1, subscriber);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    @Override
    public void register(String subscriber) {
        requireNonNull(subscriber, "subscriber");
        tx.execute("register a subscriber", c -> {
            insertIfAbsent(c, subscriber);
        });
    }

    /** Inserts a checkpoint at 0 unless one exists (a concurrent insert by another instance is fine). */
    private static void insertIfAbsent(Connection c, String subscriber) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_checkpoint (subscriber, position) "
            + "SELECT ?, 0 WHERE NOT EXISTS (SELECT 1 FROM madoguchi_checkpoint WHERE subscriber = ?)")) {
            ps.setString(1, subscriber);
            ps.setString(2, subscriber);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!SqlErrors.isUniqueViolation(e)) {
                throw e;
            }
            // registered meanwhile by another instance; on PostgreSQL the transaction must be run again
            throw new java.sql.SQLTransactionRollbackException("checkpoint registered concurrently", "40001", e);
        }
    }

    @Override
    public boolean remove(String subscriber) {
        return tx.inTransaction("remove a subscriber", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM madoguchi_parked WHERE subscriber = ?")) {
                ps.setString(1, subscriber);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM madoguchi_checkpoint WHERE subscriber = ?")) {
                ps.setString(1, subscriber);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Map<String, Long> checkpoints() {
        return tx.read("read the checkpoints", c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(
                     "SELECT subscriber, position FROM madoguchi_checkpoint ORDER BY subscriber")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return Map.copyOf(out);
        });
    }

    @Override
    public void advance(String subscriber, long expected, long to) {
        if (to <= expected) {
            throw new IllegalArgumentException("a checkpoint only moves forward: " + expected + " -> " + to);
        }
        tx.execute("advance a checkpoint", c -> {
            advance(c, subscriber, expected, to);
        });
    }

    private static void advance(Connection c, String subscriber, long expected, long to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE madoguchi_checkpoint SET position = ? WHERE subscriber = ? AND position = ?")) {
            ps.setLong(1, to);
            ps.setString(2, subscriber);
            ps.setLong(3, expected);
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        long at = position(c, subscriber);
        if (at < 0 && expected == 0) {
            insertIfAbsent(c, subscriber);
            advance(c, subscriber, expected, to);
            return;
        }
        throw new ConflictException("checkpoint of " + subscriber + " is at " + Math.max(at, 0) + ", not " + expected);
    }

    @Override
    public void park(ParkedEvent event, long expected) {
        if (event.position() <= expected) {
            throw new IllegalArgumentException("a parked event lies after the checkpoint");
        }
        tx.execute("park an event", c -> {
            advance(c, event.subscriber(), expected, event.position());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_parked "
                + "(subscriber, position, type, error, attempts, parked_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, event.subscriber());
                ps.setLong(2, event.position());
                ps.setString(3, event.type());
                ps.setString(4, event.error());
                ps.setInt(5, event.attempts());
                ps.setObject(6, utc(event.parkedAt()));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM madoguchi_parked WHERE subscriber = ? "
                + "AND position < (SELECT MIN(position) FROM (SELECT position FROM madoguchi_parked "
                + "WHERE subscriber = ? ORDER BY position DESC LIMIT " + MAX_PARKED + ") newest) AND "
                + NOT_REDELIVERING)) {
                ps.setString(1, event.subscriber());
                ps.setString(2, event.subscriber());
                ps.setObject(3, utc(clock.instant()));
                int dropped = ps.executeUpdate();
                if (dropped > 0) {
                    LOG.warn("subscriber {} has more than {} parked events: the oldest {} dropped and will not be "
                        + "redelivered", event.subscriber(), MAX_PARKED, dropped);
                }
            }
            dropAged(c, event.subscriber());
        });
    }

    /**
     * Deletes the parked events older than the store's {@code maxParkedAge}, with a warning per subscriber that had
     * any (its name, how many, their first and last position); no longer parked, they are never redelivered and the
     * claims of their steps are no longer kept. A row a redelivery's claim protects is kept until the claim ends.
     *
     * @param c the connection of the caller's transaction
     * @param subscriber the subscriber whose events to look at, or null for every subscriber's
     * @return how many were deleted
     */
    int dropAged(Connection c, @Nullable String subscriber) throws SQLException {
        Instant now = clock.instant();
        Instant cutoff = maxParkedAge.compareTo(Duration.between(Instant.EPOCH, now)) >= 0 ? Instant.EPOCH
            : now.minus(maxParkedAge);
        String delete = "DELETE FROM madoguchi_parked WHERE parked_at < ? AND " + NOT_REDELIVERING
            + (subscriber == null ? "" : " AND subscriber = ?");
        String sql = dialect == SqlDialect.POSTGRESQL
            ? "WITH d AS (" + delete + " RETURNING subscriber, position) SELECT subscriber, COUNT(*), MIN(position), "
                + "MAX(position) FROM d GROUP BY subscriber ORDER BY subscriber"
            : "SELECT subscriber, COUNT(*), MIN(position), MAX(position) FROM OLD TABLE (" + delete + ") "
                + "GROUP BY subscriber ORDER BY subscriber";
        int dropped = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, utc(cutoff));
            ps.setObject(2, utc(now));
            if (subscriber != null) {
                ps.setString(3, subscriber);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int n = rs.getInt(2);
                    dropped += n;
                    LOG.warn("subscriber {} had {} parked events older than {}, at positions {} to {}: dropped and "
                        + "will not be redelivered", rs.getString(1), n, maxParkedAge, rs.getLong(3), rs.getLong(4));
                }
            }
        }
        return dropped;
    }

    @Override
    public List<ParkedEvent> parked(String subscriber) {
        return tx.read("read parked events", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT position, type, error, attempts, parked_at "
                + "FROM madoguchi_parked WHERE subscriber = ? ORDER BY position")) {
                ps.setString(1, subscriber);
                List<ParkedEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ParkedEvent(subscriber, rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getInt(4), rs.getObject(5, OffsetDateTime.class).toInstant()));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    @Override
    public boolean isParked(String subscriber, long position) {
        return tx.read("look up a parked event", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM madoguchi_parked WHERE subscriber = ? AND position = ?")) {
                ps.setString(1, subscriber);
                ps.setLong(2, position);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public boolean unpark(String subscriber, long position) {
        return tx.inTransaction("unpark an event", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM madoguchi_parked WHERE subscriber = ? AND position = ?")) {
                ps.setString(1, subscriber);
                ps.setLong(2, position);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean claimRedelivery(String subscriber, long position, String owner, Duration ttl) {
        requireNonNull(subscriber, "subscriber");
        requireNonNull(owner, "owner");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a redelivery's claim lasts a positive time, was " + ttl);
        }
        return tx.inTransaction("claim a parked event for redelivery", c -> {
            dropAged(c, subscriber);
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_parked SET redelivery_owner = ?, "
                + "redelivery_until = ? WHERE subscriber = ? AND position = ? AND (redelivery_owner = ? OR "
                + NOT_REDELIVERING + ")")) {
                ps.setString(1, owner);
                ps.setObject(2, utc(now.plus(ttl)));
                ps.setString(3, subscriber);
                ps.setLong(4, position);
                ps.setString(5, owner);
                ps.setObject(6, utc(now));
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT redelivery_until FROM madoguchi_parked WHERE subscriber = ? AND position = ?")) {
                ps.setString(1, subscriber);
                ps.setLong(2, position);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    throw new ConflictException("the event at position " + position + " parked by subscriber "
                        + subscriber + " is being redelivered (claimed until "
                        + rs.getObject(1, OffsetDateTime.class).toInstant() + ")");
                }
            }
        });
    }

    @Override
    public boolean finishRedelivery(String subscriber, long position, String owner) {
        requireNonNull(owner, "owner");
        return tx.inTransaction("finish the redelivery of a parked event", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM madoguchi_parked WHERE subscriber = ? AND position = ? AND redelivery_owner = ?")) {
                ps.setString(1, subscriber);
                ps.setLong(2, position);
                ps.setString(3, owner);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void releaseRedelivery(String subscriber, long position, String owner) {
        requireNonNull(owner, "owner");
        tx.execute("release the redelivery of a parked event", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_parked SET redelivery_owner = NULL, "
                + "redelivery_until = NULL WHERE subscriber = ? AND position = ? AND redelivery_owner = ?")) {
                ps.setString(1, subscriber);
                ps.setLong(2, position);
                ps.setString(3, owner);
                ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean tryLease(String subscriber, String owner, Duration ttl) {
        requireNonNull(owner, "owner");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease lasts a positive time, was " + ttl);
        }
        Instant now = clock.instant();
        return tx.inTransaction("take a subscriber lease", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_checkpoint SET lease_owner = ?, "
                + "lease_until = ? WHERE subscriber = ? "
                + "AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)")) {
                ps.setString(1, owner);
                ps.setObject(2, utc(now.plus(ttl)));
                ps.setString(3, subscriber);
                ps.setString(4, owner);
                ps.setObject(5, utc(now));
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void releaseLease(String subscriber, String owner) {
        tx.execute("release a subscriber lease", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_checkpoint SET lease_owner = NULL, "
                + "lease_until = NULL WHERE subscriber = ? AND lease_owner = ?")) {
                ps.setString(1, subscriber);
                ps.setString(2, owner);
                ps.executeUpdate();
            }
        });
    }
}
