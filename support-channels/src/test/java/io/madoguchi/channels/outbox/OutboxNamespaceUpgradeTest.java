package io.madoguchi.channels.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.outbox.jdbc.JdbcOutboxStore;
import io.madoguchi.channels.webhooks.WebhookDelivery;
import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.IdentityKind;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.jdbc.JdbcSchema;
import io.madoguchi.core.store.jdbc.TestDatabases;
import io.madoguchi.core.time.ManualScheduler;
import io.madoguchi.core.time.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outbox rows written under the channels' schema version 7 (no namespaces) are, after the upgrade to version 8, the
 * default namespace's: found by the store as constructed, still taken as written before when their event is
 * redelivered, and sent exactly once; the webhook sender's namespace starts empty beside them, its rows at the same
 * ids.
 */
@ExtendWith(TestDatabases.ClosePools.class)
class OutboxNamespaceUpgradeTest {

    private static final TenantId SHOP = TenantId.of("和菓子の店");
    private static final Instant T0 = Instant.parse("2026-12-02T01:00:00Z");

    @Test
    void rowsOfVersion7AreTheDefaultNamespacesAndSentOnceAfterTheUpgradeOnH2() throws Exception {
        upgradeWithRows(TestDatabases.h2());
    }

    @Test
    void rowsOfVersion7AreTheDefaultNamespacesAndSentOnceAfterTheUpgradeOnPostgres() throws Exception {
        upgradeWithRows(TestDatabases.migratedPostgres());
    }

    private static void upgradeWithRows(DataSource ds) throws Exception {
        JdbcSchema.migrate(ds, new JdbcSchema.Scripts("Madoguchi channels", "io/madoguchi/db/channels",
            "madoguchi_channels_schema_version", JdbcOutboxStore.SCHEMA.scripts().subList(0, 7)));
        try (Connection c = ds.getConnection()) {
            insertV7(c, 256, RecordingAdapter.CHANNEL, "U-pending", "PENDING", "[\"ご注文の品を発送しました。\"]",
                "{}", null);
            insertV7(c, 257, RecordingAdapter.CHANNEL, "U-sent", "SENT", "[\"お問い合わせありがとうございました。\"]",
                "{}", null);
            insertV7(c, 512, Channel.WEBHOOK, "crm", "SENT", "[\"{}\"]",
                "{\"" + OutboxStore.DELIVERY_KEY_HINT + "\":\"msg_before\"}", "msg_before");
        }

        assertThat(JdbcOutboxStore.migrate(ds)).isEqualTo(7);
        JdbcOutboxStore replies = new JdbcOutboxStore(ds);
        JdbcOutboxStore webhooks = replies.withNamespace(WebhookDelivery.OUTBOX_NAMESPACE);

        assertThat(replies.between(0, 10_000, 10)).extracting(OutboxRow::id, OutboxRow::status).containsExactly(
            tuple(256L, OutboxRow.Status.PENDING),
            tuple(257L, OutboxRow.Status.SENT),
            tuple(512L, OutboxRow.Status.SENT));
        assertThat(replies.get(256).orElseThrow().parts()).containsExactly("ご注文の品を発送しました。");
        assertThat(webhooks.between(0, 10_000, 10)).as("the webhooks' namespace starts empty").isEmpty();
        assertThat(replies.add(reply(256))).as("the redelivered event of a row written before").isFalse();
        assertThat(replies.add(webhookRow(768, "msg_before"))).as("a row written before, by its delivery key")
            .isFalse();
        assertThat(webhooks.add(webhookRow(256, "msg_after"))).as("the webhook sender's row at a reply's id")
            .isTrue();

        ManualScheduler scheduler = ManualScheduler.startingAt(T0.plusSeconds(60), ZoneOffset.UTC);
        MutableClock clock = scheduler.clock();
        RecordingAdapter provider = new RecordingAdapter(clock);
        OutboxSender sender = OutboxSender.builder(replies, DeskStore.inMemory(clock).eventLog(), scheduler, clock)
            .adapter(provider).build();
        sender.resume();
        sender.dispatch(256);
        scheduler.advance(Duration.ofMinutes(1));
        sender.resume();
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(provider.requests).extracting(RecordingAdapter.Request::texts).as("sent once")
            .containsExactly(List.of("ご注文の品を発送しました。"));
        assertThat(replies.get(256).orElseThrow().status()).isEqualTo(OutboxRow.Status.SENT);
        assertThat(webhooks.get(256).orElseThrow()).as("the other namespace's row at the id is untouched")
            .satisfies(r -> {
                assertThat(r.channel()).isEqualTo(Channel.WEBHOOK);
                assertThat(r.status()).isEqualTo(OutboxRow.Status.PENDING);
            });
    }

    private static OutboxRow reply(long id) {
        return new OutboxRow(id, SHOP, TicketId.of("t-" + id), 2, RecordingAdapter.CHANNEL,
            ChannelIdentity.line("U-pending"), List.of("ご注文の品を発送しました。"), 0, ReplyContext.none(T0),
            OutboxRow.Status.PENDING, 0, 0, T0, null, T0, 1);
    }

    private static OutboxRow webhookRow(long id, String messageId) {
        return new OutboxRow(id, SHOP, TicketId.of("t-1"), 0, Channel.WEBHOOK,
            new ChannelIdentity(IdentityKind.EXTERNAL, "crm"), List.of("{}"), 0,
            new ReplyContext(Map.of(OutboxStore.DELIVERY_KEY_HINT, messageId), null, T0), OutboxRow.Status.PENDING,
            0, 0, T0, null, T0, 1);
    }

    /** A row as a store of schema version 7 wrote it. */
    private static void insertV7(Connection c, long id, Channel channel, String recipient, String status,
                                 String parts, String hints, @Nullable String deliveryKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_outbox (id, tenant, ticket, "
            + "message_seq, channel, recipient_kind, recipient, parts_json, parts_sent, context_json, status, "
            + "attempts, requests, next_attempt_at, last_error, created_at, version, delivery_key) "
            + "VALUES (?, ?, ?, 2, ?, ?, ?, ?, 0, ?, ?, 0, 0, ?, NULL, ?, 1, ?)")) {
            OffsetDateTime at = OffsetDateTime.ofInstant(T0, ZoneOffset.UTC);
            ps.setLong(1, id);
            ps.setString(2, SHOP.value());
            ps.setString(3, "t-" + id);
            ps.setString(4, channel.name());
            ps.setString(5, channel.equals(Channel.WEBHOOK) ? IdentityKind.EXTERNAL.name()
                : IdentityKind.LINE_USER.name());
            ps.setString(6, recipient);
            ps.setString(7, parts);
            ps.setString(8, "{\"hints\":" + hints + ",\"replyToken\":null,\"receivedAt\":\"" + T0 + "\"}");
            ps.setString(9, status);
            ps.setObject(10, at);
            ps.setObject(11, at);
            ps.setString(12, deliveryKey);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_outbox_tenant (tenant) SELECT ? "
            + "WHERE NOT EXISTS (SELECT 1 FROM madoguchi_outbox_tenant WHERE tenant = ?)")) {
            ps.setString(1, SHOP.value());
            ps.setString(2, SHOP.value());
            ps.executeUpdate();
        }
    }
}
