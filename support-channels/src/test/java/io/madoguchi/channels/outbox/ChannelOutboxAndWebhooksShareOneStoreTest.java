package io.madoguchi.channels.outbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.madoguchi.channels.event.ChannelEvent;
import io.madoguchi.channels.outbox.jdbc.JdbcOutboxStore;
import io.madoguchi.channels.webhooks.WebhookDelivery;
import io.madoguchi.channels.webhooks.WebhookEndpoint;
import io.madoguchi.channels.webhooks.WebhookPublisher;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.event.DeliveryRequested;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.jdbc.TestDatabases;
import io.madoguchi.core.time.ManualScheduler;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The channel outbox and the webhook sender on one outbox store (one JDBC table, or one in-memory store), each in its
 * namespace: the reply whose {@code DeliveryRequested} event's position is the id of the webhook row of the ticket's
 * {@code desk.TicketCreated} event (its position times 256) and that webhook row are both written and each sent once.
 */
@ExtendWith(TestDatabases.ClosePools.class)
class ChannelOutboxAndWebhooksShareOneStoreTest {

    private static final TenantId SHOP = TenantId.of("shop-a");
    private static final String SECRET = "whsec_"
        + java.util.Base64.getEncoder().encodeToString("共有ストアの署名鍵-0123456789".getBytes(
            java.nio.charset.StandardCharsets.UTF_8));

    private WireMockServer host;

    @BeforeEach
    void start() {
        host = new WireMockServer(options().dynamicPort());
        host.start();
        host.stubFor(post(urlPathEqualTo("/hooks/crm")).willReturn(aResponse().withStatus(204)));
    }

    @AfterEach
    void stop() {
        host.stop();
    }

    @Test
    void onOneInMemoryStoreBothRowsAtTheSameIdAreSentOnce() {
        InMemoryOutboxStore replies = new InMemoryOutboxStore();
        deliverBothAtOneId(replies, replies.withNamespace(WebhookDelivery.OUTBOX_NAMESPACE));
    }

    @Test
    void onOneH2TableBothRowsAtTheSameIdAreSentOnce() {
        DataSource ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        JdbcOutboxStore replies = new JdbcOutboxStore(ds);
        deliverBothAtOneId(replies, new JdbcOutboxStore(ds).withNamespace(WebhookDelivery.OUTBOX_NAMESPACE));
    }

    @Test
    void onOnePostgresTableBothRowsAtTheSameIdAreSentOnce() {
        DataSource ds = TestDatabases.migratedPostgres();
        JdbcOutboxStore.migrate(ds);
        JdbcOutboxStore replies = new JdbcOutboxStore(ds);
        deliverBothAtOneId(replies, replies.withNamespace(WebhookDelivery.OUTBOX_NAMESPACE));
    }

    /**
     * @param replies the channel outbox's store
     * @param webhooks the webhook sender's store, on the same store or table
     */
    private void deliverBothAtOneId(OutboxStore replies, OutboxStore webhooks) {
        Collision at = replyAtTheWebhookRowsId(replies, webhooks);
        ManualScheduler scheduler = at.scheduler();
        DeskStore store = at.store();
        List<RecordingAdapter.Request> provider = at.provider();
        long collides = at.id();

        scheduler.advance(Duration.ofSeconds(1));
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(webhooks.get(collides)).hasValueSatisfying(r -> {
            assertThat(r.channel()).isEqualTo(Channel.WEBHOOK);
            assertThat(r.status()).isEqualTo(OutboxRow.Status.SENT);
        });
        assertThat(replies.get(collides)).hasValueSatisfying(r -> {
            assertThat(r.channel()).isEqualTo(RecordingAdapter.CHANNEL);
            assertThat(r.parts()).containsExactly("本日発送されました。明日お届けの予定です。");
            assertThat(r.status()).isEqualTo(OutboxRow.Status.SENT);
        });
        assertThat(provider).extracting(r -> r.texts().get(0)).as("each reply sent once")
            .containsExactly("確認いたします。少々お待ちください。", "本日発送されました。明日お届けの予定です。");
        assertThat(host.findAll(postRequestedFor(urlPathEqualTo("/hooks/crm")))).as("the webhook sent once")
            .hasSize(1);
        assertThat(replies.withStatus(OutboxRow.Status.SENT, 10)).extracting(OutboxRow::channel)
            .containsOnly(RecordingAdapter.CHANNEL).hasSize(2);
        assertThat(webhooks.withStatus(OutboxRow.Status.SENT, 10)).extracting(OutboxRow::channel)
            .containsExactly(Channel.WEBHOOK);
        List<EventEnvelope> log = store.eventLog().read(0, 10_000);
        assertThat(log).filteredOn(e -> e.event() instanceof ChannelEvent.DeliveryDeadLettered).isEmpty();
        assertThat(log).filteredOn(e -> e.event() instanceof ChannelEvent.DeliveryDelivered)
            .extracting(e -> ((ChannelEvent.DeliveryDelivered) e.event()).channel())
            .containsExactlyInAnyOrder(RecordingAdapter.CHANNEL, RecordingAdapter.CHANNEL, Channel.WEBHOOK);
    }

