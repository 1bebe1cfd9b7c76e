package io.madoguchi.channels.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.madoguchi.channels.ChannelGateway;
import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.WebhookResponse;
import io.madoguchi.channels.event.ChannelEvent;
import io.madoguchi.channels.kit.ChannelTestDesk;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.core.ticket.Ticket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackAdapterTest {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private WireMockServer slack;
    private ChannelTestDesk t;

    @BeforeEach
    void start() {
        slack = new WireMockServer(options().dynamicPort());
        slack.start();
        t = new ChannelTestDesk(clock -> SlackAdapter.builder(SECRET, "xoxb-test").baseUrl("http://localhost:"
            + slack.port()).clock(clock).build(), b -> b.maxAttempts(4));
    }

    @AfterEach
    void stop() {
        slack.stop();
    }

    private WebhookResponse deliver(ObjectNode root, Instant signedAt) {
        return t.gateway.handle("slack", SlackPayloads.request(SECRET, SlackPayloads.bytes(root), signedAt));
    }

    private List<LoggedRequest> posts() {
        return slack.findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage")));
    }

    private static JsonNode json(LoggedRequest r) {
        try {
            return SlackPayloads.JSON.readTree(r.getBody());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void slacksDocumentedExampleSignatureVerifies() {
        String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
            + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
            + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        WebhookRequest r = WebhookRequest.of("POST", "https://desk.example.jp/slack/commands", Map.of(
            "X-Slack-Request-Timestamp", List.of("1531420618"),
            "X-Slack-Signature", List.of("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")),
            body.getBytes(StandardCharsets.UTF_8), WebhookLimits.DEFAULT);
        SlackAdapter adapter = SlackAdapter.builder(SECRET, "xoxb").build();

        assertThatCode(() -> adapter.verify(r, Instant.ofEpochSecond(1531420618))).doesNotThrowAnyException();
        assertThatThrownBy(() -> adapter.verify(r, Instant.ofEpochSecond(1531420618 + 301)))
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.field()).isEqualTo("X-Slack-Request-Timestamp");
            });
    }

    @Test
    void aRequestSignedMoreThan300SecondsAgoIsRefusedAndChangesNothing() {
        Instant signedAt = t.clock.instant().minusSeconds(301);
        ObjectNode root = SlackPayloads.envelope("Ev0STALE", signedAt,
            SlackPayloads.message("U0STALE", "古い", "1.1"));

        WebhookResponse r = deliver(root, signedAt);

        assertThat(r.status()).isEqualTo(401);
        assertThat(t.tickets()).isEmpty();
        assertThat(t.store.eventLog().head()).isZero();
    }

    @Test
    void urlVerificationIsAnsweredWithTheChallenge() {
        ObjectNode root = SlackPayloads.JSON.createObjectNode().put("token", "Jhj5dZrVaK7ZwHHjRyZWjbDl")
            .put("challenge", "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P").put("type", "url_verification");

        WebhookResponse r = deliver(root, t.clock.instant());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        assertThat(t.tickets()).isEmpty();
    }

    @Test
    void messagesFromBotsAndEditsAreIgnoredSoTheDeskNeverAnswersItself() {
        ObjectNode bot = SlackPayloads.message("U0BOT", "自動応答です", "1.2");
        bot.put("bot_id", "B123");
        ObjectNode botMessage = SlackPayloads.message("U0BOT", "自動応答です", "1.3");
        botMessage.put("subtype", "bot_message");
        ObjectNode edit = SlackPayloads.message("U0HUMAN", "編集", "1.4");
        edit.put("subtype", "message_changed");

        deliver(SlackPayloads.envelope("Ev1", t.clock.instant(), bot), t.clock.instant());
        deliver(SlackPayloads.envelope("Ev2", t.clock.instant(), botMessage), t.clock.instant());
        deliver(SlackPayloads.envelope("Ev3", t.clock.instant(), edit), t.clock.instant());

        assertThat(t.tickets()).isEmpty();
    }

    @Test
    void aRetriedDeliveryWithSlacksRetryHeadersStoresOnce() {
        ObjectNode root = SlackPayloads.envelope("Ev0RETRY", t.clock.instant(),
            SlackPayloads.message("U0RETRY", "請求書の宛名を変えたい", "1700000000.000100"));
        byte[] body = SlackPayloads.bytes(root);
        WebhookRequest first = SlackPayloads.request(SECRET, body, t.clock.instant());
        t.clock.advance(Duration.ofSeconds(4));
        WebhookRequest retry = SlackPayloads.request(SECRET, body, t.clock.instant());
        java.util.Map<String, List<String>> headers = new java.util.HashMap<>(retry.headers());
        headers.put("X-Slack-Retry-Num", List.of("1"));
        headers.put("X-Slack-Retry-Reason", List.of("http_timeout"));

        t.gateway.handle("slack", first);
        WebhookResponse again = t.gateway.handle("slack", WebhookRequest.of("POST", retry.url(), headers, body,
            WebhookLimits.DEFAULT));

        assertThat(again.status()).isEqualTo(200);
        assertThat(t.messages()).hasSize(1);
        assertThat(t.events(ChannelEvent.DuplicateIgnored.class)).hasSize(1);
    }

    @Test
    void aMessageMentioningTheBotArrivesAsMessageAndAsAppMentionAndIsStoredAndAnsweredOnce() {
        slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(200)
            .withBody("{\"ok\":true}")));
        String ts = "1700000000.000400";
        ObjectNode message = SlackPayloads.message("U0MENTION", "<@U061F7AUR> 返品の手続きを教えてください", ts);
        message.put("channel", "C0LAN2Q65").put("channel_type", "channel");
        ObjectNode mention = message.deepCopy();
        mention.put("type", "app_mention").put("event_ts", ts).remove("channel_type");
        Instant now = t.clock.instant();

        ChannelGateway.Outcome asMessage = t.gateway.process("slack", SlackPayloads.request(SECRET,
            SlackPayloads.bytes(SlackPayloads.envelope("Ev0MESSAGE", now, message)), now));
        ChannelGateway.Outcome asMention = t.gateway.process("slack", SlackPayloads.request(SECRET,
            SlackPayloads.bytes(SlackPayloads.envelope("Ev0MENTION", now, mention)), now));

        assertThat(asMessage.stored()).hasSize(1);
        assertThat(asMention.stored()).isEmpty();
        assertThat(asMention.duplicates()).isEqualTo(1);
        assertThat(asMention.response().status()).isEqualTo(200);
        assertThat(t.messages()).singleElement()
            .satisfies(m -> assertThat(m.body()).isEqualTo("<@U061F7AUR> 返品の手続きを教えてください"));
        assertThat(t.events(ChannelEvent.MessageReceived.class)).hasSize(1);
        assertThat(t.events(ChannelEvent.DuplicateIgnored.class)).hasSize(1);

        t.desk.reply(t.agent, t.tickets().get(0).id(), "返品の手続きをご案内します");
        t.scheduler.runDue();
        assertThat(posts()).hasSize(1);
    }

    @Test
    void theSameTsInAnotherChannelOrALaterTsInTheSameChannelIsAnotherMessage() {
        ObjectNode first = SlackPayloads.message("U0TS", "一通目", "1700000000.000500");
        first.put("channel", "C0LAN2Q65");
        ObjectNode elsewhere = first.deepCopy().put("channel", "C0OTHER99").put("text", "別のチャンネル");
        ObjectNode later = first.deepCopy().put("ts", "1700000000.000600").put("text", "二通目");

        deliver(SlackPayloads.envelope("Ev0TS1", t.clock.instant(), first), t.clock.instant());
        deliver(SlackPayloads.envelope("Ev0TS2", t.clock.instant(), elsewhere), t.clock.instant());
        deliver(SlackPayloads.envelope("Ev0TS3", t.clock.instant(), later), t.clock.instant());

        assertThat(t.messages()).extracting(m -> m.body()).containsExactlyInAnyOrder("一通目", "別のチャンネル", "二通目");
        assertThat(t.events(ChannelEvent.DuplicateIgnored.class)).isEmpty();
    }

    @Test
    void theReplyGoesIntoTheCustomersThread() {
        slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(200)
            .withBody("{\"ok\":true}")));
        ObjectNode message = SlackPayloads.message("U0THREAD", "ログインできません", "1700000000.000300");
        message.put("thread_ts", "1700000000.000100");
        deliver(SlackPayloads.envelope("Ev0THREAD", t.clock.instant(), message), t.clock.instant());
        Ticket ticket = t.tickets().get(0);

        t.desk.reply(t.agent, ticket.id(), "パスワードを再設定してください");
        t.scheduler.runDue();

        assertThat(posts()).singleElement().satisfies(r -> {
            assertThat(r.getHeader("Authorization")).isEqualTo("Bearer xoxb-test");
            assertThat(json(r).get("channel").asText()).isEqualTo("D024BE91L");
            assertThat(json(r).get("thread_ts").asText()).isEqualTo("1700000000.000100");
            assertThat(json(r).get("text").asText()).isEqualTo("パスワードを再設定してください");
        });
    }

    @Test
    void okFalseRatelimitedIsRetriedAndOkFalseChannelNotFoundIsDeadLettered() {
        slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).inScenario("s")
            .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(200)
                .withBody("{\"ok\":false,\"error\":\"ratelimited\"}")).willSetStateTo("gone"));
        slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).inScenario("s")
            .whenScenarioStateIs("gone").willReturn(aResponse().withStatus(200)
                .withBody("{\"ok\":false,\"error\":\"channel_not_found\"}")));
        deliver(SlackPayloads.envelope("Ev0OK", t.clock.instant(),
            SlackPayloads.message("U0OKFALSE", "返信が来ません", "1.5")), t.clock.instant());
        Ticket ticket = t.tickets().get(0);

        t.desk.reply(t.agent, ticket.id(), "確認しました");
        t.scheduler.advance(Duration.ofMinutes(1));

        assertThat(posts()).hasSize(2);
        assertThat(t.outbox.withStatus(OutboxRow.Status.DEAD, 10)).singleElement()
            .satisfies(r -> assertThat(r.lastError()).isEqualTo("ok:false channel_not_found"));
        assertThat(t.events(ChannelEvent.DeliveryDeadLettered.class)).hasSize(1);
    }

    @Test
    void aLongReplyGoesOutInPartsOfAtMost4000OneRequestEach() {
        slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(200)
            .withBody("{\"ok\":true}")));
        deliver(SlackPayloads.envelope("Ev0LONG", t.clock.instant(),
            SlackPayloads.message("U0LONG", "詳しく", "1.6")), t.clock.instant());
        String longText = "手順をご案内します。".repeat(1_000); // 10,000 units

        t.desk.reply(t.agent, t.tickets().get(0).id(), longText);
        t.scheduler.advance(Duration.ofSeconds(1));

        assertThat(posts()).hasSize(3);
        StringBuilder sent = new StringBuilder();
        posts().forEach(r -> sent.append(json(r).get("text").asText()));
        assertThat(sent.toString()).isEqualTo(longText);
    }
}
