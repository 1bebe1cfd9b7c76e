package io.madoguchi.benchmarks.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.store.ChangeSet;
import io.madoguchi.core.store.TicketWrite;
import io.madoguchi.core.store.jdbc.JdbcDeskStore;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketSort;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reads on the JDBC desk store at a million tickets, on one embedded PostgreSQL (zonky), with the schema's own
 * indexes. Sample-time mode, so JMH prints p50, p90, p99 and p99.9 of each call.
 * <ul>
 *   <li>{@code ticketById}: {@link JdbcDeskStore#ticket}, a random one of the {@code tickets}.</li>
 *   <li>{@code ticketWithMessages}: the ticket and its messages, as the agent's ticket view reads them.</li>
 *   <li>{@code agentQueuePage}: the first page (25) of one agent's open tickets, newest change first, a random one
 *       of 100 agents.</li>
 *   <li>{@code statusPage}: the first page (25) of the tenant's pending tickets by last update, the desk's list.</li>
 *   <li>{@code plainSelectById}: the strongest plain alternative for the first, in the same run: one prepared
 *       {@code SELECT doc FROM madoguchi_ticket WHERE id = ?} on a pooled connection, the JSON not parsed.</li>
 * </ul>
 * The tickets are made from real store rows: one ticket per status is committed through the store, and
 * {@code INSERT … SELECT … FROM generate_series} copies them with the id, number, assignee and times replaced in
 * both the columns and the JSON document, so every read parses a document the store itself wrote. Ticket g has
 * status g mod 5 and agent (g / 5) mod 100, so every agent has tickets of every status (about 2,000 open ones at a
 * million).
 *
 * After loading, the setup prints {@code EXPLAIN (ANALYZE, BUFFERS)} of the two page queries, to show which index
 * answers each.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar JdbcReadBenchmark -f 1 -wi 2 -i 3 -w 5s -r 10s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JdbcReadBenchmark {

    private static final TenantId TENANT = TenantId.of("bench");
    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    private static final String TEMPLATE_ID = "TPL-0000000";
    private static final long TEMPLATE_NUMBER = 987_654_321L;
    private static final int AGENTS = 100;
    private static final TicketStatus[] STATUSES = {TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING,
        TicketStatus.SOLVED, TicketStatus.CLOSED};

    /** How many tickets the table holds. */
    @Param("1000000")
    public int tickets;

    private EmbeddedPostgres postgres;
    private HikariDataSource pool;
    private JdbcDeskStore store;
    private final SplittableRandom random = new SplittableRandom(7);

    /**
     * Starts PostgreSQL, applies the schema and fills it.
     *
     * @throws IOException if PostgreSQL does not start
     * @throws SQLException if filling fails
     */
    @Setup(Level.Trial)
    public void start() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off").setServerConfig("shared_buffers", "512MB").start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        store = JdbcDeskStore.migrating(pool, Clock.systemUTC());
        long started = System.nanoTime();
        for (int i = 0; i < STATUSES.length; i++) {
            store.commit(template(i));
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            // copies of the template of status (g % 5), with id, number, assignee and times replaced everywhere
            s.executeUpdate("INSERT INTO madoguchi_ticket (id, tenant_id, number, status, priority, type, channel, "
                + "requester, organization, assignee, group_id, complaint, tags_folded, subject_folded, created_at, "
                + "updated_at, version, doc) "
                + "SELECT 'T-' || lpad(g::text, 7, '0'), t.tenant_id, g, t.status, t.priority, t.type, t.channel, "
                + "t.requester, t.organization, 'agent-' || lpad(((g / 5) % " + AGENTS + ")::text, 2, '0'), "
                + "t.group_id, "
                + "t.complaint, t.tags_folded, t.subject_folded, t.created_at + g * interval '1 second', "
                + "t.updated_at + g * interval '2 second', t.version, "
                + "replace(replace(replace(replace(replace(t.doc, t.id, 'T-' || lpad(g::text, 7, '0')), "
                + "'" + TEMPLATE_NUMBER + "', g::text), "
                + "'agent-XX', 'agent-' || lpad(((g / 5) % " + AGENTS + ")::text, 2, '0')), "
                + "'" + T0 + "', to_char((t.created_at + g * interval '1 second') AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')), "
                + "'" + T0.plusSeconds(60) + "', to_char((t.updated_at + g * interval '2 second') AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')) "
                + "FROM generate_series(1, " + tickets + ") g "
                + "JOIN madoguchi_ticket t ON t.id = '" + TEMPLATE_ID + "-' || (g % 5)");
            s.executeUpdate("INSERT INTO madoguchi_message (ticket_id, seq, internal, body_folded, doc) "
                + "SELECT 'T-' || lpad(g::text, 7, '0'), m.seq, m.internal, m.body_folded, "
                + "replace(m.doc, m.ticket_id, 'T-' || lpad(g::text, 7, '0')) "
                + "FROM generate_series(1, " + tickets + ") g "
                + "JOIN madoguchi_message m ON m.ticket_id = '" + TEMPLATE_ID + "-' || (g % 5)");
            s.execute("ANALYZE");
        }
        // the copies must read back as what they claim to be
        Ticket sample = store.ticket(TicketId.of("T-0000042")).orElseThrow();
        if (sample.number() != 42 || !AgentId.of("agent-08").equals(sample.assignee())
            || !sample.updatedAt().equals(T0.plusSeconds(60 + 2 * 42)) || sample.status() != STATUSES[42 % 5]
            || store.messages(sample.id()).size() != 2
            || !store.messages(sample.id()).get(0).ticketId().equals(sample.id())) {
            throw new IllegalStateException("the generated rows do not read back: " + sample.id());
        }
        System.out.printf("%n%d tickets and %d messages loaded in %.1f s%n", tickets, 2L * tickets,
            (System.nanoTime() - started) / 1e9);
        // the plans of the page queries, as JdbcDeskStore.query builds them (status filter first, then assignee)
        try (Connection c = pool.getConnection()) {
            explain(c, "agentQueuePage", "t.status IN (?) AND t.assignee = ?", "OPEN", "agent-42");
            explain(c, "statusPage", "t.status IN (?)", "PENDING");
        }
    }

    private static void explain(Connection c, String name, String filter, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) SELECT t.doc FROM "
            + "madoguchi_ticket t WHERE t.tenant_id = ? AND " + filter
            + " ORDER BY t.updated_at DESC, t.number DESC LIMIT 26")) {
            ps.setString(1, TENANT.value());
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 2, params[i]);
            }
            System.out.println("EXPLAIN " + name + ":");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    System.out.println("  " + rs.getString(1));
                }
            }
        }
    }

    /** Stops PostgreSQL. */
    @TearDown(Level.Trial)
    public void stop() throws IOException {
        pool.close();
        postgres.close();
    }

    private static ChangeSet template(int index) {
        TicketStatus status = STATUSES[index];
        String id = TEMPLATE_ID + "-" + index;
        Instant created = T0;
        Ticket t = Ticket.builder(TicketId.of(id), TENANT, CustomerId.of("customer-1"), Channel.LINE, created)
            .number(TEMPLATE_NUMBER).subject("配送について: 注文した商品がまだ届きません").status(status)
            .priority(Priority.NORMAL).assignee(AgentId.of("agent-XX")).updatedAt(created.plusSeconds(60))
            .messageCount(2).build();
        Principal p = Principal.customer(TENANT, t.requester());
        Message first = new Message(t.id(), 1, Visibility.PUBLIC, AuthorKind.CUSTOMER, "customer-1",
            "注文した商品がまだ届きません。注文番号は12345です。確認をお願いします。", List.of(), created);
        Message reply = new Message(t.id(), 2, Visibility.PUBLIC, AuthorKind.AGENT, "agent-XX",
            "お問い合わせありがとうございます。配送状況を確認いたします。", List.of(), created.plusSeconds(60));
        return new ChangeSet(List.of(new TicketWrite(t, List.of(first, reply),
            new AuditEntry(1, created, p, "created", List.of(), false))), List.of(),
            List.of(new TicketCreated(t, p, created, first, null)), Map.of());
    }

    private TicketId randomId() {
        return TicketId.of(String.format("T-%07d", 1 + random.nextInt(tickets)));
    }

    /** @return a random ticket */
    @Benchmark
    public Optional<Ticket> ticketById() {
        return store.ticket(randomId());
    }

    /** @return a random ticket's messages (after reading the ticket) */
    @Benchmark
    public List<Message> ticketWithMessages() {
        TicketId id = randomId();
        store.ticket(id).orElseThrow();
        return store.messages(id);
    }

    /** @return the first page of a random agent's open tickets */
    @Benchmark
    public TicketPage agentQueuePage() {
        AgentId agent = AgentId.of(String.format("agent-%02d", random.nextInt(AGENTS)));
        return store.query(TENANT, TicketQuery.builder().assignee(agent).status(TicketStatus.OPEN)
            .sort(TicketSort.UPDATED, true).limit(25).build(), false);
    }

    /** @return the first page of the tenant's pending tickets, newest change first */
    @Benchmark
    public TicketPage statusPage() {
        return store.query(TENANT, TicketQuery.builder().status(TicketStatus.PENDING)
            .sort(TicketSort.UPDATED, true).limit(25).build(), false);
    }

    /**
     * @return a random ticket's document, read with plain JDBC
     * @throws SQLException if the database fails
     */
    @Benchmark
    public String plainSelectById() throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT doc FROM madoguchi_ticket WHERE id = ?")) {
            ps.setString(1, randomId().value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }
}
