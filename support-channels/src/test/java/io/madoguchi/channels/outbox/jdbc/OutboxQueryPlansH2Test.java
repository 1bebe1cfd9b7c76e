package io.madoguchi.channels.outbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.store.jdbc.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The statements the H2 outbox runs on every add and every poll read index ranges of the rows they are about, not the
 * finished rows the store keeps for its retention: H2's indexes hold every row (it has no partial index), and it reads
 * a condition {@code status IN (…)} on an index's second or third column as a filter over all entries before it. A
 * tenant whose 2,000 replies were sent this week and three of which are waiting must not cost 2,000 index entries per
 * add or per poll. Each plan's {@code scanCount} is read from {@code EXPLAIN ANALYZE}.
 */
@ExtendWith(TestDatabases.ClosePools.class)
class OutboxQueryPlansH2Test {

    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
    private static final int SENT = 2_000;
    private static final Pattern SCANS = Pattern.compile("scanCount: (\\d+)");

    private DataSource ds;

    @BeforeEach
    void fill() throws SQLException {
        ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        JdbcOutboxStore store = new JdbcOutboxStore(ds);
        TenantId shop = TenantId.of("shop-a");
        // the row API writes the waiting rows; the sent ones of the week go in by batch, as the sender leaves them
        for (int i = 1; i <= 3; i++) {
            store.add(new OutboxRow(SENT + i, shop, TicketId.of("t-" + i), 1, Channel.LINE,
                ChannelIdentity.line("U" + i), List.of("ご注文の商品は本日発送いたしました。"), 0, ReplyContext.none(NOW),
                OutboxRow.Status.PENDING, 0, 0, NOW.minusSeconds(60), null, NOW.minusSeconds(60), 1));
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_outbox "
            + "(id, tenant, ticket, message_seq, channel, recipient_kind, recipient, parts_json, parts_sent, "
            + "context_json, status, attempts, requests, next_attempt_at, last_error, created_at, version) VALUES "
            + "(?, 'shop-a', ?, 1, 'LINE', 'LINE', ?, '[\"お問い合わせありがとうございます。\"]', 1, '{}', 'SENT', 1, 1, ?, "
            + "NULL, ?, 2)")) {
            for (int i = 1; i <= SENT; i++) {
                OffsetDateTime at = OffsetDateTime.ofInstant(NOW.minus(Duration.ofMinutes(3L * i)), ZoneOffset.UTC);
                ps.setLong(1, i);
                ps.setString(2, "t-" + i);
                ps.setString(3, "U" + i);
                ps.setObject(4, at);
                ps.setObject(5, at);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Test
    void pruningBeforeAnAddReadsOnlyRowsOldEnoughToGo() throws SQLException {
        for (String status : List.of("SENT", "DEAD")) {
            List<Integer> scans = scanCounts(JdbcOutboxStore.PRUNE, "outbox", status,
                OffsetDateTime.ofInstant(NOW.minus(Duration.ofDays(7)), ZoneOffset.UTC));
            assertThat(scans).as(status).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
        }
    }

    @Test
    void countingATenantsUnfinishedRowsReadsOnlyThose() throws SQLException {
        assertThat(scanCounts(JdbcOutboxStore.COUNT_UNFINISHED, "outbox", "shop-a", 100_000, "outbox", "shop-a",
            100_000)).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(4));
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(JdbcOutboxStore.COUNT_UNFINISHED)) {
            bind(ps, "outbox", "shop-a", 100_000, "outbox", "shop-a", 100_000);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
        }
    }

    @Test
    void aPollForDueRowsReadsOnlyUnfinishedOnes() throws SQLException {
        OffsetDateTime now = OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC);
        assertThat(scanCounts(JdbcOutboxStore.DUE_H2, "outbox", now, "outbox", now, 100))
            .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(4));
        assertThat(new JdbcOutboxStore(ds).due(NOW, 100)).extracting(OutboxRow::id)
            .containsExactly(SENT + 1L, SENT + 2L, SENT + 3L);
    }

    private List<Integer> scanCounts(String sql, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("EXPLAIN ANALYZE " + sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String plan = rs.getString(1);
                Matcher m = SCANS.matcher(plan);
                List<Integer> scans = new ArrayList<>();
                while (m.find()) {
                    scans.add(Integer.parseInt(m.group(1)));
                }
                assertThat(scans).as(plan).isNotEmpty();
                return scans;
            }
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }
}
