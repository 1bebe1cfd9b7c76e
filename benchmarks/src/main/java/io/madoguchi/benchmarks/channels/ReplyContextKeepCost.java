package io.madoguchi.benchmarks.channels;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.channels.ReplyContext;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * What the JDBC outbox's per-tenant bound on reply contexts costs each {@link OutboxStore#keepContext}: the keep
 * finds the tenant's context at offset {@code maxContexts} in its index of uses, walking up to that many index
 * entries. Measures keep latency (p50, p99, max) on H2 (file mode, the embedded default) and on embedded PostgreSQL
 * (zonky, {@code fsync} off as in the other JDBC evaluations) for a tenant holding 0, 1,000 and 10,000 contexts, in
 * three variants in the same run, interleaved round by round:
 * <ul>
 *   <li>{@code bound 10k}: {@code new JdbcOutboxStore(ds, 10_000, retention)}, the default bound;</li>
 *   <li>{@code bound max}: {@code maxContexts = Integer.MAX_VALUE}, the bound "switched off" through the API (its
 *   trim query still runs, with an offset no tenant reaches);</li>
 *   <li>{@code no trim}: the keep's own statements (delete by age, insert, the sender's unresolved bound) in one
 *   transaction on a pooled connection, without the tenant trim: the strongest plain alternative, what a keep costs
 *   with no count bound at all. It repeats {@code JdbcOutboxStore.keepContext}'s SQL and must follow it.</li>
 * </ul>
 * Each measured keep is of a new message from a new sender; untimed after it, the message's context is resolved to its
 * ticket (as the desk's commit does) and the tenant's least recently used context is deleted, so the tenant stays at
 * its size and its order of uses moves on as in a running desk. The tenants are filled with resolved contexts by batch
 * inserts.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.channels.ReplyContextKeepCost [ROUNDS] [KEEPS]
 * </pre>
 *
 * Defaults: 6 rounds of 400 keeps per case, the first a warm-up that is not counted.
 */
public final class ReplyContextKeepCost {

    private static final int[] SIZES = {0, 1_000, 10_000};
    private static final String[] VARIANTS = {"bound 10k", "bound max", "no trim"};
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final String CONTEXTS = "madoguchi_outbox_inbound_context";

    private ReplyContextKeepCost() {}

    /**
     * @param args rounds, keeps per case and round
     * @throws Exception if a database does not start or a statement fails
     */
    public static void main(String[] args) throws Exception {
        int rounds;
        int keeps;
        try {
            rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
            keeps = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        } catch (NumberFormatException e) {
            rounds = 0;
            keeps = 0;
        }
        if (rounds < 2 || keeps < 1 || args.length > 2) {
            System.err.println("usage: ReplyContextKeepCost [ROUNDS >= 2] [KEEPS >= 1]");
            System.exit(2);
            return;
        }
        System.out.printf("reply-context keep latency, %d measured rounds of %d keeps per case; cpus %d%n",
            rounds - 1, keeps, Runtime.getRuntime().availableProcessors());
        Path dir = Files.createTempDirectory("keep-cost");
        try (HikariDataSource h2 = pool("jdbc:h2:file:" + dir.resolve("outbox") + ";DB_CLOSE_DELAY=-1", "sa", "")) {
            run("H2 (file)", h2, false, rounds, keeps);
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off").start();
             HikariDataSource ds = pool(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")) {
            run("PostgreSQL", ds, true, rounds, keeps);
        }
    }

    private static void run(String database, DataSource ds, boolean postgres, int rounds, int keeps)
        throws SQLException {
        JdbcOutboxStore.migrate(ds);
        OutboxStore bounded = new JdbcOutboxStore(ds, 10_000, Duration.ofDays(7));
        OutboxStore unbounded = new JdbcOutboxStore(ds, Integer.MAX_VALUE, Duration.ofDays(7));
        Histogram[][] us = new Histogram[SIZES.length][VARIANTS.length];
        for (int s = 0; s < SIZES.length; s++) {
            for (int v = 0; v < VARIANTS.length; v++) {
                fill(ds, tenant(s, v), SIZES[s]);
                us[s][v] = new Histogram(60_000_000L, 3);
            }
        }
        if (postgres) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("ANALYZE " + CONTEXTS);
            }
        }
        long next = 0;
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < SIZES.length; s++) {
                for (int v = 0; v < VARIANTS.length; v++) {
                    TenantId tenant = tenant(s, v);
                    for (int k = 0; k < keeps; k++) {
                        String id = "m-" + (next++);
                        ChannelIdentity sender = ChannelIdentity.line("U" + id);
                        ReplyContext context = new ReplyContext(Map.of("line.to", sender.value()), "token-" + id,
                            NOW);
                        long t0 = System.nanoTime();
                        switch (v) {
                            case 0 -> bounded.keepContext(tenant, Channel.LINE, id, sender, context);
                            case 1 -> unbounded.keepContext(tenant, Channel.LINE, id, sender, context);
                            default -> keepWithoutTrim(ds, postgres, tenant, id, sender, context);
                        }
                        long took = System.nanoTime() - t0;
                        // untimed, as the desk goes on: the message is committed and its context resolved (a use),
                        // and the tenant's least recently used context goes, so the tenant stays at its size
                        bounded.resolveContext(tenant, Channel.LINE, id, TicketId.of("t-" + id), 1);
                        dropLeastRecentlyUsed(ds, tenant);
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
                System.out.printf("%-10s %6d contexts  %-9s  p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms  (n=%d)%n",
                    database, SIZES[s], VARIANTS[v], h.getValueAtPercentile(50) / 1e3,
                    h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3, h.getTotalCount());
            }
        }
    }

    private static TenantId tenant(int size, int variant) {
        return TenantId.of("keep-" + SIZES[size] + "-" + variant);
    }

    /** Fills a tenant with resolved contexts, each from its own sender and ticket, used in order. */
    private static void fill(DataSource ds, TenantId tenant, int count) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + CONTEXTS
            + " (tenant, channel, message_id, sender_kind, sender, ticket, message_seq, hints_json, reply_token, "
            + "received_at, used_seq) VALUES (?, ?, ?, ?, ?, ?, 1, '{}', NULL, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 1; i <= count; i++) {
                ps.setString(1, tenant.value());
                ps.setString(2, Channel.LINE.name());
                ps.setString(3, "fill-" + i);
                ps.setString(4, ChannelIdentity.line("U").kind().name());
                ps.setString(5, "Ufill-" + i);
                ps.setString(6, "t-" + i);
                ps.setObject(7, OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC));
                ps.setLong(8, i);
                ps.addBatch();
                if (i % 1_000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
        }
    }

    /** Deletes the tenant's least recently used context. */
    private static void dropLeastRecentlyUsed(DataSource ds, TenantId tenant) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM " + CONTEXTS
            + " WHERE tenant = ? AND message_id = (SELECT message_id FROM " + CONTEXTS + " WHERE tenant = ? "
            + "ORDER BY used_seq, channel, message_id FETCH FIRST 1 ROWS ONLY)")) {
            ps.setString(1, tenant.value());
            ps.setString(2, tenant.value());
            ps.executeUpdate();
        }
    }

    /** {@code JdbcOutboxStore.keepContext}'s statements without the tenant trim, in one transaction. */
    private static void keepWithoutTrim(DataSource ds, boolean postgres, TenantId tenant, String id,
                                        ChannelIdentity sender, ReplyContext context) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + CONTEXTS + " WHERE received_at < ?")) {
                ps.setObject(1, OffsetDateTime.ofInstant(context.receivedAt().minus(Duration.ofDays(7)),
                    ZoneOffset.UTC));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + CONTEXTS + " (tenant, channel, "
                + "message_id, sender_kind, sender, ticket, message_seq, hints_json, reply_token, received_at, "
                + "used_seq) VALUES (?, ?, ?, ?, ?, NULL, 0, ?, ?, ?, COALESCE((SELECT used_seq FROM " + CONTEXTS
                + " WHERE tenant = ? ORDER BY tenant DESC, used_seq DESC FETCH FIRST 1 ROWS ONLY), 0) + 1)"
                + (postgres ? " ON CONFLICT DO NOTHING" : ""))) {
                ps.setString(1, tenant.value());
                ps.setString(2, Channel.LINE.name());
                ps.setString(3, id);
                ps.setString(4, sender.kind().name());
                ps.setString(5, sender.value());
                ps.setString(6, "{\"line.to\":\"" + sender.value() + "\"}");
                ps.setString(7, context.replyToken());
                ps.setObject(8, OffsetDateTime.ofInstant(context.receivedAt(), ZoneOffset.UTC));
                ps.setString(9, tenant.value());
                ps.executeUpdate();
            }
            List<String> beyond = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT message_id FROM " + CONTEXTS + " WHERE "
                + "tenant = ? AND channel = ? AND sender_kind = ? AND sender = ? AND ticket IS NULL "
                + "ORDER BY received_at DESC, message_id DESC OFFSET ? ROWS")) {
                ps.setString(1, tenant.value());
                ps.setString(2, Channel.LINE.name());
                ps.setString(3, sender.kind().name());
                ps.setString(4, sender.value());
                ps.setInt(5, OutboxStore.UNRESOLVED_PER_SENDER);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        beyond.add(rs.getString(1));
                    }
                }
            }
            if (!beyond.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + CONTEXTS + " WHERE tenant = ? "
                    + "AND channel = ? AND message_id = ? AND ticket IS NULL")) {
                    for (String old : beyond) {
                        ps.setString(1, tenant.value());
                        ps.setString(2, Channel.LINE.name());
                        ps.setString(3, old);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("keep without trim failed", e);
        }
    }

    /** A pool of two connections, as the JDBC evaluations of this package use. */
    static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }
}
