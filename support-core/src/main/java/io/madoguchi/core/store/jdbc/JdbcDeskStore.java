package io.madoguchi.core.store.jdbc;

import static io.madoguchi.core.store.jdbc.JdbcEventLog.utc;
import static java.util.Objects.requireNonNull;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.OrganizationId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.Group;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.Organization;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.store.ChangeSet;
import io.madoguchi.core.store.CheckpointStore;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.KeysetCursor;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.store.TextFolding;
import io.madoguchi.core.store.TicketWrite;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.CustomFieldDefinition;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.TicketType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DeskStore} on PostgreSQL or H2 through plain JDBC on the host's {@link DataSource} (the host brings the
 * pool and the driver). The schema is {@code V1__desk.sql} of {@link JdbcSchema}; {@link #migrating} applies it
 * first.
 *
 * <p>One change set is one transaction: claims first (a duplicate refuses the change set before anything is
 * written), then tickets in id order (an insert for version 1, otherwise {@code UPDATE … WHERE version = expected},
 * which refuses a stale write from any instance), their messages and audit entries, customers and their identities
 * (unique per tenant), and last the events under the log's row lock (see {@link JdbcEventLog}). Snapshots are stored
 * as JSON text beside the columns the desk filters and sorts on; text search compares
 * {@link TextFolding#fold folded} subjects and message bodies with {@code LIKE}. Instants keep microseconds
 * (the desk truncates to them). Thread-safe; any number of instances may share one database.
 *
 * <p><b>Group commit.</b> Commits with events serialise on the log's row lock, so concurrent commits of one store
 * instance queue, and the change sets that queued while a transaction was committing are committed together in the
 * next one (at most {@link #MAX_GROUP} of them). On PostgreSQL a group (or a change set alone) is one statement and
 * the commit: its claims, tickets, messages, audit entries and events go as arrays into one data-modifying
 * {@code WITH} that locks the tickets it updates in id order and the log head last; on H2 its rows go out as one
 * JDBC batch per table. Either way a group costs about as many round trips as one change set. The documents are
 * made by each caller before it queues, and on PostgreSQL {@link #GROUPS_IN_FLIGHT} groups may be in flight at once:
 * one sends its rows while the other holds the log-head lock and commits (as two instances' transactions would, with
 * the same locks and version checks). If any member is refused (a stale version, a held claim, an existing ticket),
 * the group is rolled back and written again with one savepoint per change set: a refused change set is rolled back
 * alone and only its caller gets the exception. A group with a member that changes customers is written that way
 * from the start. A failure of the shared transaction itself (a lost connection) is reported to every caller of the
 * group as it would be to one.
 *
 * <p><b>H2 in file mode</b> must stay open while the store is used (a connection pool, or
 * {@code ;DB_CLOSE_DELAY=-1} in the URL): H2 closing and reopening the file as connections come and go lost commits
 * in our tests.
 */
public final class JdbcDeskStore implements DeskStore {

    /** Default time an idempotency claim is kept (as the in-memory log). */
    public static final Duration DEFAULT_CLAIM_RETENTION = Duration.ofDays(7);
    /** Default number of consumed events kept for late readers. */
    public static final int DEFAULT_RETAINED_EVENTS = 10_000;
    /** The most change sets committed in one group transaction. */
    public static final int MAX_GROUP = 256;
    /**
     * How many groups of one store may be in flight at once on PostgreSQL: while one holds the log-head lock and
     * commits, the next sends its rows, so the server is not idle while a group's round trips travel. On H2, in the
     * host's process with no round trips to hide, one at a time.
     */
    public static final int GROUPS_IN_FLIGHT = 2;

    private static final char TAG_SEPARATOR = '\u001f';
    private static final List<String> UNSOLVED = Arrays.stream(TicketStatus.values())
        .filter(TicketStatus::isUnsolved).map(Enum::name).toList();

    private final Transactions tx;
    private final SqlDialect dialect;
    private final JdbcEventLog log;
    private final JdbcCheckpointStore checkpoints;
    /** The group-commit queue's monitor. */
    private final Object group = new Object();
    /** Change sets no leader has taken yet; guarded by {@link #group}. */
    private List<Pending> waiting = new ArrayList<>();
    /** How many threads are committing a group now; guarded by {@link #group}. */
    private int leaders;
    /** {@link #GROUPS_IN_FLIGHT} on PostgreSQL, 1 on H2. */
    private final int groupsInFlight;

    /**
     * A store on a database whose schema is already at {@link JdbcSchema#CURRENT_VERSION} (applied by
     * {@link JdbcSchema#migrate} or the host's migration tool).
     *
     * @param dataSource the host's data source
     * @param clock the clock claims and leases age on (the desk's clock)
     * @throws io.madoguchi.core.store.StoreException if the database cannot be reached or is not PostgreSQL or H2
     */
    public JdbcDeskStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, DEFAULT_CLAIM_RETENTION, DEFAULT_RETAINED_EVENTS);
    }

    /**
     * @param dataSource the host's data source
     * @param clock the clock claims and leases age on (the desk's clock)
     * @param claimRetention how long a claim is kept at least; positive
     * @param retainedEvents how many events every subscriber has passed are kept for late readers; not negative
     * @throws io.madoguchi.core.store.StoreException if the database cannot be reached or is not PostgreSQL or H2
     * @throws IllegalArgumentException if a bound is out of range
     */
    public JdbcDeskStore(DataSource dataSource, Clock clock, Duration claimRetention, int retainedEvents) {
        requireNonNull(dataSource, "dataSource");
        requireNonNull(clock, "clock");
        if (claimRetention.isNegative() || claimRetention.isZero() || retainedEvents < 0) {
            throw new IllegalArgumentException("claim retention must be positive and retained events not negative");
        }
        this.tx = new Transactions(dataSource);
        this.dialect = SqlDialect.of(dataSource);
        this.groupsInFlight = dialect == SqlDialect.POSTGRESQL ? GROUPS_IN_FLIGHT : 1;
        this.log = new JdbcEventLog(tx, dialect, clock, claimRetention, retainedEvents);
        this.checkpoints = new JdbcCheckpointStore(tx, clock);
    }

    /**
     * Applies the schema scripts the database lacks ({@link JdbcSchema#migrate}), then opens a store on it.
     *
     * @param dataSource the host's data source; its user must be allowed to create tables
     * @param clock the clock claims and leases age on
     * @return the store
     * @throws io.madoguchi.core.store.StoreException if the database fails or its schema is newer than this library
     */
    public static JdbcDeskStore migrating(DataSource dataSource, Clock clock) {
        JdbcSchema.migrate(dataSource);
        return new JdbcDeskStore(dataSource, clock);
    }

    /** @return how many groups may commit at once (the test holds that many at the pool) */
    int groupsInFlight() {
        return groupsInFlight;
    }

    /** @return the database this store runs on */
    public SqlDialect dialect() {
        return dialect;
    }

    @Override
    public EventLog eventLog() {
        return log;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    /** @return the event log, with its JDBC-only operations ({@link JdbcEventLog#prune()}) */
    public JdbcEventLog jdbcEventLog() {
        return log;
    }

    // ------------------------------------------------------------------ sequences

    @Override
    public long nextSequence(TenantId tenantId, String name) {
        String bump = "UPDATE madoguchi_sequence SET next_value = next_value + 1 WHERE tenant_id = ? AND name = ?";
        String sql = dialect == SqlDialect.POSTGRESQL ? bump + " RETURNING next_value"
            : "SELECT next_value FROM FINAL TABLE (" + bump + ")";
        return tx.inTransaction("draw a sequence number", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, tenantId.value());
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getLong(1);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO madoguchi_sequence (tenant_id, name, next_value) VALUES (?, ?, 1)")) {
                ps.setString(1, tenantId.value());
                ps.setString(2, name);
                ps.executeUpdate();
                return 1L;
            } catch (SQLException e) {
                if (SqlErrors.isUniqueViolation(e)) {
                    // another caller created the sequence first: draw again
                    throw new SQLTransactionRollbackException("sequence created concurrently", "40001", e);
                }
                throw e;
            }
        });
    }

    // ------------------------------------------------------------------ commit

    @Override
    public void commit(ChangeSet changes) {
        if (changes.isEmpty()) {
            return;
        }
        TicketWrite[] writes = changes.tickets().toArray(new TicketWrite[0]);
        Arrays.sort(writes, Comparator.comparing(w -> w.ticket().id()));
        for (int i = 1; i < writes.length; i++) {
            if (writes[i].ticket().id().equals(writes[i - 1].ticket().id())) {
                throw new IllegalArgumentException("two writes for ticket " + writes[i].ticket().id());
            }
        }
        Customer[] customers = changes.customers().toArray(new Customer[0]);
        Arrays.sort(customers, Comparator.comparing(c -> c.id().value()));
        // the JSON documents and folded texts are made here, on the caller's thread, so a group's leader only
        // binds and sends them and the group's transaction stays open no longer than its statements take
        Row[] rows = new Row[writes.length];
        for (int i = 0; i < writes.length; i++) {
            rows[i] = new Row(writes[i]);
        }
        Pending me = new Pending(changes, rows, customers, JdbcEventLog.rows(changes.events()));
        synchronized (group) {
            waiting.add(me);
        }
        while (true) {
            List<Pending> batch;
            synchronized (group) {
                // a change set another leader has taken waits for that leader; the others lead a group of their
                // own as soon as fewer than groupsInFlight are in flight
                while (!me.done && (me.taken || leaders >= groupsInFlight)) {
                    try {
                        group.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StoreException("interrupted while waiting to commit; the change set may still "
                            + "commit with its group", true, e);
                    }
                }
                if (me.done) {
                    break;
                }
                leaders++;
                if (waiting.size() <= MAX_GROUP) {
                    batch = waiting;
                    waiting = new ArrayList<>();
                } else {
                    List<Pending> first = waiting.subList(0, MAX_GROUP);
                    batch = new ArrayList<>(first);
                    first.clear();
                }
                for (Pending p : batch) {
                    p.taken = true;
                }
            }
            try {
                commitGroup(batch);
            } finally {
                synchronized (group) {
                    leaders--;
                    for (Pending p : batch) {
                        p.done = true;
                    }
                    group.notifyAll();
                }
            }
        }
        if (me.failure != null) {
            throw me.failure;
        }
    }

    /** A change set waiting to be committed, and what became of it. */
    private static final class Pending {
        final ChangeSet changes;
        final Row[] rows;
        final Customer[] customers;
        final List<JdbcEventLog.EventRow> events;
        /** Whether a leader has taken it into its group; guarded by {@link #group}. */
        boolean taken;
        /** Guarded by {@link #group}. */
        boolean done;
        @Nullable RuntimeException failure;

        Pending(ChangeSet changes, Row[] rows, Customer[] customers, List<JdbcEventLog.EventRow> events) {
            this.changes = changes;
            this.rows = rows;
            this.customers = customers;
            this.events = events;
        }
    }

    /** A ticket write with the documents and folded texts of its rows, made before the write queues. */
    private static final class Row {
        final TicketWrite write;
        final String doc;
        final String tags;
        final String subject;
        final String[] messageDocs;
        final String[] messageBodies;
        final String auditDoc;

        Row(TicketWrite w) {
            Ticket t = w.ticket();
            this.write = w;
            this.doc = RecordJson.write(t, Ticket.class);
            this.tags = tagsColumn(t.tags());
            this.subject = TextFolding.fold(t.subject());
            List<Message> messages = w.newMessages();
            this.messageDocs = new String[messages.size()];
            this.messageBodies = new String[messages.size()];
            for (int i = 0; i < messages.size(); i++) {
                messageDocs[i] = RecordJson.write(messages.get(i), Message.class);
                messageBodies[i] = TextFolding.fold(messages.get(i).body());
            }
            this.auditDoc = RecordJson.write(w.audit(), AuditEntry.class);
        }

        Ticket ticket() {
            return write.ticket();
        }
    }

    /**
     * Group commit: the change sets that queued while the previous group was committing go into one transaction,
     * each under its own savepoint, so one that is refused (a stale version, a held claim) is rolled back alone and
     * its caller gets its exception, while the others commit together with their events appended under one
     * log-head lock. A failure of the transaction itself (a lost connection) is every member's failure.
     */
    private void commitGroup(List<Pending> batch) {
        int events = 0;
        try {
            long head;
            int[] appended = new int[1];
            if (batch.size() == 1 && (dialect != SqlDialect.POSTGRESQL || !batchable(batch))) {
                Pending p = batch.get(0);
                head = tx.inTransaction("commit a change set", c -> {
                    log.insertClaims(c, p.changes.claims());
                    checkCustomerVersions(c, p.changes);
                    writeTickets(c, p.rows);
                    writeCustomers(c, p.customers);
                    return log.appendRows(c, p.events);
                });
                events = p.changes.events().size();
            } else {
                head = tx.inTransaction("commit " + batch.size() + " change set(s)", c -> {
                    for (Pending p : batch) {
                        p.failure = null;
                    }
                    if (batchable(batch)) {
                        List<JdbcEventLog.EventRow> all = eventsOf(batch);
                        try {
                            long written = writeTogether(c, batch, all);
                            if (written >= 0) {
                                appended[0] = all.size();
                                return written;
                            }
                        } catch (SQLException refused) {
                            // a lost connection, a deadlock or a serialization failure is the whole group's (run
                            // again or reported as transient); a refused member (a row that already exists) is
                            // found by the savepoint pass below and reported to that member alone
                            if (SqlErrors.isTransient(refused)) {
                                throw refused;
                            }
                        } catch (RuntimeException refused) {
                            // a refusal: the savepoint pass finds whose it is
                        }
                        c.rollback();
                    }
                    return memberByMember(c, batch, appended);
                });
                events = appended[0];
            }
            log.pruneIfDue(head, events);
        } catch (RuntimeException e) {
            for (Pending p : batch) {
                p.failure = e;
            }
        }
    }

    private static List<JdbcEventLog.EventRow> eventsOf(List<Pending> batch) {
        List<JdbcEventLog.EventRow> all = new ArrayList<>();
        for (Pending p : batch) {
            all.addAll(p.events);
        }
        return all;
    }

    /**
     * Writes the group member by member, each under its own savepoint: a refused member is rolled back alone and
     * keeps its exception, the others' events are appended together.
     *
     * @param appended receives how many events were appended
     * @return the log head after the append
     */
    private long memberByMember(Connection c, List<Pending> batch, int[] appended) throws SQLException {
        List<JdbcEventLog.EventRow> all = new ArrayList<>();
        for (Pending p : batch) {
            java.sql.Savepoint sp = c.setSavepoint();
            try {
                log.insertClaims(c, p.changes.claims());
                checkCustomerVersions(c, p.changes);
                writeTickets(c, p.rows);
                writeCustomers(c, p.customers);
                c.releaseSavepoint(sp);
                all.addAll(p.events);
            } catch (RuntimeException refused) {
                c.rollback(sp);
                p.failure = refused;
            }
        }
        appended[0] = all.size();
        return log.appendRows(c, all);
    }

    /** Whether the group may be written in one go: no member changes customers, and claims only on PostgreSQL. */
    private boolean batchable(List<Pending> batch) {
        for (Pending p : batch) {
            if (p.customers.length > 0 || !p.changes.customerVersions().isEmpty()
                || (!p.changes.claims().isEmpty() && dialect != SqlDialect.POSTGRESQL)) {
                return false;
            }
        }
        return true;
    }

    /** Every member's ticket rows, in id order across the group (as within a change set). */
    private static Row[] rowsOf(List<Pending> batch) {
        int n = 0;
        for (Pending p : batch) {
            n += p.rows.length;
        }
        Row[] rows = new Row[n];
        int i = 0;
        for (Pending p : batch) {
            System.arraycopy(p.rows, 0, rows, i, p.rows.length);
            i += p.rows.length;
        }
        // id order, so two groups (of this instance or another) lock rows in one order
        Arrays.sort(rows, Comparator.comparing(r -> r.ticket().id()));
        return rows;
    }

    /**
     * Writes every member of a group whose members change no customer: on PostgreSQL in one statement, on H2 (whose
     * members take no claims) as one batch per table, then the events.
     *
     * @return the log head after the group's events, or -1 if a member was refused without an exception
     * @throws ConflictException or another refusal if a member is refused
     */
    private long writeTogether(Connection c, List<Pending> batch, List<JdbcEventLog.EventRow> events)
        throws SQLException {
        if (dialect == SqlDialect.POSTGRESQL) {
            return writeInOneStatement(c, batch, events);
        }
        writeTickets(c, rowsOf(batch));
        return log.appendRows(c, events);
    }

    /** The ticket rows of a group as arrays, in the column order of {@link #bindTicketColumns}, then id and tenant. */
    private static final String GROUP_TICKETS = "t AS (SELECT * FROM unnest(?::bigint[], ?::text[], ?::smallint[], "
        + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[], "
        + "?::timestamptz[], ?::timestamptz[], ?::bigint[], ?::text[], ?::text[], ?::text[]) AS t(number, status, "
        + "priority, type, channel, requester, organization, assignee, group_id, complaint, tags_folded, "
        + "subject_folded, created_at, updated_at, version, doc, id, tenant_id))";
    /**
     * Claims (taken unless held and not expired), the tickets to update locked in id order, updated where the
     * expected version is there, new tickets, messages and audit entries: one statement, each part counting its rows.
     */
    private static final String GROUP_ROWS = "WITH " + GROUP_TICKETS + ", "
        + "cl AS (INSERT INTO madoguchi_claim (tenant_id, scope, claim_key, result, claimed_at) "
        + "SELECT u.tenant_id, u.scope, u.claim_key, u.result, ?::timestamptz "
        + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(tenant_id, scope, claim_key, result) "
        + "ON CONFLICT (tenant_id, scope, claim_key) DO UPDATE SET result = EXCLUDED.result, "
        + "claimed_at = EXCLUDED.claimed_at WHERE madoguchi_claim.claimed_at < ?::timestamptz RETURNING 1), "
        + "lk AS (SELECT m.id FROM madoguchi_ticket m WHERE m.id = ANY (?::text[]) ORDER BY m.id FOR UPDATE), "
        + "up AS (UPDATE madoguchi_ticket m SET number = t.number, status = t.status, priority = t.priority, "
        + "type = t.type, channel = t.channel, requester = t.requester, organization = t.organization, "
        + "assignee = t.assignee, group_id = t.group_id, complaint = t.complaint, tags_folded = t.tags_folded, "
        + "subject_folded = t.subject_folded, created_at = t.created_at, updated_at = t.updated_at, "
        + "version = t.version, doc = t.doc FROM t JOIN lk ON lk.id = t.id WHERE t.version > 1 AND m.id = t.id "
        + "AND m.version = t.version - 1 AND m.tenant_id = t.tenant_id RETURNING 1), "
        + "ins AS (INSERT INTO madoguchi_ticket (number, status, priority, type, channel, requester, organization, "
        + "assignee, group_id, complaint, tags_folded, subject_folded, created_at, updated_at, version, doc, id, "
        + "tenant_id) SELECT * FROM t WHERE t.version = 1 RETURNING 1), "
        + "ms AS (INSERT INTO madoguchi_message (ticket_id, seq, internal, body_folded, doc) "
        + "SELECT * FROM unnest(?::text[], ?::int[], ?::boolean[], ?::text[], ?::text[]) RETURNING 1), "
        + "au AS (INSERT INTO madoguchi_audit (ticket_id, version, doc) "
        + "SELECT * FROM unnest(?::text[], ?::bigint[], ?::text[]) RETURNING 1)";
    /** The counts, then the log head moved past the group's events (its row lock taken last) and the events. */
    private static final String GROUP_WITH_EVENTS = GROUP_ROWS + ", "
        + "hd AS (UPDATE madoguchi_log_head SET position = position + ? WHERE id = 1 RETURNING position), "
        + "ev AS (INSERT INTO madoguchi_event (position, tenant_id, type, schema_version, event_class, stream_key, "
        + "occurred_at, payload) SELECT hd.position - ? + e.n, e.tenant_id, e.type, e.schema_version, e.event_class, "
        + "e.stream_key, e.occurred_at, e.payload FROM hd, unnest(?::text[], ?::text[], ?::int[], ?::text[], "
        + "?::text[], ?::timestamptz[], ?::text[]) WITH ORDINALITY AS e(tenant_id, type, schema_version, "
        + "event_class, stream_key, occurred_at, payload, n) RETURNING position) "
        + "SELECT (SELECT count(*) FROM cl), (SELECT count(*) FROM up), (SELECT count(*) FROM ins), "
        + "(SELECT count(*) FROM ms), (SELECT count(*) FROM au), (SELECT count(*) FROM ev), "
        + "(SELECT position FROM hd)";
    /** As {@link #GROUP_WITH_EVENTS} for a group without events: the head is read, not moved. */
    private static final String GROUP_WITHOUT_EVENTS = GROUP_ROWS + " "
        + "SELECT (SELECT count(*) FROM cl), (SELECT count(*) FROM up), (SELECT count(*) FROM ins), "
        + "(SELECT count(*) FROM ms), (SELECT count(*) FROM au), 0, "
        + "(SELECT position FROM madoguchi_log_head WHERE id = 1)";

    /**
     * Writes a whole group on PostgreSQL in one statement (one round trip before the commit's): every member's
     * claims, tickets, messages and audit entries as arrays unnested into one data-modifying {@code WITH}, and the
     * log-head update with the events last in it, so the positions follow commit order as {@link JdbcEventLog}
     * describes. Every part returns its rows, so a held claim or a stale version shows as a count short of what the
     * group wrote; a ticket or message that already exists fails the statement.
     *
     * @return the log head after the group's events, or -1 if a claim is held or a version was not there (the caller
     *     rolls back and writes the group member by member to learn whose it is)
     * @throws SQLException if a row already exists or the database fails
     */
    private long writeInOneStatement(Connection c, List<Pending> batch, List<JdbcEventLog.EventRow> events)
        throws SQLException {
        Row[] rows = rowsOf(batch);
        int nRows = rows.length;
        Long[] number = new Long[nRows];
        String[] status = new String[nRows];
        Integer[] priority = new Integer[nRows];
        String[] type = new String[nRows];
        String[] channel = new String[nRows];
        String[] requester = new String[nRows];
        String[] organization = new String[nRows];
        String[] assignee = new String[nRows];
        String[] groupId = new String[nRows];
        Boolean[] complaint = new Boolean[nRows];
        String[] tags = new String[nRows];
        String[] subject = new String[nRows];
        String[] createdAt = new String[nRows];
        String[] updatedAt = new String[nRows];
        Long[] version = new Long[nRows];
        String[] doc = new String[nRows];
        String[] id = new String[nRows];
        String[] tenant = new String[nRows];
        List<String> updated = new ArrayList<>();
        int nMessages = 0;
        for (int i = 0; i < nRows; i++) {
            Row r = rows[i];
            Ticket t = r.ticket();
            number[i] = t.number();
            status[i] = t.status().name();
            priority[i] = t.priority().ordinal();
            type[i] = t.type().name();
            channel[i] = t.channel().name();
            requester[i] = t.requester().value();
            organization[i] = t.organization() == null ? null : t.organization().value();
            assignee[i] = t.assignee() == null ? null : t.assignee().value();
            groupId[i] = t.group() == null ? null : t.group().value();
            complaint[i] = t.complaint();
            tags[i] = r.tags;
            subject[i] = r.subject;
            createdAt[i] = t.createdAt().toString();
            updatedAt[i] = t.updatedAt().toString();
            version[i] = t.version();
            doc[i] = r.doc;
            id[i] = t.id().value();
            tenant[i] = t.tenantId().value();
            if (t.version() != 1) {
                updated.add(id[i]);
            }
            nMessages += r.messageDocs.length;
        }
        String[] messageTicket = new String[nMessages];
        Integer[] messageSeq = new Integer[nMessages];
        Boolean[] messageInternal = new Boolean[nMessages];
        String[] messageBody = new String[nMessages];
        String[] messageDoc = new String[nMessages];
        String[] auditTicket = new String[nRows];
        Long[] auditVersion = new Long[nRows];
        String[] auditDoc = new String[nRows];
        int m = 0;
        for (int i = 0; i < nRows; i++) {
            Row r = rows[i];
            List<Message> messages = r.write.newMessages();
            for (int k = 0; k < messages.size(); k++) {
                messageTicket[m] = id[i];
                messageSeq[m] = messages.get(k).seq();
                messageInternal[m] = messages.get(k).isInternal();
                messageBody[m] = r.messageBodies[k];
                messageDoc[m] = r.messageDocs[k];
                m++;
            }
            auditTicket[i] = id[i];
            auditVersion[i] = r.write.audit().version();
            auditDoc[i] = r.auditDoc;
        }
        List<String> claimTenant = new ArrayList<>();
        List<String> claimScope = new ArrayList<>();
        List<String> claimKey = new ArrayList<>();
        List<String> claimResult = new ArrayList<>();
        for (Pending p : batch) {
            for (Map.Entry<IdempotencyKey, String> e : p.changes.claims().entrySet()) {
                claimTenant.add(e.getKey().tenantId().value());
                claimScope.add(e.getKey().scope());
                claimKey.add(e.getKey().key());
                claimResult.add(requireNonNull(e.getValue(), "claim result"));
            }
        }
        int nEvents = events.size();
        try (PreparedStatement ps = c.prepareStatement(nEvents > 0 ? GROUP_WITH_EVENTS : GROUP_WITHOUT_EVENTS)) {
            int i = 1;
            ps.setArray(i++, c.createArrayOf("int8", number));
            ps.setArray(i++, c.createArrayOf("text", status));
            ps.setArray(i++, c.createArrayOf("int4", priority));
            ps.setArray(i++, c.createArrayOf("text", type));
            ps.setArray(i++, c.createArrayOf("text", channel));
            ps.setArray(i++, c.createArrayOf("text", requester));
            ps.setArray(i++, c.createArrayOf("text", organization));
            ps.setArray(i++, c.createArrayOf("text", assignee));
            ps.setArray(i++, c.createArrayOf("text", groupId));
            ps.setArray(i++, c.createArrayOf("bool", complaint));
            ps.setArray(i++, c.createArrayOf("text", tags));
            ps.setArray(i++, c.createArrayOf("text", subject));
            ps.setArray(i++, c.createArrayOf("text", createdAt));
            ps.setArray(i++, c.createArrayOf("text", updatedAt));
            ps.setArray(i++, c.createArrayOf("int8", version));
            ps.setArray(i++, c.createArrayOf("text", doc));
            ps.setArray(i++, c.createArrayOf("text", id));
            ps.setArray(i++, c.createArrayOf("text", tenant));
            Instant now = log.now();
            ps.setObject(i++, utc(now));
            ps.setArray(i++, c.createArrayOf("text", claimTenant.toArray()));
            ps.setArray(i++, c.createArrayOf("text", claimScope.toArray()));
            ps.setArray(i++, c.createArrayOf("text", claimKey.toArray()));
            ps.setArray(i++, c.createArrayOf("text", claimResult.toArray()));
            ps.setObject(i++, utc(log.claimCutoff(now)));
            ps.setArray(i++, c.createArrayOf("text", updated.toArray()));
            ps.setArray(i++, c.createArrayOf("text", messageTicket));
            ps.setArray(i++, c.createArrayOf("int4", messageSeq));
            ps.setArray(i++, c.createArrayOf("bool", messageInternal));
            ps.setArray(i++, c.createArrayOf("text", messageBody));
            ps.setArray(i++, c.createArrayOf("text", messageDoc));
            ps.setArray(i++, c.createArrayOf("text", auditTicket));
            ps.setArray(i++, c.createArrayOf("int8", auditVersion));
            ps.setArray(i++, c.createArrayOf("text", auditDoc));
            if (nEvents > 0) {
                String[] eventTenant = new String[nEvents];
                String[] eventType = new String[nEvents];
                Integer[] schemaVersion = new Integer[nEvents];
                String[] eventClass = new String[nEvents];
                String[] streamKey = new String[nEvents];
                String[] occurredAt = new String[nEvents];
                String[] payload = new String[nEvents];
                for (int k = 0; k < nEvents; k++) {
                    io.madoguchi.core.event.SupportEvent e = events.get(k).event();
                    eventTenant[k] = e.tenantId().value();
                    eventType[k] = e.type();
                    schemaVersion[k] = e.schemaVersion();
                    eventClass[k] = e.getClass().getName();
                    streamKey[k] = e.streamKey();
                    occurredAt[k] = e.occurredAt().toString();
                    payload[k] = events.get(k).payload();
                }
                ps.setInt(i++, nEvents);
                ps.setInt(i++, nEvents);
                ps.setArray(i++, c.createArrayOf("text", eventTenant));
                ps.setArray(i++, c.createArrayOf("text", eventType));
                ps.setArray(i++, c.createArrayOf("int4", schemaVersion));
                ps.setArray(i++, c.createArrayOf("text", eventClass));
                ps.setArray(i++, c.createArrayOf("text", streamKey));
                ps.setArray(i++, c.createArrayOf("text", occurredAt));
                ps.setArray(i, c.createArrayOf("text", payload));
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the group statement returned no row", "XX000");
                }
                boolean all = rs.getLong(1) == claimTenant.size() && rs.getLong(2) == updated.size()
                    && rs.getLong(3) == nRows - updated.size() && rs.getLong(4) == nMessages
                    && rs.getLong(5) == nRows && rs.getLong(6) == nEvents;
                if (rs.getObject(7) == null) {
                    throw new SQLException("madoguchi_log_head has no row: the schema was not applied", "42000");
                }
                return all ? rs.getLong(7) : -1;
            }
        }
    }

    /** Refuses the change set if a customer it was based on has changed since; locks them until the commit. */
    private static void checkCustomerVersions(Connection c, ChangeSet changes) throws SQLException {
        if (changes.customerVersions().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT version FROM madoguchi_customer WHERE id = ? FOR UPDATE")) {
            for (Map.Entry<CustomerId, Long> e : changes.customerVersions().entrySet()) {
                ps.setString(1, e.getKey().value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new NotFoundException("customer " + e.getKey() + " does not exist");
                    }
                    if (rs.getLong(1) != e.getValue()) {
                        throw new ConflictException("customer " + e.getKey() + " is at version " + rs.getLong(1)
                            + ", the change was based on version " + e.getValue());
                    }
                }
            }
        }
    }

    private static void writeTickets(Connection c, Row[] writes) throws SQLException {
        if (writes.length == 0) {
            return;
        }
        List<Row> updates = new ArrayList<>();
        List<Row> creates = new ArrayList<>();
        for (Row w : writes) {
            (w.ticket().version() == 1 ? creates : updates).add(w);
        }
        if (!updates.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_ticket SET number = ?, status = ?, "
                + "priority = ?, type = ?, channel = ?, requester = ?, organization = ?, assignee = ?, group_id = ?, "
                + "complaint = ?, tags_folded = ?, subject_folded = ?, created_at = ?, updated_at = ?, version = ?, "
                + "doc = ? WHERE id = ? AND version = ? AND tenant_id = ?")) {
                for (Row w : updates) {
                    Ticket t = w.ticket();
                    int i = bindTicketColumns(ps, 1, w);
                    ps.setString(i++, t.id().value());
                    ps.setLong(i++, t.version() - 1);
                    ps.setString(i, t.tenantId().value());
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int k = 0; k < counts.length; k++) {
                    // exactly one row, or the expected version was not there (SUCCESS_NO_INFO proves nothing)
                    if (counts[k] != 1) {
                        throw staleOrMissing(c, updates.get(k).ticket());
                    }
                }
            }
        }
        if (!creates.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_ticket (number, status, priority, "
                + "type, channel, requester, organization, assignee, group_id, complaint, tags_folded, subject_folded, "
                + "created_at, updated_at, version, doc, id, tenant_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Row w : creates) {
                    Ticket t = w.ticket();
                    int i = bindTicketColumns(ps, 1, w);
                    ps.setString(i++, t.id().value());
                    ps.setString(i, t.tenantId().value());
                    ps.addBatch();
                }
                executeBatch(ps, creates.size() == 1 ? "ticket " + creates.get(0).ticket().id() + " already exists"
                    : "one of the tickets " + creates.stream().map(w -> w.ticket().id().value()).toList()
                        + " already exists");
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO madoguchi_message (ticket_id, seq, internal, body_folded, doc) VALUES (?, ?, ?, ?, ?)")) {
            int n = 0;
            for (Row w : writes) {
                List<Message> messages = w.write.newMessages();
                for (int k = 0; k < messages.size(); k++) {
                    Message m = messages.get(k);
                    ps.setString(1, w.ticket().id().value());
                    ps.setInt(2, m.seq());
                    ps.setBoolean(3, m.isInternal());
                    ps.setString(4, w.messageBodies[k]);
                    ps.setString(5, w.messageDocs[k]);
                    ps.addBatch();
                    n++;
                }
            }
            if (n > 0) {
                executeBatch(ps, "a message of this ticket already has that number");
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO madoguchi_audit (ticket_id, version, doc) VALUES (?, ?, ?)")) {
            for (Row w : writes) {
                ps.setString(1, w.ticket().id().value());
                ps.setLong(2, w.write.audit().version());
                ps.setString(3, w.auditDoc);
                ps.addBatch();
            }
            executeBatch(ps, "the ticket already has a history entry of that version");
        }
    }

    private static void executeBatch(PreparedStatement ps, String conflict) throws SQLException {
        try {
            ps.executeBatch();
        } catch (SQLException e) {
            SQLException first = e.getNextException() != null && e.getSQLState() == null ? e.getNextException() : e;
            if (SqlErrors.isUniqueViolation(first) || SqlErrors.isUniqueViolation(e)) {
                throw new ConflictException(conflict);
            }
            throw e;
        }
    }

    private static int bindTicketColumns(PreparedStatement ps, int i, Row row) throws SQLException {
        Ticket t = row.ticket();
        ps.setLong(i++, t.number());
        ps.setString(i++, t.status().name());
        ps.setInt(i++, t.priority().ordinal());
        ps.setString(i++, t.type().name());
        ps.setString(i++, t.channel().name());
        ps.setString(i++, t.requester().value());
        ps.setString(i++, t.organization() == null ? null : t.organization().value());
        ps.setString(i++, t.assignee() == null ? null : t.assignee().value());
        ps.setString(i++, t.group() == null ? null : t.group().value());
        ps.setBoolean(i++, t.complaint());
        ps.setString(i++, row.tags);
        ps.setString(i++, row.subject);
        ps.setObject(i++, utc(t.createdAt()));
        ps.setObject(i++, utc(t.updatedAt()));
        ps.setLong(i++, t.version());
        ps.setString(i++, row.doc);
        return i;
    }

    private static String tagsColumn(List<String> tags) {
        StringBuilder sb = new StringBuilder().append(TAG_SEPARATOR);
        for (String tag : tags) {
            sb.append(tag).append(TAG_SEPARATOR);
        }
        return sb.toString();
    }

    private static RuntimeException staleOrMissing(Connection c, Ticket t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT version, tenant_id FROM madoguchi_ticket WHERE id = ?")) {
            ps.setString(1, t.id().value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new NotFoundException("ticket " + t.id() + " does not exist");
                }
                if (!rs.getString(2).equals(t.tenantId().value())) {
                    return new ConflictException("ticket " + t.id() + " belongs to another tenant");
                }
                return new ConflictException("ticket " + t.id() + " is at version " + rs.getLong(1)
                    + ", the change was based on version " + (t.version() - 1));
            }
        }
    }

    private void writeCustomers(Connection c, Customer[] customers) throws SQLException {
        if (customers.length == 0) {
            return;
        }
        for (Customer cu : customers) {
            String doc = RecordJson.write(cu, Customer.class);
            if (cu.version() == 1) {
                try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO madoguchi_customer (id, tenant_id, version, doc) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, cu.id().value());
                    ps.setString(2, cu.tenantId().value());
                    ps.setLong(3, 1);
                    ps.setString(4, doc);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (SqlErrors.isUniqueViolation(e)) {
                        throw new ConflictException("customer " + cu.id() + " already exists");
                    }
                    throw e;
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_customer SET version = ?, doc = ? "
                    + "WHERE id = ? AND version = ? AND tenant_id = ?")) {
                    ps.setLong(1, cu.version());
                    ps.setString(2, doc);
                    ps.setString(3, cu.id().value());
                    ps.setLong(4, cu.version() - 1);
                    ps.setString(5, cu.tenantId().value());
                    if (ps.executeUpdate() != 1) {
                        throw staleOrMissingCustomer(c, cu);
                    }
                }
            }
        }
        // identities: release every changed customer's, then take the new ones, so one commit can move an identity
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM madoguchi_identity WHERE customer_id = ?")) {
            for (Customer cu : customers) {
                ps.setString(1, cu.id().value());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO madoguchi_identity (tenant_id, identity, customer_id) VALUES (?, ?, ?)")) {
            for (Customer cu : customers) {
                for (ChannelIdentity id : cu.identities()) {
                    ps.setString(1, cu.tenantId().value());
                    ps.setString(2, identityKey(id));
                    ps.setString(3, cu.id().value());
                    try {
                        ps.executeUpdate();
                    } catch (SQLException e) {
                        if (SqlErrors.isUniqueViolation(e)) {
                            throw new ConflictException("identity " + id.kind() + " of customer " + cu.id()
                                + " is held by another customer");
                        }
                        throw e;
                    }
                }
            }
        }
    }

    private static RuntimeException staleOrMissingCustomer(Connection c, Customer cu) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT version, tenant_id FROM madoguchi_customer WHERE id = ?")) {
            ps.setString(1, cu.id().value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new NotFoundException("customer " + cu.id() + " does not exist");
                }
                if (!rs.getString(2).equals(cu.tenantId().value())) {
                    return new ConflictException("customer " + cu.id() + " belongs to another tenant");
                }
                return new ConflictException("customer " + cu.id() + " is at version " + rs.getLong(1)
                    + ", the change was based on version " + (cu.version() - 1));
            }
        }
    }

    private static String identityKey(ChannelIdentity id) {
        return id.kind().name() + ":" + id.value();
    }

    // ------------------------------------------------------------------ ticket reads

    @Override
    public Optional<Ticket> ticket(TicketId id) {
        return tx.read("read a ticket", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM madoguchi_ticket WHERE id = ?")) {
                ps.setString(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(RecordJson.read(rs.getString(1), Ticket.class)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Message> messages(TicketId id) {
        return docs("read a ticket's messages",
            "SELECT doc FROM madoguchi_message WHERE ticket_id = ? ORDER BY seq", id.value(), Message.class);
    }

    @Override
    public List<AuditEntry> history(TicketId id) {
        return docs("read a ticket's history",
            "SELECT doc FROM madoguchi_audit WHERE ticket_id = ? ORDER BY version", id.value(), AuditEntry.class);
    }

    private <T> List<T> docs(String what, String sql, String param, Class<T> type) {
        return tx.read(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, param);
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(RecordJson.read(rs.getString(1), type));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    /** A WHERE clause and its parameters, built from a query's filters. */
    private static final class Where {
        final StringBuilder sql = new StringBuilder(" WHERE t.tenant_id = ?");
        final List<Object> params = new ArrayList<>();

        Where(TenantId tenantId) {
            params.add(tenantId.value());
        }

        void eq(String column, Object value) {
            sql.append(" AND t.").append(column).append(" = ?");
            params.add(value);
        }

        <E> void in(String column, java.util.Collection<E> values, Function<E, Object> toColumn) {
            sql.append(" AND t.").append(column).append(" IN (");
            int k = 0;
            for (E v : values) {
                sql.append(k++ == 0 ? "?" : ", ?");
                params.add(toColumn.apply(v));
            }
            sql.append(')');
        }

        void cmp(String column, String op, Instant value) {
            sql.append(" AND t.").append(column).append(' ').append(op).append(" ?");
            params.add(utc(value));
        }

        int bind(PreparedStatement ps) throws SQLException {
            int i = 1;
            for (Object p : params) {
                ps.setObject(i++, p);
            }
            return i;
        }
    }

    private static String like(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Where where(TenantId tenantId, TicketQuery q, boolean searchInternalNotes) {
        Where w = new Where(tenantId);
        if (!q.statuses().isEmpty()) {
            w.in("status", q.statuses(), TicketStatus::name);
        }
        if (!q.priorities().isEmpty()) {
            w.in("priority", q.priorities(), Priority::ordinal);
        }
        if (!q.types().isEmpty()) {
            w.in("type", q.types(), TicketType::name);
        }
        if (q.assignee() != null) {
            w.eq("assignee", q.assignee().value());
        }
        if (q.group() != null) {
            w.eq("group_id", q.group().value());
        }
        if (q.tag() != null) {
            w.sql.append(" AND t.tags_folded LIKE ? ESCAPE '\\'");
            w.params.add("%" + TAG_SEPARATOR + like(TextFolding.tag(q.tag())) + TAG_SEPARATOR + "%");
        }
        if (q.channel() != null) {
            w.eq("channel", q.channel().name());
        }
        if (q.requester() != null) {
            w.eq("requester", q.requester().value());
        }
        if (q.organization() != null) {
            w.eq("organization", q.organization().value());
        }
        if (q.complaint() != null) {
            w.eq("complaint", q.complaint());
        }
        if (q.createdFrom() != null) {
            w.cmp("created_at", ">=", q.createdFrom());
        }
        if (q.createdTo() != null) {
            w.cmp("created_at", "<", q.createdTo());
        }
        if (q.updatedFrom() != null) {
            w.cmp("updated_at", ">=", q.updatedFrom());
        }
        if (q.updatedTo() != null) {
            w.cmp("updated_at", "<", q.updatedTo());
        }
        String needle = q.text() == null ? "" : TextFolding.fold(q.text().strip());
        if (!needle.isEmpty()) {
            String pattern = "%" + like(needle) + "%";
            w.sql.append(" AND (t.subject_folded LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM madoguchi_message m "
                + "WHERE m.ticket_id = t.id AND m.body_folded LIKE ? ESCAPE '\\'")
                .append(searchInternalNotes ? "))" : " AND m.internal = FALSE))");
            w.params.add(pattern);
            w.params.add(pattern);
        }
        return w;
    }

    @Override
    public TicketPage query(TenantId tenantId, TicketQuery q, boolean searchInternalNotes) {
        KeysetCursor after = q.cursor().isEmpty() ? null : KeysetCursor.decode(q.cursor(), q.sort(), q.descending());
        Where w = where(tenantId, q, searchInternalNotes);
        String column = switch (q.sort()) {
            case CREATED -> "created_at";
            case UPDATED -> "updated_at";
            case PRIORITY -> "priority";
        };
        if (after != null) {
            Object key = switch (q.sort()) {
                case CREATED, UPDATED -> utc(Instant.ofEpochSecond(Math.floorDiv(after.key(), 1_000_000_000L),
                    Math.floorMod(after.key(), 1_000_000_000L)));
                case PRIORITY -> (int) after.key();
            };
            String op = q.descending() ? "<" : ">";
            w.sql.append(" AND (t.").append(column).append(' ').append(op).append(" ? OR (t.").append(column)
                .append(" = ? AND t.number ").append(op).append(" ?))");
            w.params.add(key);
            w.params.add(key);
            w.params.add(after.number());
        }
        String dir = q.descending() ? " DESC" : " ASC";
        String sql = "SELECT t.doc FROM madoguchi_ticket t" + w.sql + " ORDER BY t." + column + dir + ", t.number" + dir
            + " LIMIT ?";
        List<Ticket> found = tx.read("query tickets", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = w.bind(ps);
                ps.setInt(i, q.limit() + 1);
                List<Ticket> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(RecordJson.read(rs.getString(1), Ticket.class));
                    }
                }
                return out;
            }
        });
        boolean more = found.size() > q.limit();
        List<Ticket> page = more ? found.subList(0, q.limit()) : found;
        String next = "";
        if (more) {
            Ticket last = page.get(page.size() - 1);
            next = new KeysetCursor(q.sort(), q.descending(), KeysetCursor.key(last, q.sort()), last.number()).encode();
        }
        return new TicketPage(List.copyOf(page), next);
    }

    @Override
    public long count(TenantId tenantId, TicketQuery filter, boolean searchInternalNotes) {
        Where w = where(tenantId, filter, searchInternalNotes);
        return tx.read("count tickets", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM madoguchi_ticket t" + w.sql)) {
                w.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public Map<AgentId, Integer> openTicketsPerAgent(TenantId tenantId) {
        Where w = new Where(tenantId);
        w.sql.append(" AND t.assignee IS NOT NULL");
        w.in("status", UNSOLVED, s -> s);
        return tx.read("count open tickets per agent", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT t.assignee, COUNT(*) FROM madoguchi_ticket t" + w.sql + " GROUP BY t.assignee")) {
                w.bind(ps);
                Map<AgentId, Integer> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(AgentId.of(rs.getString(1)), rs.getInt(2));
                    }
                }
                return Map.copyOf(out);
            }
        });
    }

    // ------------------------------------------------------------------ customers

    @Override
    public Optional<Customer> customer(CustomerId id) {
        return tx.read("read a customer", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM madoguchi_customer WHERE id = ?")) {
                ps.setString(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(RecordJson.read(rs.getString(1), Customer.class)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<Customer> customerByIdentity(TenantId tenantId, ChannelIdentity identity) {
        return tx.read("find a customer by identity", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT c.doc FROM madoguchi_identity i "
                + "JOIN madoguchi_customer c ON c.id = i.customer_id WHERE i.tenant_id = ? AND i.identity = ?")) {
                ps.setString(1, tenantId.value());
                ps.setString(2, identityKey(identity));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(RecordJson.read(rs.getString(1), Customer.class)) : Optional.empty();
                }
            }
        });
    }

    // ------------------------------------------------------------------ configuration

    private static final String ORGANIZATION = "organization";
    private static final String AGENT = "agent";
    private static final String GROUP = "group";
    private static final String MACRO = "macro";
    private static final String FIELD = "field";

    private void saveConfig(String kind, TenantId tenantId, String itemId, Object value, Class<?> type) {
        String doc = RecordJson.write(value, type);
        String sql = dialect == SqlDialect.POSTGRESQL
            ? "INSERT INTO madoguchi_config (kind, tenant_id, item_id, doc) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (kind, tenant_id, item_id) DO UPDATE SET doc = EXCLUDED.doc"
            : "MERGE INTO madoguchi_config (kind, tenant_id, item_id, doc) KEY (kind, tenant_id, item_id) "
                + "VALUES (?, ?, ?, ?)";
        tx.execute("save " + kind, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, kind);
                ps.setString(2, tenantId.value());
                ps.setString(3, itemId);
                ps.setString(4, doc);
                ps.executeUpdate();
            }
        });
    }

    /**
     * @return the item of a kind with that id, in the tenant if one is given (agents, groups and organizations have
     *     global ids)
     */
    private <T> Optional<T> config(String kind, @Nullable TenantId tenantId, String itemId, Class<T> type) {
        String sql = "SELECT doc FROM madoguchi_config WHERE kind = ? AND item_id = ?"
            + (tenantId == null ? "" : " AND tenant_id = ?");
        return tx.read("read " + kind, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, kind);
                ps.setString(2, itemId);
                if (tenantId != null) {
                    ps.setString(3, tenantId.value());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(RecordJson.read(rs.getString(1), type)) : Optional.empty();
                }
            }
        });
    }

    /** @return the tenant's items of a kind by id, in Java string order (not the database's collation) */
    private <T> Map<String, T> configOfTenant(String kind, TenantId tenantId, Class<T> type) {
        return tx.read("list " + kind, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT item_id, doc FROM madoguchi_config WHERE kind = ? AND tenant_id = ?")) {
                ps.setString(1, kind);
                ps.setString(2, tenantId.value());
                java.util.TreeMap<String, T> out = new java.util.TreeMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), RecordJson.read(rs.getString(2), type));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void saveOrganization(Organization organization) {
        saveConfig(ORGANIZATION, organization.tenantId(), organization.id().value(), organization, Organization.class);
    }

    @Override
    public Optional<Organization> organization(TenantId tenantId, OrganizationId id) {
        return config(ORGANIZATION, tenantId, id.value(), Organization.class);
    }

    @Override
    public List<Organization> organizations(TenantId tenantId) {
        return configOfTenant(ORGANIZATION, tenantId, Organization.class).values().stream()
            .sorted(Comparator.comparing(Organization::id)).toList();
    }

    @Override
    public void saveAgent(Agent agent) {
        saveConfig(AGENT, agent.tenantId(), agent.id().value(), agent, Agent.class);
    }

    @Override
    public Optional<Agent> agent(TenantId tenantId, AgentId id) {
        return config(AGENT, tenantId, id.value(), Agent.class);
    }

    @Override
    public List<Agent> agents(TenantId tenantId) {
        return configOfTenant(AGENT, tenantId, Agent.class).values().stream()
            .sorted(Comparator.comparing(Agent::id)).toList();
    }

    @Override
    public void saveGroup(Group group) {
        saveConfig(GROUP, group.tenantId(), group.id().value(), group, Group.class);
    }

    @Override
    public Optional<Group> group(TenantId tenantId, GroupId id) {
        return config(GROUP, tenantId, id.value(), Group.class);
    }

    @Override
    public void saveMacro(Macro macro) {
        saveConfig(MACRO, macro.tenantId(), macro.id(), macro, Macro.class);
    }

    @Override
    public Optional<Macro> macro(TenantId tenantId, String id) {
        return config(MACRO, tenantId, id, Macro.class);
    }

    @Override
    public List<Macro> macros(TenantId tenantId) {
        return List.copyOf(configOfTenant(MACRO, tenantId, Macro.class).values());
    }

    @Override
    public void saveFieldDefinition(TenantId tenantId, CustomFieldDefinition definition) {
        saveConfig(FIELD, tenantId, definition.key(), definition, CustomFieldDefinition.class);
    }

    @Override
    public Map<String, CustomFieldDefinition> fieldDefinitions(TenantId tenantId) {
        return Map.copyOf(new LinkedHashMap<>(configOfTenant(FIELD, tenantId, CustomFieldDefinition.class)));
    }
}
