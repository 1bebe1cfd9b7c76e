package io.madoguchi.channels.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.madoguchi.channels.outbox.ForwardingOutboxStore;
import io.madoguchi.channels.outbox.InMemoryOutboxStore;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.channels.outbox.OutboxSender;
import io.madoguchi.channels.outbox.OutboxStore;
import io.madoguchi.channels.outbox.jdbc.JdbcOutboxStore;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.store.jdbc.TestDatabases;
import io.madoguchi.core.time.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An event the webhook publisher parked after one endpoint's row was sent, redelivered by an admin weeks later, when
 * the outbox store has pruned that row (its retention is 7 days): the endpoint whose row was sent does not get the
 * event again, and the endpoint that got no row gets it once.
 */
@ExtendWith(TestDatabases.ClosePools.class)
class WebhookRedeliveryAfterRetentionTest {

    private static final TenantId SHOP = TenantId.of("shop-a");
    private static final String SECRET = "whsec_" + Base64.getEncoder()
        .encodeToString("再配送テストの署名鍵-0123456789".getBytes(StandardCharsets.UTF_8));

    private WireMockServer host;

    @BeforeEach
    void start() {
        host = new WireMockServer(options().dynamicPort());
        host.start();
        host.stubFor(post(urlPathEqualTo("/hooks/crm")).willReturn(aResponse().withStatus(204)));
        host.stubFor(post(urlPathEqualTo("/hooks/erp")).willReturn(aResponse().withStatus(204)));
    }

    @AfterEach
    void stop() {
        host.stop();
    }

    @Test
    void inMemory() {
        redeliverAParkedEventAfterTheRetention(new InMemoryOutboxStore()
            .withNamespace(WebhookDelivery.OUTBOX_NAMESPACE), false);
    }

    @Test
    void onH2() {
        DataSource ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        redeliverAParkedEventAfterTheRetention(new JdbcOutboxStore(ds)
            .withNamespace(WebhookDelivery.OUTBOX_NAMESPACE), false);
    }

    @Test
    void onPostgres() {
        DataSource ds = TestDatabases.migratedPostgres();
        JdbcOutboxStore.migrate(ds);
        redeliverAParkedEventAfterTheRetention(new JdbcOutboxStore(ds)
            .withNamespace(WebhookDelivery.OUTBOX_NAMESPACE), false);
    }

    /**
     * The endpoints in the other order when the event is redelivered (a redeploy): the ERP endpoint's place is the id
     * of the CRM endpoint's dropped row, so its row is written at another id.
     */
    @Test
    void inMemoryWithTheEndpointsReordered() {
        redeliverAParkedEventAfterTheRetention(new InMemoryOutboxStore()
            .withNamespace(WebhookDelivery.OUTBOX_NAMESPACE), true);
    }

    @Test
    void onH2WithTheEndpointsReordered() {
        DataSource ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        redeliverAParkedEventAfterTheRetention(new JdbcOutboxStore(ds)
            .withNamespace(WebhookDelivery.OUTBOX_NAMESPACE), true);
    }

