package io.madoguchi.channels.kit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelGateway;
import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.WebhookResponse;
import io.madoguchi.channels.event.ChannelEvent;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.channels.outbox.OutboxSender;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.Visibility;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every channel adapter must have, built-in or a plugin's: extend it in your tests, implement the
 * abstract methods for your provider, and run it (JUnit 5). It drives your adapter through a real desk, gateway,
 * outbox and sender against a WireMock stub of your provider: verified messages open one ticket; redeliveries,
 * sequential and concurrent, store once; forged, altered, unsigned and oversized requests are refused and change
 * nothing; replies are delivered once through 5xx, connection resets, slow responses and 429 with
 * {@code Retry-After} (which is honoured); a request that keeps failing or is refused is dead-lettered with a note.
 * Ships in the support-channels test-jar; you need WireMock ({@code org.wiremock:wiremock-standalone}) on your test
 * class path.
 */
public abstract class ChannelAdapterContract {

    /** The stub of the provider's API. */
    protected WireMockServer provider;
    /** The desk, gateway and outbox under test. */
    protected ChannelTestDesk t;
    private String url;

    /** @return the signing secret the adapter is built with */
    protected abstract String secret();

    /**
     * @param secret the signing secret
     * @param baseUrl the stub's base URL (the provider API's host)
     * @param clock the clock (signature windows, reply token ages)
     * @param http the HTTP client to use (the slow-response test passes one with a short read timeout)
     * @return the adapter under test
     */
    protected abstract ChannelAdapter adapter(String secret, String baseUrl, Clock clock, OkHttpClient http);

    /**
     * @param eventId the provider's event id
     * @param userId the sender's user id on the provider
     * @param text the message text
     * @param at when it was sent
     * @return the body the provider posts for one text message
     */
    protected abstract byte[] messagePayload(String eventId, String userId, String text, Instant at);

    /**
     * @param secret the secret to sign with (the contract passes a wrong one to forge)
     * @param body the raw body
     * @param at the signing instant (for schemes with a timestamp)
     * @return the request as the provider sends it to {@link #webhookUrl()}
     */
    protected abstract WebhookRequest signed(String secret, byte[] body, Instant at);

    /** @return the URL the provider posts webhooks to */
    protected String webhookUrl() {
        return "https://desk.example.jp/webhooks/" + t.gateway.adapters().iterator().next().channel().name();
    }

    /**
     * @return the outbound endpoints replies go to (matched in the stub): each is stubbed with the same answers
     */
    protected abstract List<MappingBuilder> sendEndpoints();

