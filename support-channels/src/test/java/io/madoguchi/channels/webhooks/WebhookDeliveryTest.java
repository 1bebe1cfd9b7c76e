package io.madoguchi.channels.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.event.ChannelEvent;
import io.madoguchi.channels.kit.ChannelTestDesk;
import io.madoguchi.channels.outbox.ForwardingOutboxStore;
import io.madoguchi.channels.outbox.InMemoryOutboxStore;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.channels.outbox.OutboxSender;
import io.madoguchi.channels.outbox.OutboxStore;
import io.madoguchi.channels.slack.SlackAdapter;
import io.madoguchi.core.Channel;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.IdentityKind;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.ticket.Visibility;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {

    private static final String CURRENT = "whsec_" + Base64.getEncoder()
        .encodeToString("新しい署名鍵-current-key-0123".getBytes(StandardCharsets.UTF_8));
    private static final String OLD = "whsec_" + Base64.getEncoder()
        .encodeToString("古い署名鍵-previous-key-4567".getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireMockServer host;
    private ChannelTestDesk t;
    private WebhookDelivery delivery;
    private InMemoryOutboxStore rows;
    private WebhookPublisher publisher;
    private OutboxSender sender;
    private int customers;

    @BeforeEach
    void start() {
        host = new WireMockServer(options().dynamicPort());
        host.start();
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("slack-secret", "xoxb-x").clock(clock).build(),
            b -> b);
        wire(WebhookEndpoint.of(t.tenant.value(), "crm", "http://localhost:" + host.port() + "/hooks/desk", CURRENT,
            "desk.TicketCreated", "desk.StatusChanged"));
    }

    private void wire(WebhookEndpoint... endpoints) {
        WebhookDelivery.Builder b = WebhookDelivery.builder(t.store.eventLog()).clock(t.clock);
        for (WebhookEndpoint e : endpoints) {
            b.endpoint(e);
        }
        delivery = b.build();
        rows = new InMemoryOutboxStore();
        sender = delivery.configure(OutboxSender.builder(rows, t.store.eventLog(), t.scheduler,
            t.clock)).build();
        publisher = new WebhookPublisher(delivery, rows, sender, t.clock);
        t.desk.subscribe(publisher);
    }

    @AfterEach
    void stop() {
        host.stop();
    }

    private Received customerWrites(String text) {
        return customerOf(t.tenant, text);
    }

    private Received customerOf(TenantId tenant, String text) {
        customers++;
        return t.desk.receive(t.desk.system(tenant, "web-form"), InboundMessage.of(Channel.WEB,
            ChannelIdentity.email("customer" + customers + "@example.jp"), "山田 花子", text, "web-" + customers));
    }

    private List<LoggedRequest> deliveries() {
        return deliveries("/hooks/desk");
    }

    private List<LoggedRequest> deliveries(String path) {
        return host.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    private void hostAnswers(int status) {
        host.stubFor(post(urlPathEqualTo("/hooks/desk")).willReturn(aResponse().withStatus(status)));
    }

    private static JsonNode json(LoggedRequest r) {
        try {
            return JSON.readTree(r.getBody());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String hmac(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSelectedEventIsPostedOnceWithTheThreeHeadersAndAThinSignedPayload() throws Exception {
        hostAnswers(204);
        Received r = customerWrites("返品の手続きを教えてください");

        t.advance(Duration.ofSeconds(1));

        assertThat(deliveries()).singleElement().satisfies(d -> {
            String id = d.getHeader("webhook-id");
            String ts = d.getHeader("webhook-timestamp");
            assertThat(id).matches("msg_[0-9a-f]{32}");
            assertThat(Long.parseLong(ts)).isEqualTo(t.clock.instant().getEpochSecond() - 1);
            assertThat(d.getHeader("webhook-signature"))
                .isEqualTo(hmac(CURRENT, id + "." + ts + "." + d.getBodyAsString()));
            assertThat(d.getHeader("Content-Type")).startsWith("application/json");
            JsonNode body = json(d);
            assertThat(body.path("type").asText()).isEqualTo("desk.TicketCreated");
            assertThat(body.path("data").path("ticket_id").asText()).isEqualTo(r.ticket().id().value());
            assertThat(body.path("data").path("channel").asText()).isEqualTo("web");
            assertThat(d.getBodyAsString()).doesNotContain("返品").doesNotContain("customer1@example.jp");
        });
        assertThat(rows.withStatus(OutboxRow.Status.SENT, 10)).hasSize(1);
    }

    @Test
    void duringKeyRotationEachDeliveryCarriesOneSignaturePerSecret() throws Exception {
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("s", "xoxb-x").clock(clock).build(), b -> b);
        wire(new WebhookEndpoint(t.tenant, "crm", java.net.URI.create("http://localhost:" + host.port() + "/hooks/desk"),
            List.of(CURRENT, OLD), java.util.Set.of("desk.TicketCreated")));
        hostAnswers(200);
        customerWrites("ログインできません");

        t.advance(Duration.ofSeconds(1));

        LoggedRequest d = deliveries().get(0);
        String content = d.getHeader("webhook-id") + "." + d.getHeader("webhook-timestamp") + "." + d.getBodyAsString();
        assertThat(d.getHeader("webhook-signature")).isEqualTo(hmac(CURRENT, content) + " " + hmac(OLD, content));
        WebhookRequest received = WebhookRequest.of("POST", d.getAbsoluteUrl(), Map.of(
            "webhook-id", List.of(d.getHeader("webhook-id")), "webhook-timestamp",
            List.of(d.getHeader("webhook-timestamp")), "webhook-signature", List.of(d.getHeader("webhook-signature"))),
            d.getBody(), WebhookLimits.DEFAULT);
        assertThat(WebhookVerifier.of(List.of(OLD)).verify(received, t.clock.instant()))
            .isEqualTo(d.getHeader("webhook-id"));
    }

    @Test
    void eachTenantsEndpointReceivesOnlyThatTenantsEvents() {
        TenantId other = TenantId.of("shop-b");
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("s", "xoxb-x").clock(clock).build(), b -> b);
        wire(WebhookEndpoint.of(t.tenant.value(), "crm-a", "http://localhost:" + host.port() + "/hooks/a", CURRENT,
            "desk.TicketCreated"), WebhookEndpoint.of(other.value(), "crm-b", "http://localhost:" + host.port()
            + "/hooks/b", OLD, "desk.TicketCreated"));
        host.stubFor(post(urlPathEqualTo("/hooks/a")).willReturn(aResponse().withStatus(204)));
        host.stubFor(post(urlPathEqualTo("/hooks/b")).willReturn(aResponse().withStatus(204)));
        Received a1 = customerOf(t.tenant, "A社の問い合わせ 1");
        Received b1 = customerOf(other, "B社の問い合わせ 1");
        Received a2 = customerOf(t.tenant, "A社の問い合わせ 2");

        t.advance(Duration.ofSeconds(1));

        assertThat(deliveries("/hooks/a")).extracting(d -> json(d).path("data").path("tenant").asText())
            .containsExactly("shop-a", "shop-a");
        assertThat(deliveries("/hooks/a")).extracting(d -> json(d).path("data").path("ticket_id").asText())
            .containsExactlyInAnyOrder(a1.ticket().id().value(), a2.ticket().id().value());
        assertThat(deliveries("/hooks/b")).singleElement().satisfies(d -> {
            assertThat(json(d).path("data").path("tenant").asText()).isEqualTo("shop-b");
            assertThat(json(d).path("data").path("ticket_id").asText()).isEqualTo(b1.ticket().id().value());
        });
        assertThat(rows.withStatus(OutboxRow.Status.SENT, 10)).hasSize(3)
            .allSatisfy(r -> assertThat(r.recipient().value()).isEqualTo(r.tenantId().equals(other) ? "crm-b"
                : "crm-a"));
    }

    @Test
    void aWaitingRowOfOneTenantAddressedToAnotherTenantsEndpointIsNotSent() {
        TenantId other = TenantId.of("shop-b");
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("s", "xoxb-x").clock(clock).build(), b -> b);
        wire(WebhookEndpoint.of(t.tenant.value(), "crm-a", "http://localhost:" + host.port() + "/hooks/a", CURRENT,
            "desk.TicketCreated"));
        host.stubFor(post(urlPathEqualTo("/hooks/a")).willReturn(aResponse().withStatus(204)));
        Received b1 = customerOf(other, "B社の問い合わせ");
        Instant now = t.clock.instant();
        // as the publisher wrote rows before endpoints had a tenant: shop-b's event for the only endpoint
        rows.add(new OutboxRow(7_000, other, b1.ticket().id(), 0, Channel.WEBHOOK,
            new ChannelIdentity(IdentityKind.EXTERNAL, "crm-a"),
            List.of("{\"data\":{\"tenant\":\"shop-b\"}}"), 0, new ReplyContext(
                Map.of(WebhookDelivery.HINT_MESSAGE_ID, "msg_0123456789abcdef0123456789abcdef"), null, now),
            OutboxRow.Status.PENDING, 0, 0, now, null, now, 1));

        sender.dispatch(7_000);
        t.advance(Duration.ofSeconds(10));

        assertThat(deliveries("/hooks/a")).isEmpty();
        assertThat(rows.get(7_000)).get().satisfies(r -> assertThat(r.status()).isNotEqualTo(OutboxRow.Status.SENT));
    }

    @Test
    void oneTenantCannotSeeEnableOrDisableAnotherTenantsEndpoint() {
        TenantId other = TenantId.of("shop-b");
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("s", "xoxb-x").clock(clock).build(), b -> b);
        WebhookEndpoint a = WebhookEndpoint.of(t.tenant.value(), "crm-a", "http://localhost:" + host.port()
            + "/hooks/a", CURRENT, "desk.TicketCreated");
        WebhookEndpoint b = WebhookEndpoint.of(other.value(), "crm-b", "http://localhost:" + host.port() + "/hooks/b",
            OLD, "desk.TicketCreated");
        wire(a, b);
        host.stubFor(post(urlPathEqualTo("/hooks/a")).willReturn(aResponse().withStatus(204)));

        assertThat(delivery.endpoints(other)).containsExactly(b);
        assertThat(delivery.endpoints(t.tenant)).containsExactly(a);
        assertThat(delivery.enabled(other, "crm-a")).isFalse();
        assertThatThrownBy(() -> delivery.disable(other, "crm-a")).isInstanceOf(NotFoundException.class)
            .hasMessageContaining("shop-b").hasMessageContaining("crm-a");
        assertThatThrownBy(() -> delivery.enable(other, "crm-a")).isInstanceOf(NotFoundException.class);

        assertThat(delivery.enabled(t.tenant, "crm-a")).isTrue();
        customerOf(t.tenant, "A社の問い合わせ");
        t.advance(Duration.ofSeconds(1));
        assertThat(deliveries("/hooks/a")).hasSize(1);
    }

    @Test
    void endpointIdsArePerTenantAndA410DisablesOnlyTheTenantsOwn() {
        TenantId other = TenantId.of("shop-b");
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("s", "xoxb-x").clock(clock).build(), b -> b);
        wire(WebhookEndpoint.of(t.tenant.value(), "crm", "http://localhost:" + host.port() + "/hooks/a", CURRENT,
            "desk.TicketCreated"), WebhookEndpoint.of(other.value(), "crm", "http://localhost:" + host.port()
            + "/hooks/b", OLD, "desk.TicketCreated"));
        host.stubFor(post(urlPathEqualTo("/hooks/a")).willReturn(aResponse().withStatus(410)));
        host.stubFor(post(urlPathEqualTo("/hooks/b")).willReturn(aResponse().withStatus(204)));
        customerOf(t.tenant, "A社 1");
        customerOf(other, "B社 1");
        t.advance(Duration.ofSeconds(1));

        customerOf(t.tenant, "A社 2");
        customerOf(other, "B社 2");
        t.advance(Duration.ofSeconds(1));

        assertThat(delivery.enabled(t.tenant, "crm")).isFalse();
        assertThat(delivery.enabled(other, "crm")).isTrue();
        assertThat(deliveries("/hooks/a")).hasSize(1);
        assertThat(deliveries("/hooks/b")).extracting(d -> json(d).path("data").path("tenant").asText())
            .containsExactly("shop-b", "shop-b");
        List<WebhookEndpointDisabled> disabled = new ArrayList<>();
        for (EventEnvelope e : t.store.eventLog().read(0, 1000)) {
            if (e.event() instanceof WebhookEndpointDisabled d) {
                disabled.add(d);
            }
        }
        assertThat(disabled).singleElement().satisfies(d -> assertThat(d.tenantId()).isEqualTo(t.tenant));
    }

    @Test
    void aTenantCannotHaveTwoEndpointsWithOneId() {
        WebhookDelivery.Builder b = WebhookDelivery.builder(t.store.eventLog())
            .endpoint(WebhookEndpoint.of("shop-a", "crm", "https://a.example.jp/hooks", CURRENT, "desk.TicketCreated"))
            .endpoint(WebhookEndpoint.of("shop-b", "crm", "https://b.example.jp/hooks", CURRENT, "desk.TicketCreated"));

        assertThatThrownBy(() -> b.endpoint(WebhookEndpoint.of("shop-a", "crm", "https://c.example.jp/hooks", OLD,
            "desk.TicketCreated"))).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("id"));
    }

    @Test
    void threeHundredTenantsWithOneEndpointEachEachReceiveTheirOwnEvent() {
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("s", "xoxb-x").clock(clock).build(), b -> b);
        int tenants = 300;
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            endpoints.add(WebhookEndpoint.of(String.format("tenant-%03d", i), "crm", "http://localhost:" + host.port()
                + String.format("/hooks/t%03d", i), CURRENT, "desk.TicketCreated"));
        }
        wire(endpoints.toArray(WebhookEndpoint[]::new));
        host.stubFor(post(urlPathMatching("/hooks/t[0-9]+")).willReturn(aResponse().withStatus(204)));
        Map<String, String> ticketOf = new HashMap<>();
        for (int i = 0; i < tenants; i++) {
            String tenant = String.format("tenant-%03d", i);
            ticketOf.put(tenant, customerOf(TenantId.of(tenant), "問い合わせ " + i).ticket().id().value());
        }

        t.advance(Duration.ofSeconds(5));

        for (int i = 0; i < tenants; i++) {
            String tenant = String.format("tenant-%03d", i);
            assertThat(deliveries(String.format("/hooks/t%03d", i))).as(tenant).singleElement().satisfies(d -> {
                assertThat(json(d).path("data").path("tenant").asText()).isEqualTo(tenant);
                assertThat(json(d).path("data").path("ticket_id").asText()).isEqualTo(ticketOf.get(tenant));
            });
        }
        List<OutboxRow> sent = rows.withStatus(OutboxRow.Status.SENT, 1000);
        assertThat(sent).hasSize(tenants).extracting(OutboxRow::id).doesNotHaveDuplicates();
        assertThat(sent).allSatisfy(r -> assertThat(r.recipient().value()).isEqualTo("crm"));
        assertThat(sent).extracting(r -> r.tenantId().value()).doesNotHaveDuplicates();
    }

    @Test
    void theEndpointLimitIsPerTenantAndItsErrorNamesTheTenantAndTheLimit() {
        WebhookDelivery.Builder b = WebhookDelivery.builder(t.store.eventLog())
            .endpoint(WebhookEndpoint.of("shop-b", "crm", "https://b.example.jp/hooks", CURRENT, "desk.TicketCreated"));
        for (int i = 0; i < WebhookDelivery.MAX_ENDPOINTS_PER_TENANT; i++) {
            b.endpoint(WebhookEndpoint.of("shop-a", "crm-" + i, "https://a.example.jp/hooks/" + i, CURRENT,
                "desk.TicketCreated"));
        }
        b.endpoint(WebhookEndpoint.of("shop-c", "crm", "https://c.example.jp/hooks", CURRENT, "desk.TicketCreated"));

        assertThatThrownBy(() -> b.endpoint(WebhookEndpoint.of("shop-a", "crm-255", "https://a.example.jp/hooks/255",
            CURRENT, "desk.TicketCreated"))).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("endpoints");
                    assertThat(v.message()).contains("'shop-a'").contains("255");
                }));
        WebhookDelivery built = b.build();
        assertThat(WebhookDelivery.MAX_ENDPOINTS_PER_TENANT).isEqualTo(255);
        assertThat(built.endpoints(TenantId.of("shop-a"))).hasSize(255);
        assertThat(built.endpoints(TenantId.of("shop-c"))).hasSize(1);
    }

    @Test
    void rowsNumberedAmongAllEndpointsBeforeAreFoundOnRedeliveryAndNothingIsSentTwiceOrToTheWrongEndpoint() {
        TenantId other = TenantId.of("shop-b");
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("s", "xoxb-x").clock(clock).build(), b -> b);
        WebhookDelivery.Builder b = WebhookDelivery.builder(t.store.eventLog()).clock(t.clock);
        b.endpoint(WebhookEndpoint.of(t.tenant.value(), "crm-a", "http://localhost:" + host.port() + "/hooks/a",
            CURRENT, "desk.TicketCreated"));
        b.endpoint(WebhookEndpoint.of(other.value(), "crm-b1", "http://localhost:" + host.port() + "/hooks/b1",
            CURRENT, "desk.TicketCreated"));
        b.endpoint(WebhookEndpoint.of(other.value(), "crm-b2", "http://localhost:" + host.port() + "/hooks/b2",
            CURRENT, "desk.TicketCreated"));
        delivery = b.build();
        rows = new InMemoryOutboxStore();
        sender = delivery.configure(OutboxSender.builder(rows, t.store.eventLog(), t.scheduler, t.clock)).build();
        publisher = new WebhookPublisher(delivery, rows, sender, t.clock);
        host.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(204)));
        Received b1 = customerOf(other, "B社の問い合わせ");
        EventEnvelope created = t.store.eventLog().read(0, 100).stream()
            .filter(e -> e.type().equals("desk.TicketCreated")).findFirst().orElseThrow();
        long p = created.position();
        Instant now = t.clock.instant();
        // as written when an event's rows were numbered by the place among all endpoints: crm-b1 1, crm-b2 2
        for (int place = 1; place <= 2; place++) {
            rows.add(new OutboxRow(p * 256 + place, other, b1.ticket().id(), 0, Channel.WEBHOOK,
                new ChannelIdentity(IdentityKind.EXTERNAL, "crm-b" + place), List.of("{}"), 0, new ReplyContext(
                    Map.of(WebhookDelivery.HINT_MESSAGE_ID, "msg_0123456789abcdef0123456789abcdef"), null, now),
                OutboxRow.Status.SENT, 1, 1, now, null, now, 2));
        }

        publisher.handle(created);
        t.advance(Duration.ofSeconds(5));

        assertThat(host.getAllServeEvents()).isEmpty();
        assertThat(rows.get(p * 256)).isEmpty();
        assertThat(rows.get(p * 256 + 1)).get().satisfies(r -> assertThat(r.recipient().value()).isEqualTo("crm-b1"));
    }

    @Test
    void afterATenantsEndpointsAreReorderedARedeliveredEventSendsNothingTwiceOrToTheWrongEndpoint() {
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("s", "xoxb-x").clock(clock).build(), b -> b);
        String b1 = "http://localhost:" + host.port() + "/hooks/b1";
        String b2 = "http://localhost:" + host.port() + "/hooks/b2";
        wire(WebhookEndpoint.of(t.tenant.value(), "crm-b1", b1, CURRENT, "desk.TicketCreated"),
            WebhookEndpoint.of(t.tenant.value(), "crm-b2", b2, CURRENT, "desk.TicketCreated"));
        host.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(204)));
        customerWrites("並べ替え前");
        t.advance(Duration.ofSeconds(5));
        EventEnvelope created = t.store.eventLog().read(0, 100).stream()
            .filter(e -> e.type().equals("desk.TicketCreated")).findFirst().orElseThrow();
        InMemoryOutboxStore written = rows;
        WebhookDelivery reordered = WebhookDelivery.builder(t.store.eventLog()).clock(t.clock)
            .endpoint(WebhookEndpoint.of(t.tenant.value(), "crm-b2", b2, CURRENT, "desk.TicketCreated"))
            .endpoint(WebhookEndpoint.of(t.tenant.value(), "crm-b1", b1, CURRENT, "desk.TicketCreated")).build();
        OutboxSender again = reordered.configure(OutboxSender.builder(written, t.store.eventLog(), t.scheduler,
            t.clock)).build();

        new WebhookPublisher(reordered, written, again, t.clock).handle(created);
        t.advance(Duration.ofSeconds(5));

        assertThat(deliveries("/hooks/b1")).hasSize(1);
        assertThat(deliveries("/hooks/b2")).hasSize(1);
        assertThat(written.withStatus(OutboxRow.Status.SENT, 10)).extracting(r -> r.recipient().value())
            .containsExactly("crm-b1", "crm-b2");
    }

    @Test
    void eachTenantsRowsAreNumberedByThePlaceAmongItsOwnEndpoints() {
        TenantId other = TenantId.of("shop-b");
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("s", "xoxb-x").clock(clock).build(), b -> b);
        wire(WebhookEndpoint.of(t.tenant.value(), "crm-a", "http://localhost:" + host.port() + "/hooks/a", CURRENT,
            "desk.TicketCreated"), WebhookEndpoint.of(other.value(), "crm-b1", "http://localhost:" + host.port()
            + "/hooks/b1", CURRENT, "desk.TicketCreated"), WebhookEndpoint.of(other.value(), "crm-b2",
            "http://localhost:" + host.port() + "/hooks/b2", CURRENT, "desk.TicketCreated"));
        host.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(204)));
        customerOf(other, "B社の問い合わせ");

        t.advance(Duration.ofSeconds(5));
        EventEnvelope created = t.store.eventLog().read(0, 100).stream()
            .filter(e -> e.type().equals("desk.TicketCreated")).findFirst().orElseThrow();
        publisher.handle(created);
        t.advance(Duration.ofSeconds(5));

        long p = created.position();
        assertThat(rows.withStatus(OutboxRow.Status.SENT, 10)).extracting(OutboxRow::id, r -> r.recipient().value())
            .containsExactly(tuple(p * 256, "crm-b1"),
                tuple(p * 256 + 1, "crm-b2"));
        assertThat(deliveries("/hooks/b1")).hasSize(1);
        assertThat(deliveries("/hooks/b2")).hasSize(1);
        assertThat(deliveries("/hooks/a")).isEmpty();
    }

    @Test
    void eventsTheEndpointDidNotSelectAreNotSent() {
        hostAnswers(200);
        customerWrites("問い合わせ");

        t.advance(Duration.ofSeconds(1));

        assertThat(deliveries()).extracting(d -> json(d).path("type").asText()).containsExactly("desk.TicketCreated");
    }

    @Test
    void failuresAreRetriedOnTheSpecificationsScheduleWithTheSameIdThenDeadLetteredWithoutANote() {
        hostAnswers(500);
        Received r = customerWrites("請求書が届きません");
        t.advance(Duration.ofMillis(100));
        assertThat(deliveries()).hasSize(1);

        List<Duration> schedule = StandardWebhooks.RETRY_SCHEDULE;
        for (int i = 0; i < schedule.size(); i++) {
            Duration wait = schedule.get(i);
            List<LoggedRequest> sofar = deliveries();
            Instant last = Instant.ofEpochSecond(Long.parseLong(sofar.get(sofar.size() - 1)
                .getHeader("webhook-timestamp")));
            t.advance(Duration.between(t.clock.instant(), last.plus(wait).minusSeconds(1)));
            assertThat(deliveries()).as("no attempt before the scheduled %s", wait).hasSize(i + 1);
            t.advance(Duration.between(t.clock.instant(), last.plus(wait).plus(wait.dividedBy(10)).plusSeconds(1)));
            assertThat(deliveries()).as("an attempt within 10%% after %s", wait).hasSize(i + 2);
        }
        t.advance(Duration.ofDays(3));

        assertThat(deliveries()).hasSize(10);
        assertThat(deliveries()).extracting(d -> d.getHeader("webhook-id")).containsOnly(
            deliveries().get(0).getHeader("webhook-id"));
        assertThat(deliveries()).extracting(d -> d.getHeader("webhook-timestamp")).doesNotHaveDuplicates();
        assertThat(rows.withStatus(OutboxRow.Status.DEAD, 10)).hasSize(1);
        assertThat(t.events(ChannelEvent.DeliveryDeadLettered.class)).singleElement()
            .satisfies(d -> assertThat(d.channel()).isEqualTo(Channel.WEBHOOK));
        assertThat(t.messages(r.ticket().id())).noneMatch(m -> m.visibility() == Visibility.INTERNAL);
    }

    @Test
    void a410DisablesTheEndpointWithOneEventAndNothingMoreIsSent() {
        hostAnswers(410);
        customerWrites("解約したい");
        t.advance(Duration.ofSeconds(1));

        customerWrites("もう一件");
        t.advance(Duration.ofHours(1));

        assertThat(deliveries()).hasSize(1);
        assertThat(delivery.enabled(t.tenant, "crm")).isFalse();
        List<WebhookEndpointDisabled> disabled = new ArrayList<>();
        for (EventEnvelope e : t.store.eventLog().read(0, 1000)) {
            if (e.event() instanceof WebhookEndpointDisabled d) {
                disabled.add(d);
            }
        }
        assertThat(disabled).singleElement().satisfies(d -> {
            assertThat(d.endpointId()).isEqualTo("crm");
            assertThat(d.tenantId()).isEqualTo(t.tenant);
        });
        assertThat(rows.withStatus(OutboxRow.Status.DEAD, 10)).hasSize(1);

        delivery.enable(t.tenant, "crm");
        hostAnswers(200);
        customerWrites("再開後");
        t.advance(Duration.ofSeconds(1));
        assertThat(deliveries()).hasSize(2);
    }

    @Test
    void retryAfterIsHonouredWhenLongerThanTheSchedule() {
        host.stubFor(post(urlPathEqualTo("/hooks/desk")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")).willSetStateTo("ok"));
        host.stubFor(post(urlPathEqualTo("/hooks/desk")).inScenario("busy").whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200)));
        customerWrites("急ぎです");
        t.advance(Duration.ofMillis(100));

        t.advance(Duration.ofSeconds(119));
        assertThat(deliveries()).as("not before Retry-After, though the schedule says 5 s").hasSize(1);
        t.advance(Duration.ofSeconds(2));
        assertThat(deliveries()).hasSize(2);
        assertThat(rows.withStatus(OutboxRow.Status.SENT, 10)).hasSize(1);
    }

    @Test
    void aRedirectIsAFailureAndIsNotFollowed() {
        host.stubFor(post(urlPathEqualTo("/hooks/desk")).willReturn(aResponse().withStatus(301)
            .withHeader("Location", "http://localhost:" + host.port() + "/hooks/moved")));
        host.stubFor(post(urlPathEqualTo("/hooks/moved")).willReturn(aResponse().withStatus(200)));
        customerWrites("転送先");

        t.advance(Duration.ofSeconds(1));

        assertThat(host.findAll(postRequestedFor(urlPathEqualTo("/hooks/moved")))).isEmpty();
        assertThat(rows.withStatus(OutboxRow.Status.SENT, 10)).isEmpty();
        assertThat(t.events(ChannelEvent.DeliveryFailed.class)).singleElement()
            .satisfies(f -> assertThat(f.detail()).isEqualTo("301"));
    }

    @Test
    void aConnectionResetIsRetriedAndDeliveredOnce() {
        host.stubFor(post(urlPathEqualTo("/hooks/desk")).inScenario("reset").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        host.stubFor(post(urlPathEqualTo("/hooks/desk")).inScenario("reset").whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200)));
        customerWrites("接続テスト");

        t.advance(Duration.ofSeconds(10));

        assertThat(deliveries()).hasSize(2);
        assertThat(rows.withStatus(OutboxRow.Status.SENT, 10)).hasSize(1);
        assertThat(t.events(ChannelEvent.DeliveryDelivered.class)).hasSize(1);
    }

    @Test
    void aRedeliveredEventWritesNoSecondRow() {
        hostAnswers(200);
        customerWrites("重複配送");
        t.advance(Duration.ofSeconds(1));
        EventEnvelope created = t.store.eventLog().read(0, 100).stream()
            .filter(e -> e.type().equals("desk.TicketCreated")).findFirst().orElseThrow();

        publisher.handle(created);
        t.advance(Duration.ofSeconds(1));

        assertThat(deliveries()).hasSize(1);
        assertThat(rows.withStatus(OutboxRow.Status.SENT, 10)).hasSize(1);
    }

    /** An endpoint of the test tenant that selects {@code desk.TicketCreated}, posting to {@code /hooks/<id>}. */
    private WebhookEndpoint endpoint(String id) {
        return WebhookEndpoint.of(t.tenant.value(), id, "http://localhost:" + host.port() + "/hooks/" + id, CURRENT,
            "desk.TicketCreated");
    }

    /** A publisher of these endpoints on the store, not subscribed to the desk: the test delivers events itself. */
    private WebhookPublisher publisherOn(OutboxStore store, WebhookEndpoint... endpoints) {
        WebhookDelivery.Builder b = WebhookDelivery.builder(t.store.eventLog()).clock(t.clock);
        for (WebhookEndpoint e : endpoints) {
            b.endpoint(e);
        }
        WebhookDelivery d = b.build();
        OutboxSender s = d.configure(OutboxSender.builder(store, t.store.eventLog(), t.scheduler, t.clock)).build();
        return new WebhookPublisher(d, store, s, t.clock);
    }

    private EventEnvelope ticketCreated() {
        return t.store.eventLog().read(0, 100).stream().filter(e -> e.type().equals("desk.TicketCreated"))
            .findFirst().orElseThrow();
    }

    /** The event's rows: its 256 ids. */
    private static List<OutboxRow> rowsOf(OutboxStore store, EventEnvelope e) {
        return store.between(e.position() * 256, e.position() * 256 + 255, 1000);
    }

    @Test
    void aRedeliveryAfterTheEndpointsWereReorderedGivesEachEndpointExactlyOneRowAndOneSend() {
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("s", "xoxb-x").clock(clock).build(), b -> b);
        host.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(204)));
        FlakyOutboxStore store = new FlakyOutboxStore();
        store.failAddFor = "crm-2";
        customerWrites("並べ替えの途中で失敗");
        EventEnvelope created = ticketCreated();
        WebhookPublisher first = publisherOn(store, endpoint("crm-1"), endpoint("crm-2"), endpoint("crm-3"));
        assertThatThrownBy(() -> first.handle(created)).isInstanceOf(StoreException.class);
        t.advance(Duration.ofSeconds(5));
        assertThat(deliveries("/hooks/crm-1")).hasSize(1);

        store.failAddFor = null;
        WebhookPublisher reordered = publisherOn(store, endpoint("crm-3"), endpoint("crm-2"), endpoint("crm-1"));
        reordered.handle(created);
        reordered.handle(created);
        t.advance(Duration.ofSeconds(5));

        for (String id : List.of("crm-1", "crm-2", "crm-3")) {
            assertThat(deliveries("/hooks/" + id)).as(id).hasSize(1);
        }
        assertThat(rowsOf(store, created)).extracting(r -> r.recipient().value())
            .containsExactlyInAnyOrder("crm-1", "crm-2", "crm-3");
        assertThat(rowsOf(store, created)).allSatisfy(r -> assertThat(r.status()).isEqualTo(OutboxRow.Status.SENT));
    }

    @Test
    void aRedeliveryAfterAnEndpointWasRemovedAndTheOthersShiftedGivesEachRemainingEndpointExactlyOneSend() {
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("s", "xoxb-x").clock(clock).build(), b -> b);
        host.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(204)));
        FlakyOutboxStore store = new FlakyOutboxStore();
        store.failAddFor = "crm-3";
        customerWrites("削除の途中で失敗");
        EventEnvelope created = ticketCreated();
        WebhookPublisher first = publisherOn(store, endpoint("crm-1"), endpoint("crm-2"), endpoint("crm-3"));
        assertThatThrownBy(() -> first.handle(created)).isInstanceOf(StoreException.class);
        t.advance(Duration.ofSeconds(5));

        store.failAddFor = null;
        WebhookPublisher shifted = publisherOn(store, endpoint("crm-2"), endpoint("crm-3"), endpoint("crm-4"));
        shifted.handle(created);
        t.advance(Duration.ofSeconds(5));
        shifted.handle(created);
        t.advance(Duration.ofSeconds(5));

        for (String id : List.of("crm-1", "crm-2", "crm-3", "crm-4")) {
            assertThat(deliveries("/hooks/" + id)).as(id).hasSize(1);
        }
        assertThat(rowsOf(store, created)).extracting(r -> r.recipient().value())
            .containsExactlyInAnyOrder("crm-1", "crm-2", "crm-3", "crm-4");
    }

    @Test
    void aRowIdAConcurrentDeliveryTookForAnotherEndpointIsNeitherSentByThisOneNorLeftWithoutARow() {
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("s", "xoxb-x").clock(clock).build(), b -> b);
        host.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(204)));
        FlakyOutboxStore store = new FlakyOutboxStore();
        customerWrites("同時配送");
        EventEnvelope created = ticketCreated();
        // a delivery of the event by a host instance whose tenant has crm-2 first writes its row at the id this one
        // chose for crm-1, between this one's read and its write
        store.beforeAdd = row -> {
            store.beforeAdd = null;
            store.add(new OutboxRow(row.id(), row.tenantId(), row.ticketId(), 0, Channel.WEBHOOK,
                new ChannelIdentity(IdentityKind.EXTERNAL, "crm-2"), row.parts(), 0, row.context(),
                OutboxRow.Status.SENT, 1, 1, row.nextAttemptAt(), null, row.createdAt(), 1));
        };

        publisherOn(store, endpoint("crm-1")).handle(created);
        t.advance(Duration.ofSeconds(5));

        assertThat(deliveries("/hooks/crm-1")).hasSize(1);
        assertThat(deliveries("/hooks/crm-2")).isEmpty();
        assertThat(rowsOf(store, created)).extracting(r -> r.recipient().value(), OutboxRow::status)
            .containsExactlyInAnyOrder(tuple("crm-2", OutboxRow.Status.SENT), tuple("crm-1", OutboxRow.Status.SENT));
    }

    @Test
    void whenAnEventsRowIdsAreAllTakenTheOtherEndpointsAreSentAndTheEventIsRefusedNamingTheOnesLeft() {
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("s", "xoxb-x").clock(clock).build(), b -> b);
        host.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(204)));
        InMemoryOutboxStore store = new InMemoryOutboxStore();
        Received full = customerWrites("満杯");
        EventEnvelope created = ticketCreated();
        long p = created.position();
        Instant now = t.clock.instant();
        // as a first delivery wrote them for 255 endpoints since removed: ids p*256 to p*256+254, one spare left
        for (int place = 0; place < WebhookDelivery.MAX_ENDPOINTS_PER_TENANT; place++) {
            store.add(new OutboxRow(p * 256 + place, t.tenant, full.ticket().id(), 0, Channel.WEBHOOK,
                new ChannelIdentity(IdentityKind.EXTERNAL, "gone-" + place), List.of("{}"), 0, new ReplyContext(
                    Map.of(WebhookDelivery.HINT_MESSAGE_ID, "msg_0123456789abcdef0123456789abcdef"), null, now),
                OutboxRow.Status.SENT, 1, 1, now, null, now, 2));
        }
        WebhookPublisher replaced = publisherOn(store, endpoint("crm-a"), endpoint("crm-b"), endpoint("crm-c"));

        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThatThrownBy(() -> replaced.handle(created)).as("attempt %d", attempt)
                .isInstanceOfSatisfying(WebhookRowsFullException.class, e -> {
                    assertThat(e.tenantId()).isEqualTo(t.tenant);
                    assertThat(e.position()).isEqualTo(p);
                    assertThat(e.endpointIds()).containsExactly("crm-b", "crm-c");
                    assertThat(e.getMessage()).contains("'shop-a'").contains("crm-b").contains("#" + p);
                });
            t.advance(Duration.ofSeconds(5));
        }

        assertThat(deliveries("/hooks/crm-a")).hasSize(1);
        assertThat(deliveries("/hooks/crm-b")).isEmpty();
        assertThat(store.get(p * 256 + 255)).get().satisfies(r -> {
            assertThat(r.recipient().value()).isEqualTo("crm-a");
            assertThat(r.status()).isEqualTo(OutboxRow.Status.SENT);
        });
        assertThat(rowsOf(store, created)).hasSize(256);
    }

    @Test
    void twoInstancesWithTheEndpointsInOtherOrdersDeliveringOneEventAtOnceWriteOneRowAndSendOncePerEndpoint()
        throws Exception {
        t = new ChannelTestDesk(clock -> SlackAdapter.builder("s", "xoxb-x").clock(clock).build(), b -> b);
        host.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(204)));
        InMemoryOutboxStore shared = new InMemoryOutboxStore();
        customerWrites("二台同時の配送");
        EventEnvelope created = ticketCreated();
        // instance B (crm-2 first) writes crm-2's row after instance A (crm-1 first) read the event's rows and
        // before A writes; B writes crm-1's row after A is done
        CountDownLatch bWroteItsFirstRow = new CountDownLatch(1);
        CountDownLatch aIsDone = new CountDownLatch(1);
        FlakyOutboxStore onB = new FlakyOutboxStore(shared);
        onB.beforeAdd = row -> {
            if (row.recipient().value().equals("crm-1")) {
                bWroteItsFirstRow.countDown();
                await(aIsDone);
            }
        };
        WebhookPublisher b = publisherOn(onB, endpoint("crm-2"), endpoint("crm-1"));
        List<Throwable> bFailed = new ArrayList<>();
        Thread instanceB = new Thread(() -> {
            try {
                b.handle(created);
            } catch (RuntimeException | Error e) {
                bFailed.add(e);
            }
        });
        FlakyOutboxStore onA = new FlakyOutboxStore(shared);
        onA.afterBetween = () -> {
            onA.afterBetween = null;
            instanceB.start();
            await(bWroteItsFirstRow);
        };
        WebhookPublisher a = publisherOn(onA, endpoint("crm-1"), endpoint("crm-2"));

        try {
            a.handle(created);
        } finally {
            aIsDone.countDown();
            instanceB.join(10_000);
        }
        t.advance(Duration.ofSeconds(5));

        assertThat(bFailed).isEmpty();
        assertThat(rowsOf(shared, created)).extracting(r -> r.recipient().value())
            .containsExactlyInAnyOrder("crm-1", "crm-2");
        assertThat(deliveries("/hooks/crm-1")).hasSize(1);
        assertThat(deliveries("/hooks/crm-2")).hasSize(1);
        assertThat(rowsOf(shared, created)).allSatisfy(r -> assertThat(r.status()).isEqualTo(OutboxRow.Status.SENT));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the other instance did not get there");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** An outbox store whose adds can fail for one endpoint or run a hook first, and whose range reads a hook after. */
    private static final class FlakyOutboxStore extends ForwardingOutboxStore {
        private volatile @Nullable String failAddFor;
        private volatile @Nullable Consumer<OutboxRow> beforeAdd;
        private volatile @Nullable Runnable afterBetween;

        FlakyOutboxStore() {
            this(new InMemoryOutboxStore());
        }

        FlakyOutboxStore(OutboxStore delegate) {
            super(delegate);
        }

        @Override
        public List<OutboxRow> between(long fromId, long toId, int max) {
            List<OutboxRow> read = delegate.between(fromId, toId, max);
            Runnable hook = afterBetween;
            if (hook != null) {
                hook.run();
            }
            return read;
        }

        @Override
        public boolean add(OutboxRow row) {
            if (row.recipient().value().equals(failAddFor)) {
                throw new StoreException("the store failed writing the row for " + failAddFor, true);
            }
            Consumer<OutboxRow> hook = beforeAdd;
            if (hook != null) {
                hook.accept(row);
            }
            return delegate.add(row);
        }
    }
}
