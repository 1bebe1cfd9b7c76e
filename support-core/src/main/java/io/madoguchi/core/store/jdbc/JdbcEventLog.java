package io.madoguchi.core.store.jdbc;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.DuplicateRequestException;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.internal.StepClaims;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log and idempotency claims of a {@link JdbcDeskStore}, in the tables {@code madoguchi_event} and
 * {@code madoguchi_claim}. Thread-safe; any number of instances (in any number of processes) may share one database.
 *
 * <p><b>Positions follow commit order.</b> A transaction that appends events first writes everything else, then
 * updates the single row of {@code madoguchi_log_head} (adding the number of its events) and inserts its events
 * with the positions just below the new head. The row lock on {@code madoguchi_log_head} is held until the
 * transaction ends, so appends are serialised: the next appender reads the head only after this one committed (or
 * rolled back). A reader that has seen position {@code p} therefore never later finds a new event below {@code p},
 * the gap a plain sequence would leave when a transaction that drew a smaller number commits after a larger one.
 * The same row lock works on PostgreSQL and H2; it costs one serialised step per commit with events, which is why
 * it is taken last, just before the commit. On PostgreSQL the head moves and the events are inserted in one batch
 * (the first statement moves the head, the others read it under the lock), so the lock is held for that batch and
 * the commit; on H2 the update and the inserts are two statements.
 *
 * <p><b>Claims</b> are a primary key {@code (tenant, scope, key)}, so a claim taken through another store instance
 * on the same database is a {@link DuplicateRequestException} carrying the first result. Claims are kept at least
 * {@code claimRetention}: an older claim no longer refuses and is replaced; {@link #prune()} deletes them. The
 * exceptions are the claims of the steps a subscriber committed for an event it has not finished: one beyond its
 * checkpoint (still retried, or handled before a crash kept the checkpoint back) or parked (a row of
 * {@code madoguchi_parked}). They keep refusing and are neither replaced nor pruned until the subscriber is past the
 * event, however late it is retried or redelivered, so a redelivery never repeats a committed step. They are bounded
 * by the events a subscriber has not passed and the parked ones ({@link JdbcCheckpointStore#MAX_PARKED} per
 * subscriber, none older than its {@code maxParkedAge}).
 *
 * <p><b>Bounded:</b> {@link #prune()} (run after every {@value #PRUNE_EVERY} positions, in its own transaction)
 * deletes parked events older than the checkpoint store's bound (but not one a running redelivery has claimed),
 * claims older than the retention (but not those of unfinished events) and events every subscriber has passed
 * beyond the newest {@code retainedEvents}; events a subscriber has not passed, or parked, are never deleted.
 */
public final class JdbcEventLog implements EventLog {

    /** How often, in positions, old claims and consumed events are pruned. */
    public static final int PRUNE_EVERY = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcEventLog.class);

    /** The subscriber's name in a step claim's scope, for a claim row aliased {@code c}. */
    private static final String STEP_SUBSCRIBER = "SUBSTRING(c.scope FROM " + (StepClaims.SCOPE_PREFIX.length() + 1)
        + ")";
    /**
     * True for a claim row, aliased {@code c}, that is a subscriber's step claim ({@link StepClaims}) for an event
     * the subscriber has not finished: beyond its checkpoint (being retried, or handled before a crash kept the
     * checkpoint back), or parked. Such a claim is kept past the retention until the subscriber is past the event.
     */
    private static final String OF_UNFINISHED_EVENT = "(c.scope LIKE '" + StepClaims.SCOPE_PREFIX + "%' AND (EXISTS "
        + "(SELECT 1 FROM madoguchi_parked p WHERE p.subscriber = " + STEP_SUBSCRIBER
        + " AND c.claim_key LIKE CAST(p.position AS VARCHAR(20)) || '/%') OR EXISTS "
        + "(SELECT 1 FROM madoguchi_checkpoint k WHERE k.subscriber = " + STEP_SUBSCRIBER
        + " AND CAST(SUBSTRING(c.claim_key FROM 1 FOR POSITION('/' IN c.claim_key) - 1) AS BIGINT) > k.position)))";
    /** An old claim is taken over only if its event is finished; the new claim binds the cutoff. */
    private static final String REPLACEABLE = "c.claimed_at < ? AND NOT " + OF_UNFINISHED_EVENT;
    /** The PostgreSQL insert of one claim, taking over an old one that is not of an unfinished event. */
    private static final String UPSERT_CLAIM = "INSERT INTO madoguchi_claim AS c "
        + "(tenant_id, scope, claim_key, result, claimed_at) VALUES (?, ?, ?, ?, ?) "
        + "ON CONFLICT (tenant_id, scope, claim_key) DO UPDATE SET result = EXCLUDED.result, "
        + "claimed_at = EXCLUDED.claimed_at WHERE " + REPLACEABLE;

    private final Transactions tx;
    private final SqlDialect dialect;
    private final Clock clock;
    private final Duration claimRetention;
    private final int retainedEvents;
    private final JdbcCheckpointStore checkpoints;

    JdbcEventLog(Transactions tx, SqlDialect dialect, Clock clock, Duration claimRetention, int retainedEvents,
                 JdbcCheckpointStore checkpoints) {
        this.tx = requireNonNull(tx, "tx");
        this.dialect = requireNonNull(dialect, "dialect");
        this.clock = requireNonNull(clock, "clock");
        this.claimRetention = requireNonNull(claimRetention, "claimRetention");
        this.retainedEvents = retainedEvents;
        this.checkpoints = requireNonNull(checkpoints, "checkpoints");
    }

    @Override
    public long append(List<? extends SupportEvent> events, Map<IdempotencyKey, String> claims) {
        long head = tx.inTransaction("append events to the log", c -> {
            insertClaims(c, claims);
            return appendEvents(c, events);
        });
        pruneIfDue(head, events.size());
        return head;
    }

    /**
     * Whether this log is on {@code dataSource}, so another store's transaction there can append to it.
     *
     * @param dataSource a data source
     * @return whether it is the one this log writes through
     */
    boolean writesThrough(DataSource dataSource) {
        return tx.dataSource() == dataSource;
    }

    /**
     * Appends events and claims inside another store's transaction on the same database (a unit of work across
     * stores, such as a survey answer with its events); the caller calls {@link #pruneIfDue} after committing.
     *
     * @return the position of the last event, or the head if there are none
     * @throws DuplicateRequestException if a claim is held
     */
    long appendWithin(Connection c, List<? extends SupportEvent> events, Map<IdempotencyKey, String> claims)
        throws SQLException {
        insertClaims(c, claims);
        return appendEvents(c, events);
    }

    /**
     * Inserts claims; the first statements of a change set, so a duplicate refuses it before anything is written.
     *
     * @throws DuplicateRequestException if a claim is held (and not expired)
     */
    void insertClaims(Connection c, Map<IdempotencyKey, String> claims) throws SQLException {
        if (claims.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        OffsetDateTime at = utc(now);
        OffsetDateTime cutoff = utc(now.minus(claimRetention));
        for (Map.Entry<IdempotencyKey, String> e : claims.entrySet()) {
            IdempotencyKey k = e.getKey();
            String result = requireNonNull(e.getValue(), "claim result");
            boolean taken;
            if (dialect == SqlDialect.POSTGRESQL) {
                try (PreparedStatement ps = c.prepareStatement(UPSERT_CLAIM)) {
                    bindKey(ps, k);
                    ps.setString(4, result);
                    ps.setObject(5, at);
                    ps.setObject(6, cutoff);
                    taken = ps.executeUpdate() == 1;
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_claim "
                    + "(tenant_id, scope, claim_key, result, claimed_at) VALUES (?, ?, ?, ?, ?)")) {
                    bindKey(ps, k);
                    ps.setString(4, result);
                    ps.setObject(5, at);
                    ps.executeUpdate();
                    taken = true;
                } catch (SQLException ex) {
                    if (!SqlErrors.isUniqueViolation(ex)) {
                        throw ex;
                    }
                    try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_claim c SET result = ?, "
                        + "claimed_at = ? WHERE c.tenant_id = ? AND c.scope = ? AND c.claim_key = ? AND "
                        + REPLACEABLE)) {
                        ps.setString(1, result);
                        ps.setObject(2, at);
                        ps.setString(3, k.tenantId().value());
                        ps.setString(4, k.scope());
                        ps.setString(5, k.key());
                        ps.setObject(6, cutoff);
                        taken = ps.executeUpdate() == 1;
                    }
                }
            }
            if (!taken) {
                Optional<String> existing = claimed(c, k, cutoff);
                if (existing.isEmpty()) {
                    // held by a transaction that has since rolled back: run the whole change set again
                    throw new SQLTransactionRollbackException("claim raced with a rolled-back transaction", "40001");
                }
                throw new DuplicateRequestException(k.scope(), existing.get());
            }
        }
    }

    /**
     * Inserts the claims of several change sets as one batch (PostgreSQL only).
     *
     * @return true if every claim was taken; false if one is held (or the driver did not say), after which the
     *     caller rolls back and inserts each change set's claims with {@link #insertClaims} to learn whose it is
     */
    boolean insertClaimsBatch(Connection c, List<Map<IdempotencyKey, String>> claimSets) throws SQLException {
        if (dialect != SqlDialect.POSTGRESQL) {
            throw new IllegalStateException("batched claims are written on PostgreSQL only");
        }
        Instant now = clock.instant();
        OffsetDateTime at = utc(now);
        OffsetDateTime cutoff = utc(now.minus(claimRetention));
        try (PreparedStatement ps = c.prepareStatement(UPSERT_CLAIM)) {
            for (Map<IdempotencyKey, String> claims : claimSets) {
                for (Map.Entry<IdempotencyKey, String> e : claims.entrySet()) {
                    bindKey(ps, e.getKey());
                    ps.setString(4, requireNonNull(e.getValue(), "claim result"));
                    ps.setObject(5, at);
                    ps.setObject(6, cutoff);
                    ps.addBatch();
                }
            }
            for (int count : ps.executeBatch()) {
                if (count != 1) {
                    return false;
                }
            }
            return true;
        }
    }

    private static void bindKey(PreparedStatement ps, IdempotencyKey k) throws SQLException {
        ps.setString(1, k.tenantId().value());
        ps.setString(2, k.scope());
        ps.setString(3, k.key());
    }

    /**
     * Appends events under the log-head row lock (held until the transaction ends); call it last in a transaction.
     *
     * @return the position of the last event, or the head if there are none
     */
    long appendEvents(Connection c, List<? extends SupportEvent> events) throws SQLException {
        return appendRows(c, rows(events));
    }

    /** An event with its JSON document, made before the transaction that appends it. */
    record EventRow(SupportEvent event, String payload) {}

    /** @return the events with their documents, in order */
    static List<EventRow> rows(List<? extends SupportEvent> events) {
        List<EventRow> rows = new ArrayList<>(events.size());
        for (SupportEvent e : events) {
            rows.add(new EventRow(e, RecordJson.write(e, e.getClass())));
        }
        return rows;
    }

    /**
     * Appends events whose documents are made, as {@link #appendEvents} does.
     *
     * @return the position of the last event, or the head if there are none
     */
    long appendRows(Connection c, List<EventRow> events) throws SQLException {
        if (events.isEmpty()) {
            return readHead(c);
        }
        return dialect == SqlDialect.POSTGRESQL ? appendInOneBatch(c, events) : appendAfterHead(c, events);
    }

    /**
     * The head and the events in one batch, so the log-head lock is held for that one round trip and the commit
     * (PostgreSQL): the first statement moves the head by the number of events and inserts the first event below
     * it; the others, run after it in the same transaction under the lock it took, read the moved head and insert
     * the rest in order. Each returns its position.
     */
    private long appendInOneBatch(Connection c, List<EventRow> events) throws SQLException {
        int n = events.size();
        long last = 0;
        try (PreparedStatement ps = c.prepareStatement(APPEND_SQL, new String[] {"position"})) {
            int k = 0;
            for (EventRow row : events) {
                k++;
                ps.setInt(1, n);
                ps.setBoolean(2, k == 1);
                ps.setInt(3, k - n);
                bindEvent(ps, 4, row);
                ps.addBatch();
            }
            ps.executeBatch();
            int returned = 0;
            try (ResultSet rs = ps.getGeneratedKeys()) {
                while (rs.next()) {
                    long position = rs.getLong(1);
                    if (++returned > 1 && position != last + 1) {
                        throw new SQLException("events were appended at positions out of order", "XX000");
                    }
                    last = position;
                }
            }
            if (returned != n) {
                throw new SQLException("madoguchi_log_head has no row (the schema was not applied), or the driver "
                    + "returned " + returned + " of " + n + " positions", "42000");
            }
        }
        return last;
    }

    /** Moves the head and inserts the events below it, in two statements (H2). */
    private long appendAfterHead(Connection c, List<EventRow> events) throws SQLException {
        long last;
        String sql = "SELECT position FROM FINAL TABLE (UPDATE madoguchi_log_head SET position = position + ? "
            + "WHERE id = 1)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, events.size());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("madoguchi_log_head has no row: the schema was not applied", "42000");
                }
                last = rs.getLong(1);
            }
        }
        long position = last - events.size();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_event (position, tenant_id, type, "
            + "schema_version, event_class, stream_key, occurred_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (EventRow row : events) {
                ps.setLong(1, ++position);
                bindEvent(ps, 2, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return last;
    }

    /**
     * One event of a batch on PostgreSQL: parameter 1 is the number of events, 2 whether this is the first (which
     * moves the head), 3 this event's place counted from the new head (1 - n for the first, 0 for the last); the
     * others read the head the first one moved, which this transaction has locked.
     */
    private static final String APPEND_SQL = "WITH moved AS (UPDATE madoguchi_log_head SET position = position + ? "
        + "WHERE id = 1 AND ? RETURNING position) "
        + "INSERT INTO madoguchi_event (position, tenant_id, type, schema_version, event_class, stream_key, "
        + "occurred_at, payload) SELECT h.position + ?, ?, ?, ?, ?, ?, ?, ? FROM (SELECT position FROM moved "
        + "UNION ALL SELECT position FROM madoguchi_log_head WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM moved)) h "
        + "RETURNING position";

    private static void bindEvent(PreparedStatement ps, int i, EventRow row) throws SQLException {
        SupportEvent e = row.event();
        ps.setString(i++, e.tenantId().value());
        ps.setString(i++, e.type());
        ps.setInt(i++, e.schemaVersion());
        ps.setString(i++, e.getClass().getName());
        ps.setString(i++, e.streamKey());
        ps.setObject(i++, utc(e.occurredAt()));
        ps.setString(i, row.payload());
    }

    /**
     * Prunes if the positions just appended passed a multiple of {@link #PRUNE_EVERY}. Called after the commit that
     * appended them: a prune that fails is logged and left to the next one, never reported to the caller, whose
     * change is committed.
     *
     * @return whether a prune ran and succeeded
     */
    boolean pruneIfDue(long head, int appended) {
        if (appended <= 0 || head % PRUNE_EVERY >= appended) {
            return false;
        }
        try {
            prune();
            return true;
        } catch (RuntimeException e) {
            // the message may quote the statement's values; the kind and SQL state are enough to find the cause
            LOG.warn("pruning the event log failed ({}{}); committed changes are unaffected and the next prune "
                + "tries again", e.getClass().getSimpleName(), e.getCause() instanceof SQLException sql
                    && sql.getSQLState() != null ? ", SQLState " + sql.getSQLState() : "");
            return false;
        }
    }

    /**
     * Deletes parked events older than the checkpoint store's bound ({@link JdbcCheckpointStore}, with a warning;
     * not one a running redelivery has claimed, which stays parked, with the claims of its steps), then claims
     * older than the retention (except those of the steps of an event its subscriber has not passed or has parked,
     * kept until it is finished), and events every registered subscriber has passed (and none has parked) except the
     * newest {@code retainedEvents} of them.
     *
     * @return how many rows were deleted
     */
    public int prune() {
        Instant cutoff = clock.instant().minus(claimRetention);
        return tx.inTransaction("prune the event log", c -> {
            int n = checkpoints.dropAged(c, null);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM madoguchi_claim c WHERE " + REPLACEABLE)) {
                ps.setObject(1, utc(cutoff));
                n += ps.executeUpdate();
            }
            long passed = readHead(c);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT MIN(position) FROM madoguchi_checkpoint")) {
                if (rs.next() && rs.getObject(1) != null) {
                    passed = Math.min(passed, rs.getLong(1));
                }
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT MIN(position) FROM madoguchi_parked")) {
                if (rs.next() && rs.getObject(1) != null) {
                    passed = Math.min(passed, rs.getLong(1) - 1);
                }
            }
            long below = passed - retainedEvents;
            if (below > 0) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM madoguchi_event WHERE position <= ?")) {
                    ps.setLong(1, below);
                    n += ps.executeUpdate();
                }
            }
            return n;
        });
    }

    @Override
    public List<EventEnvelope> read(long after, int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive, was " + max);
        }
        return tx.read("read the event log", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT position, event_class, payload FROM madoguchi_event "
                + "WHERE position > ? ORDER BY position LIMIT ?")) {
                ps.setLong(1, after);
                ps.setInt(2, max);
                List<EventEnvelope> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new EventEnvelope(rs.getLong(1),
                            RecordJson.readEvent(rs.getString(2), rs.getString(3))));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long head() {
        return tx.read("read the log head", JdbcEventLog::readHead);
    }

    private static long readHead(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT position FROM madoguchi_log_head WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public long oldest() {
        return tx.read("read the oldest event", c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT MIN(position) FROM madoguchi_event")) {
                if (rs.next() && rs.getObject(1) != null) {
                    return rs.getLong(1);
                }
            }
            return readHead(c) + 1;
        });
    }

    @Override
    public Optional<String> claimed(IdempotencyKey key) {
        OffsetDateTime cutoff = utc(clock.instant().minus(claimRetention));
        return tx.read("read a claim", c -> claimed(c, key, cutoff));
    }

    private static Optional<String> claimed(Connection c, IdempotencyKey k, OffsetDateTime cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT result FROM madoguchi_claim c "
            + "WHERE c.tenant_id = ? AND c.scope = ? AND c.claim_key = ? AND (c.claimed_at >= ? OR "
            + OF_UNFINISHED_EVENT + ")")) {
            bindKey(ps, k);
            ps.setObject(4, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