    /**
     * A desk whose reply's {@code DeliveryRequested} event lands at the id of the webhook row of the ticket's {@code
     * desk.TicketCreated} event, neither of them sent yet.
     */
    private Collision replyAtTheWebhookRowsId(OutboxStore replies, OutboxStore webhooks) {
        ManualScheduler scheduler = ManualScheduler.startingAt(Instant.parse("2026-12-02T01:00:00Z"), ZoneOffset.UTC);
        MutableClock clock = scheduler.clock();
        DeskStore store = DeskStore.inMemory(clock);
        SupportDesk desk = SupportDesk.builder().clock(clock).store(store).scheduler(scheduler).build();
        Principal admin = Principal.admin(SHOP, AgentId.of("admin"));
        desk.saveAgent(admin, Agent.of(SHOP, AgentId.of("sato"), "佐藤"));
        Principal agent = Principal.agent(SHOP, AgentId.of("sato"));

        List<RecordingAdapter.Request> provider = new CopyOnWriteArrayList<>();
        OutboxSender replySender = OutboxSender.builder(replies, store.eventLog(), scheduler, clock)
            .adapter(new RecordingAdapter(clock, provider)).desk(desk).build();
        desk.subscribe(new OutboxSubscriber(desk, replies, replySender, store.eventLog()));
        WebhookDelivery delivery = WebhookDelivery.builder(store.eventLog()).clock(clock)
            .endpoint(WebhookEndpoint.of(SHOP.value(), "crm", "http://localhost:" + host.port() + "/hooks/crm",
                SECRET, "desk.TicketCreated"))
            .build();
        OutboxSender webhookSender = delivery.configure(OutboxSender.builder(webhooks, store.eventLog(), scheduler,
            clock)).build();
        desk.subscribe(new WebhookPublisher(delivery, webhooks, webhookSender, clock));

        Received first = desk.receive(desk.system(SHOP, "rec"), InboundMessage.of(RecordingAdapter.CHANNEL,
            ChannelIdentity.line("U-yamada"), "山田 太郎", "注文した商品がまだ届きません", "rec-1"));
        scheduler.advance(Duration.ofSeconds(1));
        long created = events(store, "desk.TicketCreated").get(0).position();
        long collides = created * 256; // the webhook row of the TicketCreated event, at the endpoint's place 0

        // a first reply tells how far after the log's head a reply's DeliveryRequested lands
        long before = store.eventLog().head();
        desk.reply(agent, first.ticket().id(), "確認いたします。少々お待ちください。");
        long offset = lastDeliveryRequested(store) - before;
        while (store.eventLog().head() + offset < collides) {
            desk.addNote(agent, first.ticket().id(), "配送業者に問い合わせ中（メモ " + store.eventLog().head() + "）");
        }
        desk.reply(agent, first.ticket().id(), "本日発送されました。明日お届けの予定です。");
        assertThat(lastDeliveryRequested(store)).as("the reply's row id meets the webhook row's").isEqualTo(collides);

        return new Collision(desk, store, scheduler, provider, collides);
    }

    private record Collision(SupportDesk desk, DeskStore store, ManualScheduler scheduler,
                             List<RecordingAdapter.Request> provider, long id) {
    }

    /**
     * The webhook sender given the channel outbox's own namespace (as before namespaces, or by mistake): the reply
     * whose id the webhook row holds is not taken as written before and dropped, but fails loudly until parked, with
     * the store's error naming the namespace; the webhook is sent.
     */
    @Test
    void aReplyWhoseIdAWebhookRowHoldsInItsNamespaceIsParkedNotDroppedSilently() {
        InMemoryOutboxStore shared = new InMemoryOutboxStore();
        Collision at = replyAtTheWebhookRowsId(shared, shared);
        at.scheduler().advance(Duration.ofSeconds(1));
        at.scheduler().advance(Duration.ofDays(2));

        Principal admin = Principal.admin(SHOP, AgentId.of("admin"));
        assertThat(at.desk().parkedEvents(admin, OutboxSubscriber.NAME)).as("the reply's event, parked")
            .singleElement().satisfies(p -> {
                assertThat(p.position()).isEqualTo(at.id());
                assertThat(p.error()).contains("namespace 'outbox'");
            });
        assertThat(at.provider()).extracting(r -> r.texts().get(0)).as("the first reply only")
            .containsExactly("確認いたします。少々お待ちください。");
        assertThat(shared.get(at.id())).hasValueSatisfying(r -> assertThat(r.channel()).isEqualTo(Channel.WEBHOOK));
        assertThat(host.findAll(postRequestedFor(urlPathEqualTo("/hooks/crm")))).hasSize(1);
    }

    private static long lastDeliveryRequested(DeskStore store) {
        List<EventEnvelope> all = store.eventLog().read(0, 10_000);
        long last = 0;
        for (EventEnvelope e : all) {
            if (e.event() instanceof DeliveryRequested) {
                last = e.position();
            }
        }
        return last;
    }

    private static List<EventEnvelope> events(DeskStore store, String type) {
        List<EventEnvelope> out = new ArrayList<>();
        for (EventEnvelope e : store.eventLog().read(0, 10_000)) {
            if (e.type().equals(type)) {
                out.add(e);
            }
        }
        return out;
    }
}
