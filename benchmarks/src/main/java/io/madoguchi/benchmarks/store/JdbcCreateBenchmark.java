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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
 *   <li>{@code rawBatch}: plain JDBC inserting the same four rows per ticket (same tables, columns and JSON sizes,
 *       positions from a counter, no lock, no claims), 100 tickets per batch and transaction.</li>
 * </ul>
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar JdbcCreateBenchmark -f 1 -wi 2 -i 4 -w 3s -r 5s -t 4</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JdbcCreateBenchmark {

    private static final TenantId TENANT = TenantId.of("bench");
    private static final int BATCH = 100;
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00.123456Z");

    private EmbeddedPostgres postgres;
    private HikariDataSource pool;
    private JdbcDeskStore store;
    private SupportDesk desk;
    private Customer customer;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong rawPositions = new AtomicLong(1_000_000_000_000L);
    private String ticketDoc;
    private String messageDoc;
    private String auditDoc;
    private String eventDoc;

    /**
     * Starts PostgreSQL and opens the store and a desk on it.
     *
     * @throws IOException if PostgreSQL does not start
     */
    @Setup(Level.Trial)
    public void start() throws IOException {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off").setServerConfig("max_connections", "100").start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(16);
        pool = new HikariDataSource(config);
        store = JdbcDeskStore.migrating(pool, Clock.systemUTC());
        desk = SupportDesk.builder().store(store).build();
        customer = desk.createCustomer(desk.system(TENANT, "line"),
            new NewCustomer("山田 花子", List.of(ChannelIdentity.line("U-bench")), null, "ja"));
        // documents of the sizes the store writes, for the plain inserts
        ChangeSet sample = changeSet("sample");
        TicketWrite w = sample.tickets().get(0);
        ticketDoc = w.ticket().toString().repeat(6);
        messageDoc = w.newMessages().get(0).body().repeat(8);
        auditDoc = "{\"version\":1,\"at\":\"2026-11-24T09:00:00.123456Z\",\"actor\":{\"kind\":\"CUSTOMER\"}}";
        eventDoc = ticketDoc + messageDoc;
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
        OffsetDateTime at = OffsetDateTime.ofInstant(T0, ZoneOffset.UTC);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement tickets = c.prepareStatement("INSERT INTO madoguchi_ticket (id, tenant_id, number, "
                    + "status, priority, type, channel, requester, complaint, tags_folded, subject_folded, created_at, "
                    + "updated_at, version, doc) "
                    + "VALUES (?, ?, ?, 'NEW', 1, 'QUESTION', 'line', ?, FALSE, '', ?, ?, ?, 1, ?)");
                 PreparedStatement messages = c.prepareStatement("INSERT INTO madoguchi_message (ticket_id, seq, "
                     + "internal, body_folded, doc) VALUES (?, 1, FALSE, ?, ?)");
                 PreparedStatement audit = c.prepareStatement(
                     "INSERT INTO madoguchi_audit (ticket_id, version, doc) VALUES (?, 1, ?)");
                 PreparedStatement events = c.prepareStatement(
                     "INSERT INTO madoguchi_event (position, tenant_id, type, "
                     + "schema_version, event_class, stream_key, occurred_at, payload) "
                     + "VALUES (?, ?, 'desk.TicketCreated', "
                     + "1, 'io.madoguchi.core.event.TicketCreated', ?, ?, ?)")) {
                for (int i = 0; i < BATCH; i++) {
                    long n = ids.incrementAndGet();
                    String id = "R" + n;
                    tickets.setString(1, id);
                    tickets.setString(2, TENANT.value());
                    tickets.setLong(3, n);
                    tickets.setString(4, customer.id().value());
                    tickets.setString(5, "配送について");
                    tickets.setObject(6, at);
                    tickets.setObject(7, at);
                    tickets.setString(8, ticketDoc);
                    tickets.addBatch();
                    messages.setString(1, id);
                    messages.setString(2,
                        "注文した商品がまだ届きません。確認をお願いします。");
                    messages.setString(3, messageDoc);
                    messages.addBatch();
                    audit.setString(1, id);
                    audit.setString(2, auditDoc);
                    audit.addBatch();
                    events.setLong(1, rawPositions.incrementAndGet());
                    events.setString(2, TENANT.value());
                    events.setString(3, "ticket:" + id);
                    events.setObject(4, at);
                    events.setString(5, eventDoc);
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

    /**
     * Counts what was written, to check the store kept up (printed once per trial).
     *
     * @throws SQLException if the database fails
     */
    @TearDown(Level.Iteration)
    public void count() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM madoguchi_ticket")) {
            rs.next();
            System.out.println("tickets stored: " + rs.getLong(1));
        }
    }
}
