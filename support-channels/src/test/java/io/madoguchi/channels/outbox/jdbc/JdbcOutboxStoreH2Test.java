package io.madoguchi.channels.outbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.channels.outbox.OutboxStore;
import io.madoguchi.channels.outbox.OutboxStoreContract;
import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.store.jdbc.JdbcSchema;
import io.madoguchi.core.store.jdbc.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class JdbcOutboxStoreH2Test extends OutboxStoreContract {

    @Override
    protected OutboxStore inNamespace(OutboxStore of, String namespace) {
        return ((JdbcOutboxStore) of).withNamespace(namespace);
    }

    @Override
    protected OutboxStore newStore() {
        DataSource ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        return new JdbcOutboxStore(ds);
    }

    @Override
    protected OutboxStore newStoreWithMaxRows(int maxRows) {
        DataSource ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        return new JdbcOutboxStore(ds, maxRows, 10_000, Duration.ofDays(7));
    }

    @Override
    protected OutboxStore newStoreWithMaxLedger(int maxLedger) {
        DataSource ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        return new JdbcOutboxStore(ds, 100_000, 10_000, Duration.ofDays(7), maxLedger, Duration.ofDays(90));
    }

    @Override
    protected OutboxStore newStore(int maxContexts) {
        DataSource ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        return new JdbcOutboxStore(ds, maxContexts, Duration.ofDays(7));
    }

    @Test
    void theChannelsSchemaHasItsOwnVersionApartFromTheDesks() {
        DataSource ds = TestDatabases.h2();
        int latest = JdbcOutboxStore.SCHEMA.scripts().size();

        assertThat(JdbcOutboxStore.migrate(ds)).isZero();
        assertThat(JdbcOutboxStore.migrate(ds)).isEqualTo(latest);
        assertThat(JdbcSchema.version(ds, JdbcOutboxStore.SCHEMA)).isEqualTo(latest);
        assertThat(JdbcSchema.version(ds)).as("the desk's schema is untouched").isZero();

        JdbcSchema.migrate(ds);
        assertThat(JdbcSchema.version(ds)).isEqualTo(JdbcSchema.CURRENT_VERSION);
        assertThat(JdbcSchema.version(ds, JdbcOutboxStore.SCHEMA)).isEqualTo(latest);
    }

    @Test
    void aRowOrContextBoundOrRetentionThatIsNotPositiveIsRefused() {
        DataSource ds = TestDatabases.h2();

        assertThatThrownBy(() -> new JdbcOutboxStore(ds, 0, Duration.ofDays(7)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxContexts");
        assertThatThrownBy(() -> new JdbcOutboxStore(ds, 10, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
        assertThatThrownBy(() -> new JdbcOutboxStore(ds, 0, 10, Duration.ofDays(7)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRows");
        assertThatThrownBy(() -> new JdbcOutboxStore(ds, 10, 10, Duration.ofDays(7), 0, Duration.ofDays(90)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLedger");
        assertThatThrownBy(() -> new JdbcOutboxStore(ds, 10, 10, Duration.ofDays(7), 10, Duration.ofDays(6)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ledgerRetention");
    }

    /**
     * A tenant's ledger is trimmed in batches: to its newest {@code maxLedger - maxLedger / 64} entries, by every
     * {@code maxLedger / 64}-th add; never past the bound by more than the finished rows deleted between two trims.
     */
    @Test
    void aTenantsLedgerIsTrimmedInBatchesToItsLatestFinishedRows() throws Exception {
        DataSource ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        JdbcOutboxStore small = new JdbcOutboxStore(ds, 100_000, 10_000, Duration.ofDays(7), 128,
            Duration.ofDays(90));
        for (long id = 1; id <= 200; id++) {
            small.add(row(id, T0));
            small.update(small.get(id).orElseThrow().with(OutboxRow.Status.SENT, T0.plusSeconds(id)));
        }
        // the adds trim on the first and then every second add (128 / 64 = 2): the 200th did not
        assertThat(small.add(writtenAt(row(1_000, T0), PRUNED))).isTrue();

        assertThat(ledger(ds)).as("trimmed by this add, after it moved the 200 rows").isEqualTo(126);
        assertThat(small.add(writtenAt(row(75, T0), PRUNED))).as("the latest 126: ids 75 to 200").isFalse();
        assertThat(small.add(writtenAt(row(74, T0), PRUNED))).as("forgotten").isTrue();
        assertThat(ledger(ds)).isEqualTo(126);
    }

    private static int ledger(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM madoguchi_outbox_ledger"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void version4KeepsTheContextsRememberedPerTicketUntilANewerMessageOfTheTicketIsResolved() throws Exception {
        DataSource ds = TestDatabases.h2();
        JdbcSchema.migrate(ds, new JdbcSchema.Scripts("Madoguchi channels", "io/madoguchi/db/channels",
            "madoguchi_channels_schema_version", JdbcOutboxStore.SCHEMA.scripts().subList(0, 3)));
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
            + "madoguchi_outbox_context (tenant, ticket, hints_json, reply_token, received_at) "
            + "VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, TENANT.value());
            ps.setString(2, "t-1");
            ps.setString(3, "{\"slack.thread\":\"1700000000.000100\"}");
            ps.setString(4, "token-1");
            ps.setObject(5, OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));
            ps.executeUpdate();
        }

        assertThat(JdbcOutboxStore.migrate(ds)).isEqualTo(3);
        JdbcOutboxStore migrated = new JdbcOutboxStore(ds);
        ReplyContext carried = migrated.takeContext(TENANT, TicketId.of("t-1")).orElseThrow();
        assertThat(carried.replyToken()).isEqualTo("token-1");
        assertThat(carried.hint("slack.thread")).isEqualTo("1700000000.000100");

        migrated.keepContext(TENANT, Channel.SLACK, "C1/1700000000.000200", ChannelIdentity.slack("U1"),
            new ReplyContext(Map.of("slack.thread", "1700000000.000100"), null, T0.plusSeconds(60)));
        migrated.resolveContext(TENANT, Channel.SLACK, "C1/1700000000.000200", TicketId.of("t-1"), 3);
        assertThat(migrated.takeContext(TENANT, TicketId.of("t-1")).orElseThrow().receivedAt())
            .isEqualTo(T0.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    @Test
    void finishedRowsOlderThanTheRetentionAreDeletedAndUnfinishedOnesKept() {
        DataSource ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        JdbcOutboxStore small = new JdbcOutboxStore(ds, Duration.ofDays(1));
        small.add(row(1, T0));
        small.update(small.get(1).orElseThrow().with(OutboxRow.Status.SENT, T0));
        small.add(row(2, T0));

        OutboxRow later = row(3, T0);
        small.add(new OutboxRow(3, later.tenantId(), later.ticketId(), 1, later.channel(), later.recipient(),
            later.parts(), 0, later.context(), OutboxRow.Status.PENDING, 0, 0, T0, null,
            T0.plus(Duration.ofDays(2)), 1));

        assertThat(small.get(1)).as("sent two days ago").isEmpty();
        assertThat(small.get(2)).as("pending, however old").isPresent();
        assertThat(small.get(3)).isPresent();
    }

    @Test
    void aRowAtAnIdHeldByAnotherChannelSaysToGiveTheWebhooksTheirNamespace() {
        store.add(webhookRow(256, TENANT, "crm-1", "msg_a"));

        assertThatThrownBy(() -> store.add(row(256, T0))).isInstanceOf(StoreException.class)
            .hasMessage("outbox row 256 is held by a row of channel 'webhook', not 'line', in namespace 'outbox': the "
                + "webhook publisher and the channel outbox write to one namespace, where their row ids meet; give "
                + "the webhooks' sender the store withNamespace(WebhookDelivery.OUTBOX_NAMESPACE)");
    }

    @Test
    void aNamespaceThatIsNoPlainNameIsRefusedNamingTheField() {
        JdbcOutboxStore jdbc = (JdbcOutboxStore) store;

        for (String bad : new String[] {"", "Webhooks", "web hooks", "-webhooks", "送信", "x".repeat(33)}) {
            assertThatThrownBy(() -> jdbc.withNamespace(bad)).as("'%s'", bad)
                .isInstanceOfSatisfying(ValidationException.class,
                    e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("namespace"));
        }
        assertThat(jdbc.namespace()).isEqualTo(OutboxStore.DEFAULT_NAMESPACE);
        assertThat(jdbc.withNamespace("outbox")).isSameAs(jdbc);
        assertThat(jdbc.withNamespace("webhooks").namespace()).isEqualTo("webhooks");
    }

    @Test
    void theNextUseOfATenantIsReadFromOneIndexEntryHoweverManyContextsItHolds() throws Exception {
        DataSource ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        JdbcOutboxStore contexts = new JdbcOutboxStore(ds);
        for (String tenant : new String[] {"shop-a", "shop-b"}) {
            for (int i = 1; i <= 200; i++) {
                contexts.keepContext(TenantId.of(tenant), Channel.LINE, "問い合わせ-" + i,
                    ChannelIdentity.line("U" + i), new ReplyContext(Map.of("line.to", "U" + i), null, T0));
            }
        }

        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("EXPLAIN ANALYZE SELECT " + JdbcOutboxStore.NEXT_USE)) {
            ps.setString(1, "shop-a");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String plan = rs.getString(1);
                Matcher scans = Pattern.compile("scanCount: (\\d+)").matcher(plan);
                assertThat(scans.find()).as(plan).isTrue();
                assertThat(Integer.parseInt(scans.group(1))).as(plan).isLessThanOrEqualTo(2);
            }
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + JdbcOutboxStore.NEXT_USE)) {
            ps.setString(1, "shop-a");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(201);
            }
            ps.setString(1, "shop-c");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("a tenant without contexts").isEqualTo(1);
            }
        }
    }

    @Test
    void concurrentKeepsOfOneTenantOnTwoInstancesAllSucceedAndLaterUsesOrderThem() throws Exception {
        ContextTrims.concurrentKeepsOfOneTenantOnTwoInstancesAllSucceedAndLaterUsesOrderThem(TestDatabases.h2());
    }

    @Test
    void aFullTenantIsTrimmedInBatchesNeverPastItsBound() throws Exception {
        ContextTrims.aFullTenantIsTrimmedInBatchesNeverPastItsBound(TestDatabases.h2());
    }
}
