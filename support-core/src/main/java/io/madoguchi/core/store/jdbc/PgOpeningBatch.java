package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.event.SupportEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A group of change sets that only open tickets (each new, with its first message and audit entry) and append
 * events, written on PostgreSQL as one JDBC batch sent with auto-commit on: the driver sends the batch's statements
 * one after another and a single Sync, and PostgreSQL runs everything before a Sync as one implicit transaction, so
 * the group commits or fails whole in one round trip (no {@code BEGIN} of its own, no {@code COMMIT} round trip).
 *
 * <p>Each statement of the batch opens one ticket (its row, message and audit entry, bound as plain values), and the
 * last one also moves the log head by the group's events and inserts them below it, from arrays ({@code unnest}).
 * So the log-head row lock is taken by the last statement and held only for the events and the commit: a second
 * group in flight inserts its tickets meanwhile. Only the events travel as arrays; the tickets' documents go one
 * statement each, so the messages stay small.
 *
 * <p>The group is written this way only while the driver cannot cut it: pgjdbc sends a Sync of its own in the middle
 * of a batch once it estimates 64,000 bytes of replies (about 250 statements), which would commit the first part on
 * its own. {@link #MAX_ENTRIES} stays well below that, and {@code JdbcGroupCommitTest} checks that a batch of that
 * many statements whose last one is refused leaves nothing written.
 *
 * <p>A batch the database refuses ({@link SqlErrors#isRefused}: an existing ticket, a value too long, a serialization
 * failure) is rolled back whole, and the caller writes the group again member by member, where the refusal is found
 * and reported to its member alone. After any other failure (a lost connection, a terminated backend) the outcome
 * is unknown; it is reported as such and never written again.
 */
final class PgOpeningBatch {

    /** The most statements (tickets opened) sent as one batch; larger groups take the transaction path. */
    static final int MAX_ENTRIES = 128;

    /**
     * One entry: a ticket with its message and audit entry (bound as {@link JdbcDeskStore#bindOpening} binds them),
     * and (in the last entry only) the log head moved by the group's events and the events inserted below it, from
     * arrays. Message and audit rows' foreign keys are checked at the end of the statement, when the ticket row is
     * there. Without a log-head row (a schema not applied) the events get no position and the statement fails whole
     * on the NOT NULL key, so no ticket is ever committed without its events.
     */
    static final String SQL = "WITH " + JdbcDeskStore.OPENING_PARTS + ", audit AS (" + JdbcDeskStore.INSERT_AUDIT
        + "), moved AS (UPDATE madoguchi_log_head SET position = position + ? WHERE id = 1 AND ? RETURNING position) "
        + "INSERT INTO madoguchi_event (position, tenant_id, type, schema_version, event_class, stream_key, "
        + "occurred_at, payload) SELECT (SELECT position FROM moved) - ? + e.ord, e.tenant_id, e.type, "
        + "e.schema_version, e.event_class, e.stream_key, e.occurred_at, e.payload FROM unnest(?::varchar[], "
        + "?::varchar[], ?::int4[], "
        + "?::varchar[], ?::varchar[], ?::timestamptz[], ?::text[]) WITH ORDINALITY "
        + "AS e(tenant_id, type, schema_version, event_class, stream_key, occurred_at, payload, ord) "
        + "RETURNING position";

    /** The same text PostgreSQL reads back as the instant, to the microsecond, whatever the session's time zone. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");
    private static final String[] NONE = new String[0];

    private PgOpeningBatch() {}

    /**
     * @param rows the tickets being written
     * @return whether they are all being opened (version 1, one new message each)
     */
    static boolean opensOnly(JdbcDeskStore.Row[] rows) {
        for (JdbcDeskStore.Row r : rows) {
            if (r.ticket().version() != 1 || r.messageDocs.length != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the tickets and events as one batch on a connection with auto-commit on.
     *
     * @param c the connection; auto-commit on
     * @param rows the tickets being opened, in id order (the order their rows are locked in); at least one
     * @param events the group's events in log order; at least one
     * @return the log's head after the events
     * @throws SQLException if the batch fails (nothing was written unless the connection failed)
     */
    static long write(Connection c, List<JdbcDeskStore.Row> rows, List<JdbcEventLog.EventRow> events)
        throws SQLException {
        int n = events.size();
        String[] tenant = new String[n];
        String[] type = new String[n];
        Integer[] schema = new Integer[n];
        String[] eventClass = new String[n];
        String[] stream = new String[n];
        String[] occurred = new String[n];
        String[] payload = new String[n];
        for (int k = 0; k < n; k++) {
            SupportEvent e = events.get(k).event();
            tenant[k] = e.tenantId().value();
            type[k] = e.type();
            schema[k] = e.schemaVersion();
            eventClass[k] = e.getClass().getName();
            stream[k] = e.streamKey();
            occurred[k] = timestamp(e.occurredAt());
            payload[k] = events.get(k).payload();
        }
        try (PreparedStatement ps = c.prepareStatement(SQL, new String[] {"position"})) {
            for (int r = 0; r < rows.size(); r++) {
                JdbcDeskStore.Row row = rows.get(r);
                boolean last = r == rows.size() - 1;
                int i = JdbcDeskStore.bindOpening(ps, row);
                ps.setInt(i++, last ? n : 0);
                ps.setBoolean(i++, last);
                ps.setInt(i++, last ? n : 0);
                i = array(c, ps, i, "varchar", last ? tenant : NONE);
                i = array(c, ps, i, "varchar", last ? type : NONE);
                i = array(c, ps, i, "int4", last ? schema : new Integer[0]);
                i = array(c, ps, i, "varchar", last ? eventClass : NONE);
                i = array(c, ps, i, "varchar", last ? stream : NONE);
                i = array(c, ps, i, "timestamptz", last ? occurred : NONE);
                array(c, ps, i, "text", last ? payload : NONE);
                ps.addBatch();
            }
            ps.executeBatch();
            long head = Long.MIN_VALUE;
            long lowest = Long.MAX_VALUE;
            int returned = 0;
            try (ResultSet rs = ps.getGeneratedKeys()) {
                while (rs.next()) {
                    returned++;
                    head = Math.max(head, rs.getLong(1));
                    lowest = Math.min(lowest, rs.getLong(1));
                }
            }
            if (returned != n || head - lowest != n - 1) {
                // committed: no SQL state, so it is reported as a failure with an unknown outcome
                throw new SQLException("the batch appended " + returned + " of " + n + " events");
            }
            return head;
        }
    }

    private static int array(Connection c, PreparedStatement ps, int i, String type, Object[] values)
        throws SQLException {
        ps.setArray(i, c.createArrayOf(type, values));
        return i + 1;
    }

    /** The instant rounded to the microsecond as the driver rounds a bound {@link OffsetDateTime}, as text. */
    static String timestamp(Instant instant) {
        Instant micros = instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
        return TIMESTAMP.format(OffsetDateTime.ofInstant(micros, ZoneOffset.UTC));
    }
}
