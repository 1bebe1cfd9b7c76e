package io.madoguchi.channels.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.WebhookResponse;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.time.MutableClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebChatTest {

    private static final byte[] SECRET = "web-chat-test-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern FRAME = Pattern.compile("id: (\\d+)\nevent: message\ndata: (\\{.*})\n\n");

    private final TenantId tenant = TenantId.of("shop-a");
    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-30T01:00:00Z"));
    private final DeskStore store = DeskStore.inMemory(clock);
    private final SupportDesk desk = SupportDesk.builder().clock(clock).store(store).build();
    private final Principal agent = Principal.agent(tenant, AgentId.of("sato"));
    private final ObjectMapper json = new ObjectMapper();

    private WebChat chat(WebChatLimits limits) {
        return WebChat.builder(desk, store.eventLog(), tenant).secret(SECRET).limits(limits).build();
    }

    private WebChat chat() {
        return chat(WebChatLimits.DEFAULT);
    }

    private static WebChatLimits limits(int sendsPerMinute, int streamsPerVisitor, int trackedVisitors, int recent) {
        return new WebChatLimits(2_000, 16 * 1024, sendsPerMinute, 600, streamsPerVisitor, 100, trackedVisitors,
            Duration.ofDays(1), recent);
    }

    /** The frames of a stream's text: event id and the message's text. */
    private List<String[]> frames(String text) throws Exception {
        List<String[]> out = new ArrayList<>();
        Matcher m = FRAME.matcher(text);
        while (m.find()) {
            JsonNode data = json.readTree(m.group(2));
            out.add(new String[] {m.group(1), data.get("author").asText(), data.get("text").asText()});
        }
        return out;
    }

    private List<String> texts(String streamText) throws Exception {
        return frames(streamText).stream().map(f -> f[2]).toList();
    }

    @ParameterizedTest(name = "tail keeps {0} recent messages")
    @ValueSource(ints = {1, 10_000})
    void aStreamResumedWithLastEventIdAfterADroppedConnectionGetsEveryMessageInOrder(int recent) throws Exception {
        WebChat chat = chat(limits(20, 3, 1_000, recent));
        String token = chat.start(null, "山田 花子", "ja");
        TicketId ticket = chat.send(token, "m1", "注文がまだ届きません").ticket().id();
        ChatStream stream = chat.openStream(token, null);
        desk.reply(agent, ticket, "確認いたします。");
        desk.reply(agent, ticket, "発送は明日です。");
        List<String[]> seen = frames(stream.next(Duration.ZERO));
        assertThat(seen).extracting(f -> f[2]).containsExactly("確認いたします。", "発送は明日です。");
        stream.close(); // the connection drops

        desk.reply(agent, ticket, "追跡番号は 1234 です。");
        chat.send(token, "m2", "ありがとうございます");
        desk.reply(agent, ticket, "どういたしまして。");
        // other customers' traffic in between, so the resumed stream must skip it
        String other = chat.start(null, "別の客", "ja");
        chat.send(other, "x1", "別の問い合わせです");

        String lastEventId = seen.get(seen.size() - 1)[0];
        try (ChatStream resumed = chat.openStream(token, lastEventId)) {
            assertThat(texts(resumed.next(Duration.ZERO)))
                .containsExactly("追跡番号は 1234 です。", "ありがとうございます", "どういたしまして。");
            assertThat(texts(resumed.next(Duration.ZERO))).isEmpty();
        }
    }

    @Test
    void aStreamWokenByAReplyOnAnotherThreadDeliversItWithoutPolling() throws Exception {
        WebChat chat = chat();
        String token = chat.start(null, "田中", "ja");
        TicketId ticket = chat.send(token, "m1", "返品したい").ticket().id();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ChatStream stream = chat.openStream(token, null)) {
            stream.next(Duration.ZERO);
            Future<String> waiting = pool.submit(() -> stream.next(Duration.ofMinutes(10)));
            desk.reply(agent, ticket, "承知しました。");
            assertThat(texts(waiting.get(2, java.util.concurrent.TimeUnit.MINUTES))).containsExactly("承知しました。");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStreamOpenedBeforeTheVisitorsFirstMessageIsWokenByIt() throws Exception {
        WebChat chat = chat();
        String token = chat.start(null, "田中", "ja");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ChatStream stream = chat.openStream(token, null)) {
            stream.next(Duration.ZERO);
            // waits ten minutes unless woken: the get below gives up long before that
            Future<String> waiting = pool.submit(() -> stream.next(Duration.ofMinutes(10)));
            chat.send(token, "m1", "はじめまして");
            assertThat(texts(waiting.get(2, java.util.concurrent.TimeUnit.MINUTES))).containsExactly("はじめまして");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aVisitorSeesOnlyTheirOwnConversationAndNeverAnInternalNote() throws Exception {
        WebChat chat = chat();
        String alice = chat.start(null, "佐々木", "ja");
        String bob = chat.start(null, "高橋", "ja");
        TicketId aliceTicket = chat.send(alice, "a1", "ポイントが付きません").ticket().id();
        TicketId bobTicket = chat.send(bob, "b1", "送料はいくらですか").ticket().id();
        ChatStream aliceStream = chat.openStream(alice, "0");
        desk.addNote(agent, aliceTicket, "社内メモ: 前回も同じ問い合わせ");
        desk.reply(agent, bobTicket, "全国一律500円です。");
        desk.reply(agent, aliceTicket, "ポイントを付与しました。");

        assertThat(texts(aliceStream.next(Duration.ZERO)))
            .containsExactly("ポイントが付きません", "ポイントを付与しました。");
        assertThat(chat.history(alice, "", 200).messages()).extracting(WebChat.ChatMessage::text)
            .containsExactly("ポイントが付きません", "ポイントを付与しました。");
        assertThat(chat.history(bob, "", 200).messages()).extracting(WebChat.ChatMessage::text)
            .containsExactly("送料はいくらですか", "全国一律500円です。");
        assertThat(desk.messages(agent, aliceTicket)).extracting(Message::body).contains("社内メモ: 前回も同じ問い合わせ");
        aliceStream.close();
    }

    @Test
    void aTokenWithAnotherVisitorsIdOrAForeignSignatureIsRefused() {
        WebChat chat = chat();
        String token = chat.start(null, "山田", "ja");
        String payload = token.substring(0, token.indexOf('.'));
        String decoded = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
            decoded.replaceFirst("\nv-[^\n]+\n", "\nv-someone-else\n").getBytes(StandardCharsets.UTF_8));
        String forged = forgedPayload + token.substring(token.indexOf('.'));
        String foreign = WebChat.builder(desk, store.eventLog(), tenant)
            .secret("another-secret-of-another-site-0123456789".getBytes(StandardCharsets.US_ASCII)).build()
            .start(null, "山田", "ja");

        assertThatThrownBy(() -> chat.send(forged, "m1", "こんにちは")).isInstanceOf(WebhookRejectedException.class)
            .hasMessageContaining("bad signature");
        assertThatThrownBy(() -> chat.history(foreign, "", 10)).isInstanceOf(WebhookRejectedException.class)
            .extracting(e -> ((WebhookRejectedException) e).status()).isEqualTo(401);
        assertThat(store.eventLog().head()).isZero();
    }

    @Test
    void aTokenOfAnotherTenantsChatIsRefusedEvenWithTheSameSecret() {
        WebChat shopA = chat();
        WebChat shopB = WebChat.builder(desk, store.eventLog(), TenantId.of("shop-b")).secret(SECRET).build();
        String tokenOfA = shopA.start("42", "山田 花子", "ja");
        shopB.send(shopB.start("42", "佐藤 一郎", "ja"), "b1", "店舗Bへの問い合わせ");
        long head = store.eventLog().head();

        assertThatThrownBy(() -> shopB.send(tokenOfA, "a1", "こんにちは")).isInstanceOf(WebhookRejectedException.class)
            .extracting(e -> ((WebhookRejectedException) e).status()).isEqualTo(401);
        assertThatThrownBy(() -> shopB.history(tokenOfA, "", 10)).isInstanceOf(WebhookRejectedException.class)
            .hasMessageContaining("bad signature");
        assertThat(store.eventLog().head()).isEqualTo(head);
        assertThat(shopA.send(tokenOfA, "a1", "こんにちは").ticket().tenantId()).isEqualTo(tenant);
    }

    @Test
    void aTokenPastItsLifetimeIsRefused() {
        WebChat chat = chat(limits(20, 3, 1_000, 100));
        String token = chat.start(null, "山田", "ja");
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThatThrownBy(() -> chat.send(token, "m1", "こんにちは")).isInstanceOf(WebhookRejectedException.class)
            .hasMessageContaining("expired");
    }

    @Test
    void aRetriedClientMessageIdStoresOneMessageEvenWhenTheRetriesRace() throws Exception {
        WebChat chat = chat();
        String token = chat.start(null, "山田", "ja");
        Received first = chat.send(token, "same-id", "住所を変更したいです");
        Received retry = chat.send(token, "same-id", "住所を変更したいです");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Received>> racing = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            racing.add(() -> chat.send(token, "raced-id", "配送日を変えられますか"));
        }
        List<Received.Outcome> outcomes = new ArrayList<>();
        for (Future<Received> f : pool.invokeAll(racing)) {
            outcomes.add(f.get().outcome());
        }
        pool.shutdown();

        assertThat(first.outcome()).isEqualTo(Received.Outcome.OPENED);
        assertThat(retry.outcome()).isEqualTo(Received.Outcome.DUPLICATE);
        assertThat(retry.message()).isEqualTo(first.message());
        assertThat(outcomes).filteredOn(o -> o != Received.Outcome.DUPLICATE).hasSize(1);
        assertThat(chat.history(token, "", 200).messages()).extracting(WebChat.ChatMessage::text)
            .containsExactly("住所を変更したいです", "配送日を変えられますか");
    }

    @Test
    void aHostBoundVisitorIsTheSameCustomerWithEveryToken() {
        WebChat chat = chat();
        String onPhone = chat.start("user-42", "鈴木", "ja");
        String onLaptop = chat.start("user-42", "鈴木", "ja");
        chat.send(onPhone, "p1", "スマホから送ります");
        chat.send(onLaptop, "l1", "PCからも送ります");
        assertThat(chat.history(onLaptop, "", 200).messages()).extracting(WebChat.ChatMessage::text)
            .containsExactly("スマホから送ります", "PCからも送ります");
    }

    @Test
    void historyPagesByCursorWithoutRepeatingOrSkipping() {
        WebChat chat = chat();
        String token = chat.start(null, "山田", "ja");
        TicketId ticket = chat.send(token, "m1", "一通目").ticket().id();
        for (int i = 2; i <= 5; i++) {
            desk.reply(agent, ticket, i + "通目");
        }
        WebChat.History page1 = chat.history(token, "", 2);
        WebChat.History page2 = chat.history(token, page1.next(), 2);
        WebChat.History page3 = chat.history(token, page2.next(), 2);
        WebChat.History after = chat.history(token, page3.next(), 2);

        assertThat(List.of(page1, page2, page3)).flatExtracting(WebChat.History::messages)
            .extracting(WebChat.ChatMessage::text).containsExactly("一通目", "2通目", "3通目", "4通目", "5通目");
        assertThat(after.messages()).isEmpty();
        assertThat(after.next()).isEqualTo(page3.next());
        assertThatThrownBy(() -> chat.history(token, "not-a-cursor", 2)).isInstanceOf(WebhookRejectedException.class)
            .hasMessageContaining("after");
    }

    @Test
    void aVisitorOverTheSendRateIsRefusedWhileARetryOfAStoredMessageIsNot() {
        WebChat chat = chat(limits(2, 3, 1_000, 100));
        String token = chat.start(null, "山田", "ja");
        chat.send(token, "m1", "一");
        chat.send(token, "m2", "二");
        assertThatThrownBy(() -> chat.send(token, "m3", "三")).isInstanceOf(WebhookRejectedException.class)
            .extracting(e -> ((WebhookRejectedException) e).status()).isEqualTo(429);
        assertThat(chat.send(token, "m2", "二").outcome()).isEqualTo(Received.Outcome.DUPLICATE);
        clock.advance(Duration.ofMinutes(1));
        assertThat(chat.send(token, "m3", "三").outcome()).isEqualTo(Received.Outcome.JOINED);
    }

    @Test
    void theSendLimiterRemembersNoMoreVisitorsThanItsBound() {
        WebChat chat = chat(limits(20, 3, 5, 100));
        for (int i = 0; i < 40; i++) {
            chat.send(chat.start(null, "客" + i, "ja"), "m", "こんにちは" + i);
        }
        assertThat(chat.trackedVisitors()).isEqualTo(5);
    }

    @Test
    void aVisitorHoldsNoMoreStreamsThanTheLimitAndAClosedOneFreesItsSlot() {
        WebChat chat = chat(limits(20, 2, 1_000, 100));
        String token = chat.start(null, "山田", "ja");
        ChatStream a = chat.openStream(token, null);
        ChatStream b = chat.openStream(token, null);
        assertThatThrownBy(() -> chat.openStream(token, null)).isInstanceOf(WebhookRejectedException.class)
            .extracting(e -> ((WebhookRejectedException) e).status()).isEqualTo(429);
        a.close();
        a.close();
        ChatStream c = chat.openStream(token, null);
        assertThat(chat.openStreams()).isEqualTo(2);
        b.close();
        c.close();
        assertThat(chat.openStreams()).isZero();
    }

    @Test
    void aMessageOverTheSizeLimitOrWithoutAClientIdIsRefusedAndNothingIsStored() {
        WebChat chat = chat();
        String token = chat.start(null, "山田", "ja");
        assertThatThrownBy(() -> chat.send(token, "m1", "あ".repeat(2_001))).isInstanceOf(WebhookRejectedException.class)
            .extracting(e -> ((WebhookRejectedException) e).status()).isEqualTo(413);
        assertThatThrownBy(() -> chat.send(token, "", "こんにちは")).isInstanceOf(WebhookRejectedException.class)
            .hasMessageContaining("client_id");
        assertThatThrownBy(() -> chat.start(null, "", "日本語")).isInstanceOf(ValidationException.class)
            .satisfies(e -> assertThat(((ValidationException) e).violations()).extracting(v -> v.field())
                .containsExactly("name", "lang"));
        assertThat(store.eventLog().head()).isZero();
    }

    @Test
    void theHttpApiStartsSendsAndReadsAConversation() throws Exception {
        WebChat chat = chat();
        WebhookResponse started = call(chat, "POST", "/conversations", null, "{\"name\":\"山田\",\"lang\":\"ja\"}");
        assertThat(started.status()).isEqualTo(201);
        String token = json.readTree(started.body()).get("token").asText();

        WebhookResponse sent = call(chat, "POST", "/messages", token, "{\"client_id\":\"c-1\",\"text\":\"返品したい\"}");
        WebhookResponse again = call(chat, "POST", "/messages", token, "{\"client_id\":\"c-1\",\"text\":\"返品したい\"}");
        WebhookResponse history = call(chat, "GET", "/messages?limit=10", token, "");
        WebhookResponse unauthenticated = call(chat, "GET", "/messages", null, "");
        WebhookResponse notJson = call(chat, "POST", "/messages", token, "返品");

        assertThat(sent.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(json.readTree(again.body()).get("duplicate").asBoolean()).isTrue();
        JsonNode h = json.readTree(history.body());
        assertThat(h.get("messages")).hasSize(1);
        assertThat(h.get("messages").get(0).get("text").asText()).isEqualTo("返品したい");
        assertThat(h.get("messages").get(0).get("author").asText()).isEqualTo("customer");
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(call(chat, "GET", "/widget.js", null, "").bodyText()).contains("EventSource");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=%zz", "limit=10&after=%", "limit=%E3%8", "after=%ZZ1.2&limit=5"})
    void aBadPercentEscapeInTheHistoryQueryIsA400NamingTheParameter(String queryString) throws Exception {
        WebChat chat = chat();
        String token = chat.start(null, "山田", "ja");

        WebhookResponse r = call(chat, "GET", "/messages?" + queryString, token, "");

        String named = queryString.contains("after=%") ? "after" : "limit";
        assertThat(r.status()).isEqualTo(400);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("field").asText()).isEqualTo(named);
        assertThat(body.get("error").asText()).contains("percent");
    }

    @Test
    void aQueryValueThatIsNotUtf8OnceDecodedIsA400NamingTheParameter() throws Exception {
        WebChat chat = chat();
        String token = chat.start(null, "山田", "ja");

        WebhookResponse r = call(chat, "GET", "/messages?limit=5&after=%E4%BD", token, "");

        assertThat(r.status()).isEqualTo(400);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("field").asText()).isEqualTo("after");
        assertThat(body.get("error").asText()).contains("UTF-8");
    }

    @Test
    void aBadPercentEscapeInTheStreamQueryIsRefusedNamingTheParameterAndNoStreamIsOpened() {
        WebChat chat = chat();
        String token = chat.start(null, "山田", "ja");

        assertThatThrownBy(() -> chat.openStream(request("/events?token=%")))
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.field()).isEqualTo("token");
                assertThat(e.getMessage()).doesNotContain(token);
            });
        assertThatThrownBy(() -> chat.openStream(request("/events?token=" + token + "&last_event_id=1%G0")))
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.field()).isEqualTo("last_event_id");
            });
        assertThat(chat.openStreams()).isZero();
        try (ChatStream stream = chat.openStream(request("/events?token=" + token + "&last_event_id=%30"))) {
            assertThat(chat.openStreams()).isEqualTo(1);
        }
    }

    private static WebhookRequest request(String path) {
        return WebhookRequest.of("GET", "http://localhost/chat/api" + path, Map.of(), new byte[0],
            WebhookLimits.DEFAULT);
    }

    private static WebhookResponse call(WebChat chat, String method, String path, String token, String body) {
        Map<String, List<String>> headers = token == null ? Map.of()
            : Map.of("Authorization", List.of("Bearer " + token));
        return chat.handle(path.replaceAll("\\?.*", ""), method, "http://localhost/chat/api" + path, headers,
            new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