    private void redeliverAParkedEventAfterTheRetention(OutboxStore rows, boolean reorder) {
        ManualScheduler scheduler = ManualScheduler.startingAt(Instant.parse("2026-12-02T01:00:00Z"), ZoneOffset.UTC);
        DeskStore store = DeskStore.inMemory(scheduler.clock());
        SupportDesk desk = SupportDesk.builder().clock(scheduler.clock()).store(store).scheduler(scheduler).build();
        Principal admin = Principal.admin(SHOP, AgentId.of("admin"));
        FailingFor webhooks = new FailingFor(rows);
        subscribe(desk, store, scheduler, webhooks, "crm", "erp");

        webhooks.failAddFor = "erp"; // the ERP endpoint's row cannot be written: the event is retried, then parked
        desk.receive(desk.system(SHOP, "web-form"), InboundMessage.of(Channel.WEB,
            ChannelIdentity.email("yamada@example.jp"), "山田 太郎", "注文した商品がまだ届きません", "web-1"));
        scheduler.advance(Duration.ofSeconds(1));
        scheduler.advance(Duration.ofHours(1));
        long created = desk.parkedEvents(admin, WebhookPublisher.NAME).get(0).position();
        assertThat(deliveries("crm")).as("the CRM endpoint's row was written and sent").hasSize(1);
        assertThat(deliveries("erp")).isEmpty();

        // three weeks on, the store is fixed and other tickets' rows are written (which prunes the sent row)
        webhooks.failAddFor = null;
        if (reorder) {
            assertThat(desk.unsubscribe(WebhookPublisher.NAME)).isTrue();
            subscribe(desk, store, scheduler, webhooks, "erp", "crm");
        }
        scheduler.advance(Duration.ofDays(21));
        desk.receive(desk.system(SHOP, "web-form"), InboundMessage.of(Channel.WEB,
            ChannelIdentity.email("suzuki@example.jp"), "鈴木 花子", "返品の手続きを教えてください", "web-2"));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(rows.between(created * 256, created * 256 + 255, 256)).as("pruned after the retention").isEmpty();

        assertThat(desk.redeliver(admin, WebhookPublisher.NAME, created)).as("handled this time").isTrue();
        scheduler.advance(Duration.ofSeconds(1));
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(desk.parkedEvents(admin, WebhookPublisher.NAME)).isEmpty();
        assertThat(deliveries("crm")).extracting(r -> r.getHeader("webhook-id"))
            .as("the CRM endpoint got each event once, not the redelivered one again").doesNotHaveDuplicates()
            .hasSize(2);
        assertThat(deliveries("erp")).extracting(r -> r.getHeader("webhook-id"))
            .as("the ERP endpoint got the redelivered event once, and the other").doesNotHaveDuplicates().hasSize(2);
        assertThat(rows.between(created * 256, created * 256 + 255, 256)).singleElement().satisfies(r -> {
            assertThat(r.recipient().value()).isEqualTo("erp");
            assertThat(r.id()).as("its place, or the next free id when the CRM row's id is its place")
                .isEqualTo(created * 256 + 1);
            assertThat(r.status()).isEqualTo(OutboxRow.Status.SENT);
        });
        assertThat(rows.withStatus(OutboxRow.Status.PENDING, 10)).isEmpty();
        assertThat(rows.withStatus(OutboxRow.Status.SENDING, 10)).isEmpty();
        List<EventEnvelope> log = store.eventLog().read(0, 10_000);
        assertThat(log).filteredOn(e -> e.type().equals("desk.TicketCreated")).hasSize(2);
    }

    /** Subscribes a webhook publisher and its sender on the store, for the endpoints in that order. */
    private void subscribe(SupportDesk desk, DeskStore store, ManualScheduler scheduler, OutboxStore webhooks,
                           String... endpoints) {
        WebhookDelivery.Builder b = WebhookDelivery.builder(store.eventLog()).clock(scheduler.clock());
        for (String e : endpoints) {
            b.endpoint(WebhookEndpoint.of(SHOP.value(), e, url(e), SECRET, "desk.TicketCreated"));
        }
        WebhookDelivery delivery = b.build();
        OutboxSender sender = delivery.configure(OutboxSender.builder(webhooks, store.eventLog(), scheduler,
            scheduler.clock())).build();
        desk.subscribe(new WebhookPublisher(delivery, webhooks, sender, scheduler.clock()));
    }

    private String url(String endpoint) {
        return "http://localhost:" + host.port() + "/hooks/" + endpoint;
    }

    private List<LoggedRequest> deliveries(String endpoint) {
        return host.findAll(postRequestedFor(urlPathEqualTo("/hooks/" + endpoint)));
    }

    /** A store whose adds fail for one endpoint while told to. */
    private static final class FailingFor extends ForwardingOutboxStore {
        private volatile @Nullable String failAddFor;

        FailingFor(OutboxStore delegate) {
            super(delegate);
        }

        @Override
        public boolean add(OutboxRow row) {
            if (row.recipient().value().equals(failAddFor)) {
                throw new StoreException("the store failed writing the row for " + failAddFor, true);
            }
            return delegate.add(row);
        }
    }
}
