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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
 * next one (at most {@link #MAX_GROUP} of them). Their rows go out as one JDBC batch per table, so a group costs about
 * as many round trips as one change set; on PostgreSQL a ticket being opened goes with its message and audit entry in
 * one statement (three round trips per group: tickets, log head with events, commit). A group whose members only
 * open tickets and append events (no claims, no customers, no updates) goes as one auto-committed batch instead, its
 * events with the last ticket's statement: one round trip ({@link PgOpeningBatch}); if the database refuses it,
 * nothing of it was written and the group takes the savepoint path below; if the connection fails, its outcome is
 * unknown and every caller of the group is told so, as a transient failure, without writing it again. Each
 * queued caller waits on a condition of its own: a group that ends wakes its members and the oldest change set still
 * queued, which leads the next group. The documents are made by each caller before it queues, and on PostgreSQL
 * {@link #GROUPS_IN_FLIGHT} groups may be in flight at once: one sends its rows while the other holds the log-head
 * lock and commits (as two instances' transactions would, with the same locks and version checks). A second group
 * starts beside one in flight only once {@link #SECOND_GROUP_AFTER} change sets wait; fewer wait for the group in
 * flight to end and go together in the next, as every transaction costs the server about as much as a few tickets'
 * rows. If any member is refused (a stale version, a held claim, an existing ticket), or a member changes customers,
 * the group is written again with one savepoint per change set instead: a refused change set is rolled back alone
 * and only its caller gets the exception. A failure of the shared transaction itself (a lost connection) is reported
 * to every caller of the group as it would be to one.
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
    /**
     * How many change sets must wait before a second group starts beside one in flight (on PostgreSQL); fewer wait
     * for the group in flight to end and then go as one group. Without this threshold every group started with the
     * few change sets that queued while the other was in flight (about 4 tickets per transaction at 16 threads), and
     * each transaction costs PostgreSQL about 280 µs of CPU besides its rows, as much as three or four tickets' rows
     * (benchmarks' {@code JdbcTransactionCost}). With it, groups hold about twice as many change sets. A commit that
     * finds no group in flight starts one at once.
     */
    public static final int SECOND_GROUP_AFTER = 8;

    private static final char TAG_SEPARATOR = '\u001f';
    private static final List<String> UNSOLVED = Arrays.stream(TicketStatus.values())
        .filter(TicketStatus::isUnsolved).map(Enum::name).toList();

    private final Transactions tx;
    private final SqlDialect dialect;
    private final JdbcEventLog log;
    private final JdbcCheckpointStore checkpoints;
    /** The group-commit queue's lock. */
    private final ReentrantLock group = new ReentrantLock();
    /** Change sets no leader has taken yet; guarded by {@link #group}. */
    private List<Pending> waiting = new ArrayList<>();
    /** How many threads are committing a group now; guarded by {@link #group}. */
    private int leaders;
    /** {@link #GROUPS_IN_FLIGHT} on PostgreSQL, 1 on H2. */
    private final int groupsInFlight;
    /** {@link #SECOND_GROUP_AFTER}, or (in tests that hold every group in flight at the pool) fewer. */
    private final int secondGroupAfter;

    /**
     * A store on a database whose schema is already at {@link JdbcSchema#CURRENT_VERSION} (applied by
     * {@link JdbcSchema#migrate} or the host's migration tool).
     *
     * @param dataSource the host's data source
     * @param clock the clock claims, leases and parked events age on (the desk's clock)
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
        this(dataSource, clock, claimRetention, retainedEvents, JdbcCheckpointStore.DEFAULT_MAX_PARKED_AGE);
    }

    /**
     * @param dataSource the host's data source
     * @param clock the clock claims, leases and parked events age on (the desk's clock)
     * @param claimRetention how long a claim is kept at least; positive
     * @param retainedEvents how many events every subscriber has passed are kept for late readers; not negative
     * @param maxParkedAge how long an event a subscriber parked is kept for redelivery
     *     ({@link JdbcCheckpointStore#DEFAULT_MAX_PARKED_AGE} by default); positive
     * @throws io.madoguchi.core.store.StoreException if the database cannot be reached or is not PostgreSQL or H2
     * @throws IllegalArgumentException if a bound is out of range
     */
    public JdbcDeskStore(DataSource dataSource, Clock clock, Duration claimRetention, int retainedEvents,
                         Duration maxParkedAge) {
        this(dataSource, clock, claimRetention, retainedEvents, maxParkedAge, SECOND_GROUP_AFTER);
    }

    /**
     * @param secondGroupAfter how many change sets must wait before a second group starts beside one in flight; at
     *     least 1 (tests that hold a group per slot at the pool start the second at once)
     */
    JdbcDeskStore(DataSource dataSource, Clock clock, Duration claimRetention, int retainedEvents,
        int secondGroupAfter) {
        this(dataSource, clock, claimRetention, retainedEvents, JdbcCheckpointStore.DEFAULT_MAX_PARKED_AGE,
            secondGroupAfter);
    }

    private JdbcDeskStore(DataSource dataSource, Clock clock, Duration claimRetention, int retainedEvents,
        Duration maxParkedAge, int secondGroupAfter) {
        requireNonNull(dataSource, "dataSource");
        requireNonNull(clock, "clock");
        if (claimRetention.isNegative() || claimRetention.isZero() || retainedEvents < 0) {
            throw new IllegalArgumentException("claim retention must be positive and retained events not negative");
        }
        if (maxParkedAge.isNegative() || maxParkedAge.isZero()) {
            throw new IllegalArgumentException("maxParkedAge must be positive, was " + maxParkedAge);
        }
        if (secondGroupAfter < 1) {
            throw new IllegalArgumentException("secondGroupAfter must be at least 1");
        }
        this.secondGroupAfter = secondGroupAfter;
        this.tx = new Transactions(dataSource);
        this.dialect = SqlDialect.of(dataSource);
        this.groupsInFlight = dialect == SqlDialect.POSTGRESQL ? GROUPS_IN_FLIGHT : 1;
        this.checkpoints = new JdbcCheckpointStore(tx, dialect, clock, maxParkedAge);
        this.log = new JdbcEventLog(tx, dialect, clock, claimRetention, retainedEvents, checkpoints);
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
        Pending me = new Pending(changes, rows, customers, JdbcEventLog.rows(changes.events()), group.newCondition());
        group.lock();
        try {
            waiting.add(me);
        } finally {
            group.unlock();
        }
        while (true) {
            List<Pending> batch;
            group.lock();
            try {
                // a change set another leader has taken waits for that leader; the others lead a group of their
                // own when none is in flight, or beside one once enough wait (mayLead). Each waits on its own
                // condition, so a group that ends wakes its members and one waiting change set, not every thread
                // in the queue; the change set whose arrival makes the queue long enough leads without a wake-up.
                while (!me.done && (me.taken || !mayLead())) {
                    try {
                        me.wake.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        if (!me.taken) {
                            // nobody has taken it: it leaves the queue unwritten, and hands a wake-up it may have
                            // been sent to the next change set waiting
                            waiting.remove(me);
                            signalNextLeader();
                            throw new StoreException("interrupted while waiting to commit; the change set was not "
                                + "committed", true, e);
                        }
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
            } finally {
                group.unlock();
            }
            Appended appended = Appended.NONE;
            try {
                appended = commitGroup(batch);
            } finally {
                group.lock();
                try {
                    leaders--;
                    for (Pending p : batch) {
                        p.done = true;
                        p.wake.signal();
                    }
                    signalNextLeader();
                } finally {
                    group.unlock();
                }
            }
            // after the group's callers are released: they need not wait for it, and it cannot fail them
            log.pruneIfDue(appended.head(), appended.events());
        }
        if (me.failure != null) {
            throw me.failure;
        }
    }

    /**
     * Wakes the oldest change set no leader has taken, to lead the next group (with all that queued), if a group may
     * start now. Called holding {@link #group}.
     */
    private void signalNextLeader() {
        if (!waiting.isEmpty() && mayLead()) {
            waiting.get(0).wake.signal();
        }
    }

    /**
     * Whether the change sets waiting may go as a group now: when no group is in flight, or beside the ones in flight
     * (fewer than {@link #groupsInFlight}) once {@link #secondGroupAfter} of them wait. Called holding {@link #group}.
     */
    private boolean mayLead() {
        return leaders == 0 || (leaders < groupsInFlight && waiting.size() >= secondGroupAfter);
    }

    /** Where a committed group left the log's head, and how many events it appended. */
    private record Appended(long head, int events) {
        static final Appended NONE = new Appended(0, 0);
        /** The database refused the group's one batch: nothing was written. */
        static final Appended REFUSED = new Appended(-1, 0);
    }

    /**
     * Writes a group whose members only open tickets and append events as one auto-committed batch
     * ({@link PgOpeningBatch}): one round trip for the group.
     *
     * @return where the log's head ended, {@code null} if the group is not of that kind (claims, customers, updates,
     *     no events, too large), or {@link Appended#REFUSED} if the database refused the batch (an existing ticket)
     *     and nothing was written
     * @throws StoreException if the batch failed otherwise (a lost connection), so the outcome is unknown
     */
    private @Nullable Appended openInOneBatch(List<Pending> batch) {
        if (dialect != SqlDialect.POSTGRESQL) {
            return null;
        }
        List<Row> rows = new ArrayList<>();
        List<JdbcEventLog.EventRow> events = new ArrayList<>();
        for (Pending p : batch) {
            if (p.customers.length > 0 || !p.changes.customerVersions().isEmpty() || !p.changes.claims().isEmpty()
                || !PgOpeningBatch.opensOnly(p.rows)) {
                return null;
            }
            rows.addAll(Arrays.asList(p.rows));
            events.addAll(p.events);
        }
        if (events.isEmpty() || rows.isEmpty() || rows.size() > PgOpeningBatch.MAX_ENTRIES) {
            return null;
        }
        // id order across the group, as within a change set, so two groups lock rows in one order
        rows.sort(Comparator.comparing(r -> r.ticket().id()));
        String what = batch.size() == 1 ? "commit a change set" : "commit " + batch.size() + " change sets";
        Appended written = null;
        try (Connection c = tx.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (!autoCommit) {
                c.setAutoCommit(true);
            }
            try {
                written = new Appended(PgOpeningBatch.write(c, rows, events), events.size());
            } catch (SQLException e) {
                if (!SqlErrors.isRefused(e)) {
                    throw SqlErrors.translate(what, e);
                }
                written = Appended.REFUSED;
            } finally {
                if (!autoCommit) {
                    c.setAutoCommit(false);
                }
            }
            return written;
        } catch (SQLException e) {
            if (written != null) {
                // the batch's outcome is known; only restoring or returning the connection failed
                return written;
            }
            throw SqlErrors.translate(what, e);
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
        /** Signalled when it is done, or when it may lead a group. */
        final Condition wake;

        Pending(ChangeSet changes, Row[] rows, Customer[] customers, List<JdbcEventLog.EventRow> events,
            Condition wake) {
            this.changes = changes;
            this.rows = rows;
            this.customers = customers;
            this.events = events;
            this.wake = wake;
        }
    }

    /** A ticket write with the documents and folded texts of its rows, made before the write queues. */
    static final class Row {
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
     *
     * @return the log's head after the group and how many events it appended ({@link Appended#NONE} if it failed),
     *     for the prune
     */
    private Appended commitGroup(List<Pending> batch) {
        int events = 0;
        try {
            Appended fast = openInOneBatch(batch);
            if (fast != null && fast != Appended.REFUSED) {
                return fast;
            }
            boolean batchRefused = fast == Appended.REFUSED;
            long head;
            if (batch.size() == 1) {
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
                int[] appended = new int[1];
                head = tx.inTransaction("commit " + batch.size() + " change sets", c -> {
                    for (Pending p : batch) {
                        p.failure = null;
                    }
                    if (!batchRefused && batchable(batch)) {
                        List<JdbcEventLog.EventRow> all = new ArrayList<>();
                        for (Pending p : batch) {
                            all.addAll(p.events);
                        }
                        try {
                            if (writeAsOneBatch(c, batch)) {
                                appended[0] = all.size();
                                return log.appendRows(c, all);
                            }
                        } catch (SQLException | RuntimeException refused) {
                            // a member was refused (or the database failed): the savepoint pass below finds which,
                            // and reports it to that member alone; a database failure fails that pass too
                        }
                        c.rollback();
                    }
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
                });
                events = appended[0];
            }
            return new Appended(head, events);
        } catch (RuntimeException e) {
            for (Pending p : batch) {
                p.failure = e;
            }
            return Appended.NONE;
        }
    }

    /** Whether the group may be written as one batch: no member changes customers, and claims only on PostgreSQL. */
    private boolean batchable(List<Pending> batch) {
        for (Pending p : batch) {
            if (p.customers.length > 0 || !p.changes.customerVersions().isEmpty()
                || (!p.changes.claims().isEmpty() && dialect != SqlDialect.POSTGRESQL)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes every member's claims and tickets as one batch per table.
     *
     * @return false if a claim is held, so the caller writes the group member by member
     * @throws ConflictException or another refusal if a member is refused
     */
    private boolean writeAsOneBatch(Connection c, List<Pending> batch) throws SQLException {
        List<Map<IdempotencyKey, String>> claims = new ArrayList<>();
        int n = 0;
        for (Pending p : batch) {
            if (!p.changes.claims().isEmpty()) {
                claims.add(p.changes.claims());
            }
            n += p.rows.length;
        }
        if (!claims.isEmpty() && !log.insertClaimsBatch(c, claims)) {
            return false;
        }
        Row[] rows = new Row[n];
        int i = 0;
        for (Pending p : batch) {
            System.arraycopy(p.rows, 0, rows, i, p.rows.length);
            i += p.rows.length;
        }
        // id order across the group, as within a change set, so two groups (of this instance or another) lock
        // rows in one order
        Arrays.sort(rows, Comparator.comparing(r -> r.ticket().id()));
        writeTickets(c, rows);
        return true;
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

    /**
     * Writes tickets, their new messages and audit entries. On PostgreSQL a new ticket with one message (a ticket
     * being opened) is written with its message and audit entry in one statement, so all of them go out in one
     * batch; everything else as one batch per table.
     */
    private void writeTickets(Connection c, Row[] writes) throws SQLException {
        if (writes.length == 0) {
            return;
        }
        List<Row> updates = new ArrayList<>();
        List<Row> creates = new ArrayList<>();
        List<Row> opened = new ArrayList<>();
        List<Row> rest = new ArrayList<>();
        for (Row w : writes) {
            boolean create = w.ticket().version() == 1;
            if (create && w.messageDocs.length == 1 && dialect == SqlDialect.POSTGRESQL) {
                opened.add(w);
            } else {
                (create ? creates : updates).add(w);
                rest.add(w);
            }
        }
        if (!opened.isEmpty()) {
            writeOpened(c, opened);
        }
        if (rest.isEmpty()) {
            return;
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
            try (PreparedStatement ps = c.prepareStatement(INSERT_TICKET)) {
                for (Row w : creates) {
                    Ticket t = w.ticket();
                    int i = bindTicketColumns(ps, 1, w);
                    ps.setString(i++, t.id().value());
                    ps.setString(i, t.tenantId().value());
                    ps.addBatch();
                }
                executeBatch(ps, alreadyExists(creates));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_MESSAGE)) {
            int n = 0;
            for (Row w : rest) {
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
        try (PreparedStatement ps = c.prepareStatement(INSERT_AUDIT)) {
            for (Row w : rest) {
                ps.setString(1, w.ticket().id().value());
                ps.setLong(2, w.write.audit().version());
                ps.setString(3, w.auditDoc);
                ps.addBatch();
            }
            executeBatch(ps, "the ticket already has a history entry of that version");
        }
    }

    /** Tickets being opened (version 1, one message), each with its message and audit entry in one statement. */
    private static void writeOpened(Connection c, List<Row> opened) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(OPEN_SQL)) {
            for (Row w : opened) {
                bindOpening(ps, w);
                ps.addBatch();
            }
            executeBatch(ps, alreadyExists(opened));
        }
    }

    /**
     * Binds a ticket being opened as {@link #OPEN_SQL} takes it: its columns, id and tenant, then its message's and
     * its audit entry's.
     *
     * @return the index of the next parameter
     */
    static int bindOpening(PreparedStatement ps, Row w) throws SQLException {
        Ticket t = w.ticket();
        Message m = w.write.newMessages().get(0);
        int i = bindTicketColumns(ps, 1, w);
        ps.setString(i++, t.id().value());
        ps.setString(i++, t.tenantId().value());
        ps.setString(i++, t.id().value());
        ps.setInt(i++, m.seq());
        ps.setBoolean(i++, m.isInternal());
        ps.setString(i++, w.messageBodies[0]);
        ps.setString(i++, w.messageDocs[0]);
        ps.setString(i++, t.id().value());
        ps.setLong(i++, w.write.audit().version());
        ps.setString(i++, w.auditDoc);
        return i;
    }

    /** What a unique violation inserting these new tickets means. */
    private static String alreadyExists(List<Row> created) {
        return created.size() == 1 ? "ticket " + created.get(0).ticket().id() + " already exists"
            : "one of the tickets " + created.stream().map(w -> w.ticket().id().value()).toList() + " already exists";
    }

    /** A new ticket's row, its columns bound by {@link #bindTicketColumns} and then its id and tenant. */
    static final String INSERT_TICKET = "INSERT INTO madoguchi_ticket (number, status, priority, type, "
        + "channel, requester, organization, assignee, group_id, complaint, tags_folded, subject_folded, created_at, "
        + "updated_at, version, doc, id, tenant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** A message row: ticket, number, internal, folded body, document. */
    static final String INSERT_MESSAGE =
        "INSERT INTO madoguchi_message (ticket_id, seq, internal, body_folded, doc) VALUES (?, ?, ?, ?, ?)";
    /** An audit row: ticket, version, document. */
    static final String INSERT_AUDIT = "INSERT INTO madoguchi_audit (ticket_id, version, doc) VALUES (?, ?, ?)";
    /**
     * The first parts of a statement opening a ticket (PostgreSQL): its row and its message, bound as
     * {@link #bindOpening} binds them up to the audit entry's parameters, which follow.
     */
    static final String OPENING_PARTS = "ticket AS (" + INSERT_TICKET + "), message AS (" + INSERT_MESSAGE + ")";

    /**
     * A new ticket, its message and its audit entry (PostgreSQL). The message's and the entry's foreign keys are
     * checked at the end of the statement, when the ticket row is there.
     */
    private static final String OPEN_SQL = "WITH " + OPENING_PARTS + " " + INSERT_AUDIT;

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