    /** @return how the provider answers an accepted send */
    protected ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}");
    }

    /**
     * @param request a request the stub received
     * @return its idempotency key, if the provider takes one (then the provider accepts each key once); null if not
     */
    protected @Nullable String idempotencyKey(ServeEvent request) {
        return null;
    }

    /**
     * @param request a request the stub received
     * @return the text it carried, as the provider reads it (override for bodies that are not JSON or plain UTF-8,
     *     such as form-encoded ones)
     */
    protected String sentBody(ServeEvent request) {
        return request.getRequest().getBodyAsString();
    }

    // ------------------------------------------------------------------ set-up

    @BeforeEach
    void startProvider() {
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        url = "http://localhost:" + provider.port();
        t = desk(Duration.ofSeconds(10));
    }

    private ChannelTestDesk desk(Duration readTimeout) {
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(readTimeout).retryOnConnectionFailure(false)
            .build();
        return new ChannelTestDesk(clock -> adapter(secret(), url, clock, http), senderOptions());
    }

    /** @return changes to the sender: 3 attempts per request */
    protected Function<OutboxSender.Builder, OutboxSender.Builder> senderOptions() {
        return b -> b.maxAttempts(3);
    }

    @AfterEach
    void stopProvider() {
        provider.stop();
    }

    private WebhookResponse post(WebhookRequest request) {
        return t.gateway.handle(t.gateway.adapters().iterator().next().channel().name(), request);
    }

    private WebhookRequest message(String eventId, String user, String text) {
        Instant now = t.clock.instant();
        return signed(secret(), messagePayload(eventId, user, text, now), now);
    }

    private void stubSends(Function<MappingBuilder, MappingBuilder> stub) {
        for (MappingBuilder m : sendEndpoints()) {
            provider.stubFor(stub.apply(m));
        }
    }

    /** Every send answers first with {@code first} (once), then accepts. */
    private void failOnceThenAccept(ResponseDefinitionBuilder first) {
        int i = 0;
        for (MappingBuilder m : sendEndpoints()) {
            String scenario = "fail-once-" + i++;
            provider.stubFor(m.inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willReturn(first)
                .willSetStateTo("failed"));
        }
        i = 0;
        for (MappingBuilder m : sendEndpoints()) {
            String scenario = "fail-once-" + i++;
            provider.stubFor(m.inScenario(scenario).whenScenarioStateIs("failed").willReturn(accepted()));
        }
    }

    private Ticket customerWrites() {
        WebhookResponse r = post(message("evt-kit-1", "Ukit0001", "注文した商品がまだ届きません"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(t.tickets()).hasSize(1);
        return t.tickets().get(0);
    }

    /** Serve events the provider accepted (2xx, no fault), once per idempotency key where there is one. */
    private List<ServeEvent> acceptedSends() {
        List<ServeEvent> accepted = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (ServeEvent e : provider.getAllServeEvents()) {
            // a reset or an empty response: the stub did not take it; a malformed chunk comes after a 2xx status
            Fault fault = e.getResponseDefinition().getFault();
            boolean ok = e.getResponse().getStatus() / 100 == 2
                && (fault == null || fault == Fault.MALFORMED_RESPONSE_CHUNK);
            String key = idempotencyKey(e);
            if (ok && (key == null || keys.add(key))) {
                accepted.add(e);
            }
        }
        return accepted;
    }

    private long acceptedCarrying(String text) {
        return acceptedSends().stream().filter(e -> sentBody(e).contains(text)).count();
    }

    // ------------------------------------------------------------------ inbound

    @Test
    void aVerifiedMessageOpensOneTicketWithTheText() {
        WebhookResponse r = post(message("evt-100", "Uaaaa0001", "ポイントが反映されていません"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(t.tickets()).hasSize(1);
        assertThat(t.messages()).extracting(Message::body).containsExactly("ポイントが反映されていません");
        assertThat(t.events(ChannelEvent.MessageReceived.class)).hasSize(1);
    }

    @Test
    void aRedeliveredEventStoresNothingTwice() {
        WebhookRequest request = message("evt-200", "Uaaaa0002", "返品したいです");

        post(request);
        WebhookResponse again = post(request);

        assertThat(again.status()).isEqualTo(200);
        assertThat(t.tickets()).hasSize(1);
        assertThat(t.messages()).hasSize(1);
        assertThat(t.events(ChannelEvent.DuplicateIgnored.class)).hasSize(1);
    }

    @Test
    void concurrentRedeliveriesCreateExactlyOneMessage() throws Exception {
        WebhookRequest request = message("evt-300", "Uaaaa0003", "支払い方法を変更できますか");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<ChannelGateway.Outcome>> results = new ArrayList<>();
            String channel = t.gateway.adapters().iterator().next().channel().name();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return t.gateway.process(channel, request);
                }));
            }
            go.countDown();
            int stored = 0;
            int duplicates = 0;
            for (Future<ChannelGateway.Outcome> f : results) {
                ChannelGateway.Outcome o = f.get(30, TimeUnit.SECONDS);
                assertThat(o.response().status()).isEqualTo(200);
                stored += o.stored().size();
                duplicates += o.duplicates();
            }
            assertThat(stored).isEqualTo(1);
            assertThat(duplicates).isEqualTo(threads - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(t.tickets()).hasSize(1);
        assertThat(t.messages()).hasSize(1);
    }

    @Test
    void aForgedSignatureIsRefusedAndChangesNothing() {
        Instant now = t.clock.instant();
        long head = t.store.eventLog().head();
        WebhookResponse r = post(signed("not-the-" + secret(), messagePayload("evt-400", "Uaaaa0004", "偽物", now),
            now));

        assertThat(r.status()).isEqualTo(401);
        assertThat(t.tickets()).isEmpty();
        assertThat(t.store.eventLog().head()).isEqualTo(head);
    }

    @Test
    void anAlteredBodyIsRefusedAndChangesNothing() {
        WebhookRequest genuine = message("evt-500", "Uaaaa0005", "1,000円です");
        byte[] body = genuine.body();
        String altered = new String(body, StandardCharsets.UTF_8).replace("1,000円", "9,000円");
        long head = t.store.eventLog().head();

        WebhookResponse r = post(WebhookRequest.of(genuine.method(), genuine.url(), genuine.headers(),
            altered.getBytes(StandardCharsets.UTF_8), WebhookLimits.DEFAULT));

        assertThat(r.status()).isEqualTo(401);
        assertThat(t.tickets()).isEmpty();
        assertThat(t.store.eventLog().head()).isEqualTo(head);
    }

    @Test
    void anUnsignedRequestIsRefused() {
        WebhookRequest genuine = message("evt-600", "Uaaaa0006", "署名なし");
        Map<String, List<String>> headers = new HashMap<>();
        genuine.headers().forEach((k, v) -> {
            if (!k.toLowerCase(java.util.Locale.ROOT).contains("signature")) {
                headers.put(k, v);
            }
        });

        WebhookResponse r = post(WebhookRequest.of("POST", genuine.url(), headers, genuine.body(),
            WebhookLimits.DEFAULT));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.bodyText()).containsIgnoringCase("signature");
        assertThat(t.tickets()).isEmpty();
    }

    @Test
    void aSignedButMalformedBodyIsRefusedWithTheReasonAndChangesNothing() {
        Instant now = t.clock.instant();
        long head = t.store.eventLog().head();

        WebhookResponse r = post(signed(secret(), "{\"events\": [{".getBytes(StandardCharsets.UTF_8), now));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.bodyText()).contains("body");
        assertThat(t.tickets()).isEmpty();
        assertThat(t.store.eventLog().head()).isEqualTo(head);
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() {
        byte[] big = new byte[WebhookLimits.DEFAULT.maxBodyBytes() + 1];
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(big);

        WebhookResponse r = t.gateway.handle(t.gateway.adapters().iterator().next().channel().name(), "POST",
            webhookUrl(), Map.of("Content-Type", List.of("application/json")), in);

        assertThat(r.status()).isEqualTo(413);
        assertThat(t.tickets()).isEmpty();
    }

    // ------------------------------------------------------------------ outbound

    @Test
    void aReplyIsDeliveredOnceOffTheCallersThread() {
        stubSends(m -> m.willReturn(accepted()));
        Ticket ticket = customerWrites();

        t.desk.reply(t.agent, ticket.id(), "ご連絡ありがとうございます。確認いたします。");
        assertThat(provider.getAllServeEvents()).as("nothing is sent on the replying thread").isEmpty();
        t.advance(Duration.ofMinutes(1));

        assertThat(acceptedCarrying("ご連絡ありがとうございます。確認いたします。")).isEqualTo(1);
        assertThat(t.events(ChannelEvent.DeliveryDelivered.class)).hasSize(1);
        assertThat(t.outbox.withStatus(OutboxRow.Status.SENT, 10)).hasSize(1);
    }

    @Test
    void aServerErrorIsRetriedAndTheReplyDeliveredOnce() {
        failOnceThenAccept(aResponse().withStatus(503));
        Ticket ticket = customerWrites();

        t.desk.reply(t.agent, ticket.id(), "在庫を確認しました");
        t.advance(Duration.ofMinutes(2));

        assertThat(acceptedCarrying("在庫を確認しました")).isEqualTo(1);
        assertThat(t.events(ChannelEvent.DeliveryFailed.class)).hasSize(1);
        assertThat(t.events(ChannelEvent.DeliveryDelivered.class)).hasSize(1);
    }

    @Test
    void aConnectionResetIsRetriedAndTheReplyDeliveredOnce() {
        failOnceThenAccept(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        Ticket ticket = customerWrites();

        t.desk.reply(t.agent, ticket.id(), "発送は明日になります");
        t.advance(Duration.ofMinutes(2));

        assertThat(acceptedCarrying("発送は明日になります")).isEqualTo(1);
        assertThat(t.events(ChannelEvent.DeliveryDelivered.class)).hasSize(1);
    }

    @Test
    void aMalformedProviderResponseIsRetried() {
        failOnceThenAccept(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
        Ticket ticket = customerWrites();

        t.desk.reply(t.agent, ticket.id(), "返金手続きを開始しました");
        t.advance(Duration.ofMinutes(2));

        assertThat(acceptedCarrying("返金手続きを開始しました")).isGreaterThanOrEqualTo(1);
        assertThat(t.events(ChannelEvent.DeliveryDelivered.class)).hasSize(1);
        if (sendsAreIdempotent()) {
            assertThat(acceptedCarrying("返金手続きを開始しました")).isEqualTo(1);
        }
    }

    @Test
    void aSlowResponseIsRetriedWithoutLosingTheReply() {
        t = desk(Duration.ofSeconds(1));
        failOnceThenAccept(accepted().withFixedDelay(3_000));
        Ticket ticket = customerWrites();

        t.desk.reply(t.agent, ticket.id(), "担当者から折り返しご連絡します");
        t.advance(Duration.ofMinutes(2));

        assertThat(t.events(ChannelEvent.DeliveryDelivered.class)).hasSize(1);
        if (sendsAreIdempotent()) {
            assertThat(acceptedCarrying("担当者から折り返しご連絡します")).isEqualTo(1);
        } else {
            assertThat(acceptedCarrying("担当者から折り返しご連絡します")).isBetween(1L, 2L);
        }
    }

    @Test
    void aRateLimitIsWaitedOutForItsRetryAfter() {
        failOnceThenAccept(aResponse().withStatus(429).withHeader("Retry-After", "30"));
        Ticket ticket = customerWrites();

        t.desk.reply(t.agent, ticket.id(), "少々お待ちください");
        t.scheduler.runDue();
        int afterFirst = provider.getAllServeEvents().size();
        t.advance(Duration.ofSeconds(29));

        assertThat(provider.getAllServeEvents()).as("no attempt before Retry-After").hasSize(afterFirst);
        t.advance(Duration.ofSeconds(2));
        assertThat(acceptedCarrying("少々お待ちください")).isEqualTo(1);
    }

    @Test
    void aReplyThatKeepsFailingIsDeadLetteredWithAnInternalNote() {
        stubSends(m -> m.willReturn(aResponse().withStatus(500)));
        Ticket ticket = customerWrites();

        t.desk.reply(t.agent, ticket.id(), "届かない返信");
        t.advance(Duration.ofMinutes(10));

        assertThat(t.outbox.withStatus(OutboxRow.Status.DEAD, 10)).hasSize(1);
        assertThat(t.events(ChannelEvent.DeliveryDeadLettered.class)).singleElement()
            .satisfies(d -> assertThat(d.attempts()).isEqualTo(3));
        assertThat(t.messages(ticket.id())).filteredOn(m -> m.visibility() == Visibility.INTERNAL)
            .singleElement().satisfies(m -> assertThat(m.body()).contains("届けられませんでした"));
    }

    @Test
    void aPermanentRefusalIsDeadLetteredAtOnce() {
        stubSends(m -> m.willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
            .withBody("{\"message\":\"forbidden\",\"ok\":false,\"error\":\"not_allowed\"}")));
        Ticket ticket = customerWrites();

        t.desk.reply(t.agent, ticket.id(), "権限のない返信");
        t.advance(Duration.ofSeconds(5));

        assertThat(t.events(ChannelEvent.DeliveryDeadLettered.class)).singleElement()
            .satisfies(d -> assertThat(d.attempts()).isEqualTo(1));
        assertThat(t.messages(ticket.id())).filteredOn(m -> m.visibility() == Visibility.INTERNAL).hasSize(1);
    }

    /** @return whether the provider dedupes repeated sends (an idempotency key); Slack's API does not */
    protected boolean sendsAreIdempotent() {
        return true;
    }

    /**
     * @param r a received message
     * @return the ticket it went to (for subclasses' own tests)
     */
    protected static Ticket ticketOf(Received r) {
        return r.ticket();
    }
}
