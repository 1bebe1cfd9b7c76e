package io.madoguchi.channels.line;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.madoguchi.channels.WebhookResponse;
import io.madoguchi.channels.event.ChannelEvent;
import io.madoguchi.channels.kit.ChannelTestDesk;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.ticket.Ticket;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LineAdapterTest {

    private static final String SECRET = "line-channel-secret-0123456789ab";
    private WireMockServer line;
    private ChannelTestDesk t;

    @BeforeEach
    void start() {
        line = new WireMockServer(options().dynamicPort());
        line.start();
        t = desk(b -> b.maxAttempts(4));
    }

    private ChannelTestDesk desk(Function<io.madoguchi.channels.outbox.OutboxSender.Builder,
        io.madoguchi.channels.outbox.OutboxSender.Builder> options) {
        return new ChannelTestDesk(clock -> LineAdapter.builder(SECRET, "access-token")
            .baseUrl("http://localhost:" + line.port()).clock(clock).build(), options);
    }

    @AfterEach
    void stop() {
        line.stop();
    }

    private WebhookResponse deliver(List<ObjectNode> events) {
        return t.gateway.handle("line", LinePayloads.request(SECRET, LinePayloads.body(events)));
    }

    private Ticket customerWrites(String text) {
        deliver(List.of(LinePayloads.text("01HZ" + text.hashCode(), "U4af4980629", text, t.clock.instant(),
            "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA")));
        return t.tickets().get(0);
    }

    private List<LoggedRequest> pushes() {
        return line.findAll(postRequestedFor(urlPathEqualTo("/v2/bot/message/push")));
    }

    private List<LoggedRequest> replies() {
        return line.findAll(postRequestedFor(urlPathEqualTo("/v2/bot/message/reply")));
    }

    private static JsonNode json(LoggedRequest r) {
        try {
            return LinePayloads.JSON.readTree(r.getBody());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ inbound

    @Test
    void anEmptyEventsArrayIsAConnectivityCheckAnswered200() {
        WebhookResponse r = deliver(List.of());

        assertThat(r.status()).isEqualTo(200);
        assertThat(t.store.eventLog().head()).isZero();
    }

    @Test
    void aFollowCreatesTheCustomerWithoutATicketAndItsRedeliveryIsIgnored() {
        ObjectNode follow = LinePayloads.base("follow", "01HZFOLLOW", "Ufollow01", t.clock.instant(), false);
        follow.put("replyToken", "r-follow");

        deliver(List.of(follow));
        follow.with("deliveryContext").put("isRedelivery", true);
        deliver(List.of(follow));

        assertThat(t.desk.findCustomer(t.agent, ChannelIdentity.line("Ufollow01"))).isPresent();
        assertThat(t.tickets()).isEmpty();
        assertThat(t.events(ChannelEvent.MessageReceived.class)).extracting(ChannelEvent.MessageReceived::kind)
            .containsExactly("FOLLOW");
        assertThat(t.events(ChannelEvent.DuplicateIgnored.class)).hasSize(1);
    }

    @Test
    void anUnfollowIsRecordedOnlyAsAChannelEvent() {
        deliver(List.of(LinePayloads.base("unfollow", "01HZUNFOLLOW", "Ugone0001", t.clock.instant(), false)));

        assertThat(t.tickets()).isEmpty();
        assertThat(t.events(ChannelEvent.MessageReceived.class)).extracting(ChannelEvent.MessageReceived::kind)
            .containsExactly("UNFOLLOW");
    }

    @Test
    void aPostbackIsStoredWithItsData() {
        ObjectNode postback = LinePayloads.base("postback", "01HZPOSTBACK", "Upost0001", t.clock.instant(), false);
        postback.put("replyToken", "r-postback");
        postback.putObject("postback").put("data", "action=返品&order=1234");

        deliver(List.of(postback));

        assertThat(t.messages()).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("action=返品&order=1234"));
    }

    @Test
    void eventTypesTheDeskDoesNotHandleAreLeftOut() {
        ObjectNode join = LinePayloads.base("join", "01HZJOIN", "Ujoin0001", t.clock.instant(), false);
        ObjectNode text = LinePayloads.text("01HZTEXT", "Utext0001", "こんにちは", t.clock.instant(), "r1");

        WebhookResponse r = deliver(List.of(join, text));

        assertThat(r.status()).isEqualTo(200);
        assertThat(t.messages()).hasSize(1);
    }

    @Test
    void anEventWithoutItsIdIsRefusedNamingTheField() {
        ObjectNode text = LinePayloads.text("01HZNOID", "Unoid0001", "こんにちは", t.clock.instant(), "r1");
        text.remove("webhookEventId");

        WebhookResponse r = deliver(List.of(text));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.bodyText()).contains("events[0].webhookEventId");
        assertThat(t.tickets()).isEmpty();
    }

    // ------------------------------------------------------------------ outbound

    @Test
    void aFreshReplyTokenIsUsedForTheReply() {
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/reply")).willReturn(aResponse().withStatus(200)));
        Ticket ticket = customerWrites("領収書をください");

        t.desk.reply(t.agent, ticket.id(), "領収書をお送りします");
        t.scheduler.runDue();

        assertThat(replies()).singleElement().satisfies(r -> {
            assertThat(r.getHeader("Authorization")).isEqualTo("Bearer access-token");
            assertThat(json(r).get("replyToken").asText()).isEqualTo("nHuyWiB7yP5Zw52FIkcQobQuGDXCTA");
            assertThat(json(r).at("/messages/0/text").asText()).isEqualTo("領収書をお送りします");
        });
        assertThat(pushes()).isEmpty();
    }

    @Test
    void aStaleReplyTokenFallsBackToPushWithARetryKey() {
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/push")).willReturn(aResponse().withStatus(200)));
        Ticket ticket = customerWrites("配送状況を教えてください");
        t.scheduler.advance(Duration.ofMinutes(5));

        t.desk.reply(t.agent, ticket.id(), "明日お届け予定です");
        t.scheduler.runDue();

        assertThat(replies()).isEmpty();
        assertThat(pushes()).singleElement().satisfies(r -> {
            assertThat(r.getHeader("X-Line-Retry-Key")).matches("[0-9a-f-]{36}");
            assertThat(json(r).get("to").asText()).isEqualTo("U4af4980629");
        });
    }

    @Test
    void aPushCarriesQuotesBackslashesLineBreaksAndEmojiAsWrittenInOneTextMessage() {
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/push")).willReturn(aResponse().withStatus(200)));
        Ticket ticket = customerWrites("返品の送り先は？");
        t.scheduler.advance(Duration.ofMinutes(5));
        String text = "「\"返品\"」は C:\\返品\\ 宛に\n\tお送りください 🍣（①㈱）";

        t.desk.reply(t.agent, ticket.id(), text);
        t.scheduler.runDue();

        assertThat(pushes()).singleElement().satisfies(r -> {
            assertThat(r.getHeader("Authorization")).isEqualTo("Bearer access-token");
            assertThat(r.getHeader("Content-Type")).startsWith("application/json");
            JsonNode body = json(r);
            assertThat(body.get("to").asText()).isEqualTo("U4af4980629");
            assertThat(body.get("messages")).singleElement().satisfies(m -> {
                assertThat(m.get("type").asText()).isEqualTo("text");
                assertThat(m.get("text").asText()).isEqualTo(text);
            });
        });
    }

    @Test
    void aPushIsRetriedWithTheSameRetryKeyAnd409CountsAsDelivered() {
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/push")).inScenario("push")
            .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500)).willSetStateTo("second"));
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/push")).inScenario("push")
            .whenScenarioStateIs("second").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("third"));
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/push")).inScenario("push")
            .whenScenarioStateIs("third").willReturn(aResponse().withStatus(409)
                .withBody("{\"message\":\"The retry key is already accepted\"}")));
        Ticket ticket = customerWrites("交換できますか");
        t.scheduler.advance(Duration.ofMinutes(5));

        t.desk.reply(t.agent, ticket.id(), "交換を承ります");
        t.scheduler.advance(Duration.ofMinutes(2));

        assertThat(pushes()).hasSize(3);
        assertThat(pushes()).extracting(r -> r.getHeader("X-Line-Retry-Key")).containsOnly(
            pushes().get(0).getHeader("X-Line-Retry-Key"));
        assertThat(t.outbox.withStatus(OutboxRow.Status.SENT, 10)).hasSize(1);
        assertThat(t.events(ChannelEvent.DeliveryFailed.class)).hasSize(2);
    }

    @Test
    void aLongReplyIsSplitAt5000WithAtMostFiveMessagesPerRequestEachRequestItsOwnKey() {
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/push")).willReturn(aResponse().withStatus(200)));
        Ticket ticket = customerWrites("詳しい説明をお願いします");
        t.scheduler.advance(Duration.ofMinutes(5));
        String longText = "ご説明いたします。".repeat(3_000); // 27,000 units: 6 parts

        t.desk.reply(t.agent, ticket.id(), longText);
        t.scheduler.advance(Duration.ofSeconds(1));

        assertThat(pushes()).hasSize(2);
        assertThat(json(pushes().get(0)).get("messages")).hasSize(5);
        assertThat(json(pushes().get(1)).get("messages")).hasSize(1);
        StringBuilder sent = new StringBuilder();
        for (LoggedRequest r : pushes()) {
            for (JsonNode m : json(r).get("messages")) {
                assertThat(m.get("text").asText().length()).isLessThanOrEqualTo(5_000);
                sent.append(m.get("text").asText());
            }
        }
        assertThat(sent.toString()).isEqualTo(longText);
        assertThat(pushes().get(0).getHeader("X-Line-Retry-Key"))
            .isNotEqualTo(pushes().get(1).getHeader("X-Line-Retry-Key"));
        assertThat(t.events(ChannelEvent.DeliveryDelivered.class)).singleElement()
            .satisfies(d -> assertThat(d.requests()).isEqualTo(2));
    }

    @Test
    void aReplyTokenRefusedOnItsFirstUseFallsBackToPush() {
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/reply"))
            .willReturn(aResponse().withStatus(400).withBody("{\"message\":\"Invalid reply token\"}")));
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/push")).willReturn(aResponse().withStatus(200)));
        Ticket ticket = customerWrites("至急お願いします");

        t.desk.reply(t.agent, ticket.id(), "ただいま確認中です");
        t.scheduler.advance(Duration.ofSeconds(5));

        assertThat(replies()).hasSize(1);
        assertThat(pushes()).singleElement().satisfies(r ->
            assertThat(json(r).at("/messages/0/text").asText()).isEqualTo("ただいま確認中です"));
    }

    @Test
    void aReplyWhoseResponseWasLostIsNotPushedAgainWhenItsTokenTurnsOutUsed() {
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/reply")).inScenario("reply")
            .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE))
            .willSetStateTo("used"));
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/reply")).inScenario("reply")
            .whenScenarioStateIs("used")
            .willReturn(aResponse().withStatus(400).withBody("{\"message\":\"Invalid reply token\"}")));
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/push")).willReturn(aResponse().withStatus(200)));
        Ticket ticket = customerWrites("キャンセルできますか");

        t.desk.reply(t.agent, ticket.id(), "キャンセルを承りました");
        t.scheduler.advance(Duration.ofSeconds(10));

        assertThat(replies()).hasSize(2);
        assertThat(pushes()).as("a second copy by push").isEmpty();
        assertThat(t.outbox.withStatus(OutboxRow.Status.SENT, 10)).hasSize(1);
    }

    @Test
    void aRedeliveredDeliveryRequestedEventSendsNothingTwice() {
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/reply")).willReturn(aResponse().withStatus(200)));
        Ticket ticket = customerWrites("ポイントについて");
        t.desk.reply(t.agent, ticket.id(), "ポイントは明日反映されます");
        t.scheduler.runDue();
        io.madoguchi.core.event.EventEnvelope requested = t.store.eventLog().read(0, 100).stream()
            .filter(e -> e.event() instanceof io.madoguchi.core.event.DeliveryRequested).findFirst().orElseThrow();

        new io.madoguchi.channels.outbox.OutboxSubscriber(t.desk, t.outbox, t.sender, t.store.eventLog())
            .handle(requested);
        t.scheduler.advance(Duration.ofMinutes(1));

        assertThat(replies()).hasSize(1);
        assertThat(pushes()).isEmpty();
    }

    @Test
    void anOpenCircuitBreakerHoldsRequestsUntilItsTimeOnTheClockHasPassed() {
        t = desk(b -> b.maxAttempts(20).circuitBreaker(2, Duration.ofMinutes(5))
            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/push")).willReturn(aResponse().withStatus(503)));
        Ticket ticket = customerWrites("つながりません");
        t.scheduler.advance(Duration.ofMinutes(5));

        t.desk.reply(t.agent, ticket.id(), "復旧をお待ちください");
        t.scheduler.advance(Duration.ofSeconds(10));
        int whileOpen = pushes().size();
        assertThat(t.sender.breakerOpen("line:push")).isTrue();
        t.scheduler.advance(Duration.ofMinutes(4));
        assertThat(pushes()).as("nothing goes out while the breaker is open").hasSize(whileOpen);

        line.resetMappings();
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/push")).willReturn(aResponse().withStatus(200)));
        t.scheduler.advance(Duration.ofMinutes(2));

        assertThat(whileOpen).isEqualTo(2);
        assertThat(t.outbox.withStatus(OutboxRow.Status.SENT, 10)).hasSize(1);
        assertThat(t.sender.breakerOpen("line:push")).isFalse();
    }

    @Test
    void aSenderThatDiedMidSendIsResumedAfterItsLeaseWithTheSameKey() {
        line.stubFor(post(urlPathEqualTo("/v2/bot/message/push")).withHeader("X-Line-Retry-Key", matchingAny())
            .willReturn(aResponse().withStatus(200)));
        Ticket ticket = customerWrites("再起動テスト");
        t.scheduler.advance(Duration.ofMinutes(5));
        // the reply is committed, the row written, and the host dies before the scheduler runs the send
        t.desk.reply(t.agent, ticket.id(), "再送されるべき返信");
        OutboxRow row = t.outbox.withStatus(OutboxRow.Status.PENDING, 10).get(0);
        t.outbox.update(row.with(OutboxRow.Status.SENDING, t.clock.instant().plus(Duration.ofMinutes(5))));

        io.madoguchi.channels.outbox.OutboxSender restarted = io.madoguchi.channels.outbox.OutboxSender
            .builder(t.outbox, t.store.eventLog(), t.scheduler, t.clock)
            .adapter(t.gateway.adapter("line").orElseThrow()).build();
        assertThat(restarted.resume()).isZero();
        t.clock.advance(Duration.ofMinutes(6));
        assertThat(restarted.resume()).isEqualTo(1);
        t.scheduler.runDue();

        assertThat(pushes()).singleElement().satisfies(r ->
            assertThat(json(r).at("/messages/0/text").asText()).isEqualTo("再送されるべき返信"));
        assertThat(t.outbox.get(row.id()).orElseThrow().status()).isEqualTo(OutboxRow.Status.SENT);
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern matchingAny() {
        return com.github.tomakehurst.wiremock.client.WireMock.matching("[0-9a-f-]{36}");
    }

    @Test
    void theSignatureIsBase64HmacSha256OfTheRawBody() {
        byte[] body = "{\"destination\":\"U1\",\"events\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // computed independently: printf '%s' BODY | openssl dgst -sha256 -hmac SECRET -binary | base64
        assertThat(LineAdapter.sign(body, "line-channel-secret-0123456789ab")).isEqualTo(EXPECTED_SIGNATURE);
    }

    private static final String EXPECTED_SIGNATURE = "LpHBMCLCYdsGjxha8MSJketETNBoBJcuQ63LH1KACEY=";
}
