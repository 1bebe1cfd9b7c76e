package io.madoguchi.benchmarks.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.store.ChangeSet;
import io.madoguchi.core.store.TicketWrite;
import io.madoguchi.core.store.jdbc.JdbcDeskStore;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.Visibility;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Ticket creation on the JDBC desk store, on one embedded PostgreSQL (zonky, {@code fsync=off} and
 * {@code synchronous_commit=off} so the disk of a shared machine does not decide), in the same run as the plain
 * alternative. Score = tickets per second (with {@code -t N}, of all threads together).
 * <ul>
 *   <li>{@code desk}: {@code SupportDesk.createTicket} on the store: draws the ticket number (one transaction) and
 *       commits the change set (ticket, first message, audit entry, {@code TicketCreated} event; one transaction).</li>
 *   <li>{@code storeCommit}: one such change set committed straight to the store (one transaction each).</li>
 *   <li>{@code rawBatch}: plain JDBC inserting the same four rows per ticket (the documents, folded texts and column
 *       values the store wrote for a sample change set, read back at setup; positions from a counter, no lock, no
 *       claims, no JSON made per ticket), 100 tickets per batch and transaction.</li>
 * </ul>
 * Group commit only has something to group when commits are concurrent: run it with as many threads as a host has
 * requests in flight (16 here), the plain batch with the same number of threads. JMH runs one side after the other;
 * {@link JdbcCreateRatioEval} measures their ratio in alternating slices, which a slow minute cannot bias.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'JdbcCreateBenchmark.(storeCommit|rawBatch)' -f 1 -wi 2 -i 4 -w 3s
 *     -r 5s -t 16</pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JdbcCreateBenchmark {

    private static final TenantId TENANT = TenantId.of("bench");
    /** Tickets per plain batch (and transaction). */
    static final int BATCH = 100;
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00.123456Z");

    /**
     * The driver's {@code reWriteBatchedInserts} for both: the plain batch's inserts sent as multi-row statements.
     * Off by default: it did not make the plain batch faster here (see benchmarks/README.md).
     */
    @Param("false")
    public boolean rewrite;

    private EmbeddedPostgres postgres;
    private HikariDataSource pool;
    private JdbcDeskStore store;
    private SupportDesk desk;
    private Customer customer;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong rawPositions = new AtomicLong(1_000_000_000_000L);
    /** The columns of the store's own rows for one ticket, which the plain inserts copy. */
    private String ticketDoc;
    private String tagsFolded;
    private String subjectFolded;
    private String channel;
    private String messageDoc;
    private String bodyFolded;
    private String auditDoc;
    private String eventType;
    private String eventClass;
    private String eventDoc;
    private String streamKey;
    private long[] startCounts = new long[2];
    private long startJvmCpu;
    private long startServerCpu;
    /** The PostgreSQL server process (the parent of every backend). */
    private long serverPid;

    /**
     * Starts PostgreSQL and opens the store and a desk on it.
     *
     * @throws IOException if PostgreSQL does not start
     * @throws SQLException if the sample rows cannot be read
     */
    @Setup(Level.Trial)
    public void start() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off").setServerConfig("max_connections", "100").start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(16);
        config.addDataSourceProperty("reWriteBatchedInserts", rewrite);
        pool = new HikariDataSource(config);
        store = JdbcDeskStore.migrating(pool, Clock.systemUTC());
        desk = SupportDesk.builder().store(store).build();
        customer = desk.createCustomer(desk.system(TENANT, "line"),
            new NewCustomer("山田 花子", List.of(ChannelIdentity.line("U-bench")), null, "ja"));
        // the plain inserts write the very rows the store wrote for one change set (documents, folded texts,
        // column values), with only the ticket id, number and event position changed
        store.commit(changeSet("sample"));
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            String[] ticket = firstRow(s, "SELECT doc, tags_folded, subject_folded, channel FROM madoguchi_ticket "
                + "WHERE id = 'sample'");
            ticketDoc = ticket[0];
            tagsFolded = ticket[1];
            subjectFolded = ticket[2];
            channel = ticket[3];
            String[] message = firstRow(s, "SELECT doc, body_folded FROM madoguchi_message WHERE ticket_id = 'sample'");
            messageDoc = message[0];
            bodyFolded = message[1];
            auditDoc = firstRow(s, "SELECT doc FROM madoguchi_audit WHERE ticket_id = 'sample'")[0];
            String[] event = firstRow(s, "SELECT type, event_class, payload, stream_key FROM madoguchi_event "
                + "ORDER BY position DESC LIMIT 1");
            eventType = event[0];
            eventClass = event[1];
            eventDoc = event[2];
            streamKey = event[3];
            serverPid = CpuTime.parent(Long.parseLong(firstRow(s, "SELECT pg_backend_pid()")[0]));
        }
    }

    private static String[] firstRow(Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            String[] row = new String[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getString(i + 1);
            }
            return row;
        }
    }

    /** Stops PostgreSQL. */
    @TearDown(Level.Trial)
    public void stop() throws IOException {
        pool.close();
        postgres.close();
    }

    private ChangeSet changeSet(String id) {
        Ticket t = Ticket.builder(TicketId.of(id), TENANT, customer.id(), Channel.LINE, T0)
            .number(ids.incrementAndGet()).subject("配送について").messageCount(1).build();
        Message m = new Message(t.id(), 1, Visibility.PUBLIC, AuthorKind.CUSTOMER, customer.id().value(),
            "注文した商品がまだ届きません。確認をお願いします。", List.of(), T0);
        Principal p = Principal.customer(TENANT, customer.id());
        return new ChangeSet(
            List.of(new TicketWrite(t, List.of(m), new AuditEntry(1, T0, p, "created", List.of(), false))),
            List.of(), List.of(new TicketCreated(t, p, T0, m, null)), Map.of());
    }

    /** @return the created ticket */
    @Benchmark
    public Ticket desk() {
        return desk.createTicket(desk.system(TENANT, "line"), CreateTicket.builder(customer.id(), Channel.LINE,
            "配送について",
            "注文した商品がまだ届きません。確認をお願いします。").build());
    }

    /** Commits one ticket's change set. */
    @Benchmark
    public void storeCommit() {
        store.commit(changeSet("S" + ids.incrementAndGet()));
    }

    /**
     * Inserts 100 tickets' rows in one batch and transaction.
     *
     * @throws SQLException if the database fails
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawBatch() throws SQLException {
        insertRaw(BATCH);
    }

    /**
     * Inserts the rows of {@code n} tickets in one batch per table and one transaction, as {@link #rawBatch} does.
     *
     * @param n tickets in the transaction
     * @throws SQLException if the database fails
     */
    void insertRaw(int n) throws SQLException {
        OffsetDateTime at = OffsetDateTime.ofInstant(T0, ZoneOffset.UTC);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement tickets = c.prepareStatement("INSERT INTO madoguchi_ticket (id, tenant_id, number, "
                    + "status, priority, type, channel, requester, complaint, tags_folded, subject_folded, created_at, "
                    + "updated_at, version, doc) "
                    + "VALUES (?, ?, ?, 'NEW', 1, 'QUESTION', ?, ?, FALSE, ?, ?, ?, ?, 1, ?)");
                 PreparedStatement messages = c.prepareStatement("INSERT INTO madoguchi_message (ticket_id, seq, "
                     + "internal, body_folded, doc) VALUES (?, 1, FALSE, ?, ?)");
                 PreparedStatement audit = c.prepareStatement(
                     "INSERT INTO madoguchi_audit (ticket_id, version, doc) VALUES (?, 1, ?)");
                 PreparedStatement events = c.prepareStatement(
                     "INSERT INTO madoguchi_event (position, tenant_id, type, "
                     + "schema_version, event_class, stream_key, occurred_at, payload) "
                     + "VALUES (?, ?, ?, 1, ?, ?, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    long number = ids.incrementAndGet();
                    String id = "R" + number;
                    tickets.setString(1, id);
                    tickets.setString(2, TENANT.value());
                    tickets.setLong(3, number);
                    tickets.setString(4, channel);
                    tickets.setString(5, customer.id().value());
                    tickets.setString(6, tagsFolded);
                    tickets.setString(7, subjectFolded);
                    tickets.setObject(8, at);
                    tickets.setObject(9, at);
                    tickets.setString(10, ticketDoc);
                    tickets.addBatch();
                    messages.setString(1, id);
                    messages.setString(2, bodyFolded);
                    messages.setString(3, messageDoc);
                    messages.addBatch();
                    audit.setString(1, id);
                    audit.setString(2, auditDoc);
                    audit.addBatch();
                    events.setLong(1, rawPositions.incrementAndGet());
                    events.setString(2, TENANT.value());
                    events.setString(3, eventType);
                    events.setString(4, eventClass);
                    events.setString(5, streamKey);
                    events.setObject(6, at);
                    events.setString(7, eventDoc);
                    events.addBatch();
                }
                tickets.executeBatch();
                messages.executeBatch();
                audit.executeBatch();
                events.executeBatch();
            }
            c.commit();
        }
    }

    /** @return the PostgreSQL server's process id (the parent of every backend) */
    long serverPid() {
        return serverPid;
    }

    /**
     * Notes where the iteration starts: tickets stored, transactions committed, CPU time of this JVM and of the
     * PostgreSQL server.
     *
     * @throws SQLException if the database fails
     */
    @Setup(Level.Iteration)
    public void mark() throws SQLException {
        startCounts = counts();
        startJvmCpu = CpuTime.jvmNanos();
        startServerCpu = CpuTime.treeNanos(serverPid);
    }

    /**
     * Prints what the iteration cost per ticket: CPU time of this JVM (all its threads, JIT and GC included) and of
     * the PostgreSQL processes (server and its backends), and tickets per committed transaction. CPU time per
     * ticket is what a busy machine distorts least.
     *
     * @throws SQLException if the database fails
     */
    @TearDown(Level.Iteration)
    public void count() throws SQLException {
        long jvm = CpuTime.jvmNanos() - startJvmCpu;
        long server = CpuTime.treeNanos(serverPid) - startServerCpu;
        long[] end = counts();
        long tickets = end[0] - startCounts[0];
        long commits = end[1] - startCounts[1];
        System.out.printf("tickets stored: %d (+%d); per ticket: JVM CPU %.1f us, PostgreSQL CPU %.1f us; "
                + "%.1f tickets per commit%n", end[0], tickets, jvm / 1e3 / Math.max(1, tickets),
            server / 1e3 / Math.max(1, tickets), (double) tickets / Math.max(1, commits));
    }

    /** @return tickets stored and transactions committed so far */
    private long[] counts() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM madoguchi_ticket), (SELECT xact_commit "
                 + "FROM pg_stat_database WHERE datname = current_database())")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
