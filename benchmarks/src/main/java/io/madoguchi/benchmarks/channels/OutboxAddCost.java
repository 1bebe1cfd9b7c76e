package io.madoguchi.benchmarks.channels;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.channels.outbox.OutboxStore;
import io.madoguchi.channels.outbox.jdbc.JdbcOutboxStore;
import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * What the JDBC outbox's per-tenant bound on unfinished rows costs each {@link OutboxStore#add}: under the tenant's
 * lock row, the add counts the tenant's unfinished rows, reading up to {@code maxRows} index entries. Measures add
 * latency (p50, p99, max) on H2 (file mode, the embedded default) and on embedded PostgreSQL (zonky, {@code fsync}
 * off as in the other JDBC evaluations) for a tenant holding 0, 1,000, 10,000 and 99,000 unfinished rows (a tenant
 * whose sends are stuck, just under the default bound of 100,000), in two variants in the same run, interleaved
 * round by round:
 * <ul>
 *   <li>{@code add}: {@code new JdbcOutboxStore(ds)}, the default bound, through the API;</li>
 *   <li>{@code plain insert}: the row's {@code INSERT} alone on a pooled auto-commit connection: the strongest plain
 *   alternative, what writing the row costs with no bound, no check for an earlier delivery and no pruning.</li>
 * </ul>
 * Each measured add writes a new pending row of the tenant; untimed after it, the row is deleted, so the tenant stays
 * at its size. The tenants are filled with pending rows by batch inserts.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.channels.OutboxAddCost [ROUNDS] [ADDS]
 * </pre>
 *
 * Defaults: 6 rounds of 400 adds per case, the first a warm-up that is not counted. {@code -Ddatabases=h2} or
 * {@code pg} runs one database only.
 */
public final class OutboxAddCost {

    private static final int[] SIZES = {0, 1_000, 10_000, 99_000};
    private static final String[] VARIANTS = {"add", "plain insert"};
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final String INSERT = "INSERT INTO madoguchi_outbox (id, tenant, ticket, message_seq, channel, "
        + "recipient_kind, recipient, parts_json, parts_sent, context_json, status, attempts, requests, "
        + "next_attempt_at, last_error, created_at, version) VALUES (?, ?, ?, 1, 'LINE', 'LINE', ?, "
        + "'[\"ご注文の商品は本日発送いたしました。\"]', 0, '{}', 'PENDING', 0, 0, ?, NULL, ?, 1)";

    private OutboxAddCost() {}

    /**
     * @param args rounds, adds per case and round
     * @throws Exception if a database does not start or a statement fails
     */
    public static void main(String[] args) throws Exception {
        int rounds;
        int adds;
        try {
            rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
            adds = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        } catch (NumberFormatException e) {
            rounds = 0;
            adds = 0;
        }
        if (rounds < 2 || adds < 1 || args.length > 2) {
            System.err.println("usage: OutboxAddCost [ROUNDS >= 2] [ADDS >= 1]");
            System.exit(2);
            return;
        }
        System.out.printf("outbox add latency, %d measured rounds of %d adds per case; cpus %d%n", rounds - 1, adds,
            Runtime.getRuntime().availableProcessors());
        String databases = System.getProperty("databases", "h2,pg");
        Path dir = Files.createTempDirectory("add-cost");
        if (databases.contains("h2")) {
            String url = "jdbc:h2:file:" + dir.resolve("outbox") + ";DB_CLOSE_DELAY=-1";
            try (HikariDataSource h2 = ReplyContextKeepCost.pool(url, "sa", "")) {
                run("H2 (file)", h2, false, rounds, adds);
            }
        }
        if (!databases.contains("pg")) {
            return;
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off").start();
             HikariDataSource ds = ReplyContextKeepCost.pool(pg.getJdbcUrl("postgres", "postgres"), "postgres",
                 "postgres")) {
            run("PostgreSQL", ds, true, rounds, adds);
        }
    }

    private static void run(String database, DataSource ds, boolean postgres, int rounds, int adds)
        throws SQLException {
        JdbcOutboxStore.migrate(ds);
        OutboxStore store = new JdbcOutboxStore(ds);
        Histogram[][] us = new Histogram[SIZES.length][VARIANTS.length];
        long next = 1;
        for (int s = 0; s < SIZES.length; s++) {
            for (int v = 0; v < VARIANTS.length; v++) {
                next = fill(ds, tenant(s, v), SIZES[s], next);
                us[s][v] = new Histogram(60_000_000L, 3);
            }
        }
        if (postgres) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("ANALYZE madoguchi_outbox");
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < SIZES.length; s++) {
                for (int v = 0; v < VARIANTS.length; v++) {
                    TenantId tenant = tenant(s, v);
                    for (int k = 0; k < adds; k++) {
                        long id = next++;
                        long t0 = System.nanoTime();
                        if (v == 0) {
                            if (!store.add(row(id, tenant))) {
                                throw new IllegalStateException("row " + id + " was not written");
                            }
                        } else {
                            plainInsert(ds, id, tenant);
                        }
                        long took = System.nanoTime() - t0;
                        delete(ds, id); // untimed: the tenant stays at its size
                        if (r > 0) {
                            us[s][v].recordValue(Math.max(1, took / 1_000));
                        }
                    }
                }
            }
        }
        for (int s = 0; s < SIZES.length; s++) {
            for (int v = 0; v < VARIANTS.length; v++) {
                Histogram h = us[s][v];
                System.out.printf("%-10s %6d unfinished  %-12s  p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms  (n=%d)%n",
                    database, SIZES[s], VARIANTS[v], h.getValueAtPercentile(50) / 1e3,
                    h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3, h.getTotalCount());
            }
        }
    }

    private static TenantId tenant(int size, int variant) {
        return TenantId.of("add-" + SIZES[size] + "-" + variant);
    }

    private static OutboxRow row(long id, TenantId tenant) {
        return new OutboxRow(id, tenant, TicketId.of("t-" + id), 1, Channel.LINE, ChannelIdentity.line("U" + id),
            List.of("ご注文の商品は本日発送いたしました。"), 0, ReplyContext.none(NOW), OutboxRow.Status.PENDING, 0, 0,
            NOW, null, NOW, 1);
    }

    /** Fills a tenant with pending rows due in a year (its stuck sends), from id {@code next}; returns the next id. */
    private static long fill(DataSource ds, TenantId tenant, int count, long next) throws SQLException {
        long id = next;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            for (int i = 1; i <= count; i++) {
                bind(ps, id++, tenant, NOW.plus(Duration.ofDays(365)));
                ps.addBatch();
                if (i % 1_000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
        }
        return id;
    }

    private static void bind(PreparedStatement ps, long id, TenantId tenant, Instant due) throws SQLException {
        ps.setLong(1, id);
        ps.setString(2, tenant.value());
        ps.setString(3, "t-" + id);
        ps.setString(4, "U" + id);
        ps.setObject(5, OffsetDateTime.ofInstant(due, ZoneOffset.UTC));
        ps.setObject(6, OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC));
    }

    private static void plainInsert(DataSource ds, long id, TenantId tenant) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, id, tenant, NOW);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("plain insert failed", e);
        }
    }

    private static void delete(DataSource ds, long id) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                 "DELETE FROM madoguchi_outbox WHERE namespace = 'outbox' AND id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }
}
