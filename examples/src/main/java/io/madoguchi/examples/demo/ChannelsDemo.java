package io.madoguchi.examples.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelGateway;
import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.event.ChannelEvent;
import io.madoguchi.channels.line.LineAdapter;
import io.madoguchi.channels.outbox.InMemoryOutboxStore;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.channels.outbox.OutboxSender;
import io.madoguchi.channels.outbox.OutboxSubscriber;
import io.madoguchi.channels.outbox.RateLimit;
import io.madoguchi.channels.slack.SlackAdapter;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.time.ManualScheduler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;

/**
 * The channels part of the demo, after the day's summary: LINE and Slack webhooks into a desk of their own (in memory)
 * through the gateway, a LINE redelivery ignored as a duplicate, and replies through the outbox to local stubs of the
 * LINE and Slack APIs (the JDK's HTTP server on 127.0.0.1): the LINE stub fails the first request with 500 and the
 * Slack stub answers the first with 429 {@code Retry-After: 1}; both replies are retried and delivered once. Time is
 * simulated (a manual scheduler); the HTTP calls are real.
 */
public final class ChannelsDemo {

    private static final DateTimeFormatter HHMMSS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String LINE_SECRET = "demo-line-channel-secret";
    private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    private final PrintWriter out;
    private final LocalDate day;
    private final List<String> stubLog = new CopyOnWriteArrayList<>();

    /**
     * @param out where the account goes
     * @param day the demo's day (the part starts at 18:05 Tokyo time)
     */
    public ChannelsDemo(PrintWriter out, LocalDate day) {
        this.out = out;
        this.day = day;
    }

    /** Runs the part and prints it. */
    public void run() {
        HttpServer stub = startStub();
        try {
            run("http://127.0.0.1:" + stub.getAddress().getPort());
        } finally {
            stub.stop(0);
        }
        out.flush();
    }

    private void run(String baseUrl) {
        TenantId tenant = TenantId.of("madoguchi-shop");
        ManualScheduler scheduler = ManualScheduler.startingAt(
            day.atTime(LocalTime.of(18, 5)).atZone(DemoDay.ZONE).toInstant(), DemoDay.ZONE);
        DeskStore store = DeskStore.inMemory(scheduler.clock());
        SupportDesk desk = SupportDesk.builder().clock(scheduler.clock()).store(store).scheduler(scheduler).build();
        Principal sato = Principal.agent(tenant, AgentId.of("sato"));
        desk.saveAgent(Principal.admin(tenant, AgentId.of("admin")), Agent.of(tenant, AgentId.of("sato"), "佐藤"));
        OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        ChannelAdapter line = LineAdapter.builder(LINE_SECRET, "demo-line-token").baseUrl(baseUrl).httpClient(http)
            .clock(scheduler.clock()).build();
        ChannelAdapter slack = SlackAdapter.builder(SLACK_SECRET, "xoxb-demo").baseUrl(baseUrl).httpClient(http)
            .clock(scheduler.clock()).build();
        InMemoryOutboxStore outbox = new InMemoryOutboxStore();
        ChannelGateway gateway = ChannelGateway.builder(desk, store.eventLog(), tenant).adapter(line).adapter(slack)
            .replyContexts(outbox).clock(scheduler.clock()).build();
        OutboxSender sender = OutboxSender.builder(outbox, store.eventLog(), scheduler, scheduler.clock())
            .adapters(List.of(line, slack)).desk(desk).backoff(Duration.ofSeconds(2), Duration.ofMinutes(1))
            .rateLimit(Channel.SLACK, RateLimit.perSecond(1)).build();
        desk.subscribe(new OutboxSubscriber(desk, outbox, sender, store.eventLog()));

        out.println("=== チャネル / channels: LINE と Slack（ローカルのスタブ API、別のメモリ上の窓口）===");
        Instant now = scheduler.now();
        byte[] lineBody = lineMessage(now, false);
        Received first = gateway.process("line", signedLine(lineBody)).stored().get(0);
        say(scheduler, "LINE webhook → #" + first.ticket().number() + " 新規 「" + first.message().body() + "」");
        ChannelGateway.Outcome again = gateway.process("line", signedLine(lineMessage(now, true)));
        say(scheduler, "LINE 再送 (isRedelivery) → 重複として無視 / duplicate ignored: stored " + again.stored().size()
            + ", duplicates " + again.duplicates());
        desk.reply(sato, first.ticket().id(), "お問い合わせありがとうございます。在庫を確認してご連絡します。");
        say(scheduler, "佐藤が返信 → outbox（送信は呼び出し元のスレッドでは行わない / not on the replying thread）");
        long after = store.eventLog().head();
        scheduler.advance(Duration.ofMinutes(1));
        after = printDeliveries(store, after);

        long ts = scheduler.now().getEpochSecond();
        byte[] slackBody = slackMessage(ts);
        Received s = gateway.process("slack", WebhookRequest.of("POST", "https://desk.example.jp/webhooks/slack",
            Map.of("Content-Type", List.of("application/json"), "X-Slack-Request-Timestamp", List.of(Long.toString(ts)),
                "X-Slack-Signature", List.of(SlackAdapter.sign(slackBody, Long.toString(ts), SLACK_SECRET))),
            slackBody, WebhookLimits.DEFAULT)).stored().get(0);
        say(scheduler, "Slack event → #" + s.ticket().number() + " 新規 「" + s.message().body() + "」");
        desk.reply(sato, s.ticket().id(), "確認しました。スレッドで続けてご案内します。");
        scheduler.advance(Duration.ofMinutes(1));
        printDeliveries(store, after);
        out.println("stub API requests: " + stubLog);
        out.println("outbox: sent " + outbox.withStatus(OutboxRow.Status.SENT, 10).size()
            + ", dead " + outbox.withStatus(OutboxRow.Status.DEAD, 10).size());
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private long printDeliveries(DeskStore store, long after) {
        long last = after;
        for (EventEnvelope e : store.eventLog().read(after, 100)) {
            last = e.position();
            String at = HHMMSS.format(e.event().occurredAt().atZone(DemoDay.ZONE));
            if (e.event() instanceof ChannelEvent.DeliveryAttempted a) {
                out.println(at + "  " + a.channel() + " 送信 " + a.attempt() + " 回目 / attempt " + a.attempt());
            } else if (e.event() instanceof ChannelEvent.DeliveryFailed f) {
                out.println(at + "  " + f.channel() + " 失敗 / failed: " + f.detail() + " → 再送 / retry at "
                    + HHMMSS.format(f.retryAt().atZone(DemoDay.ZONE)));
            } else if (e.event() instanceof ChannelEvent.DeliveryDelivered d) {
                out.println(at + "  " + d.channel() + " 配信済み / delivered (requests " + d.requests() + ")");
            } else if (e.event() instanceof ChannelEvent.DeliveryDeadLettered d) {
                out.println(at + "  " + d.channel() + " 配信不能 / dead-lettered: " + d.detail());
            }
        }
        return last;
    }

    private void say(ManualScheduler scheduler, String line) {
        out.println(HHMMSS.format(scheduler.now().atZone(DemoDay.ZONE)) + "  " + line);
    }

    private static byte[] lineMessage(Instant at, boolean redelivery) {
        return ("{\"destination\":\"U0123456789abcdef0123456789abcdef\",\"events\":[{\"type\":\"message\","
            + "\"mode\":\"active\",\"timestamp\":" + at.toEpochMilli() + ",\"source\":{\"type\":\"user\","
            + "\"userId\":\"U9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d\"},\"webhookEventId\":\"01JDEMOLINE00000000000001\","
            + "\"deliveryContext\":{\"isRedelivery\":" + redelivery + "},\"replyToken\":\"demo-reply-token\","
            + "\"message\":{\"id\":\"540000000000001\",\"type\":\"text\",\"quoteToken\":\"q-demo\","
            + "\"text\":\"加湿器の在庫はありますか？\"}}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static WebhookRequest signedLine(byte[] body) {
        return WebhookRequest.of("POST", "https://desk.example.jp/webhooks/line",
            Map.of("Content-Type", List.of("application/json; charset=utf-8"),
                "x-line-signature", List.of(LineAdapter.sign(body, LINE_SECRET))),
            body, WebhookLimits.DEFAULT);
    }

    private static byte[] slackMessage(long ts) {
        return ("{\"type\":\"event_callback\",\"team_id\":\"T0DEMO\",\"event_id\":\"Ev0DEMO0001\",\"event_time\":" + ts
            + ",\"event\":{\"type\":\"message\",\"user\":\"U0DEMO42\",\"text\":\"請求書の宛名を変更できますか？\","
            + "\"ts\":\"" + ts + ".000100\",\"channel\":\"C0DEMO\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /** The stub: LINE fails its first request with 500, Slack answers its first with 429 Retry-After: 1. */
    private HttpServer startStub() {
        AtomicInteger lineCalls = new AtomicInteger();
        AtomicInteger slackCalls = new AtomicInteger();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/v2/bot/message/", exchange -> {
                drain(exchange.getRequestBody());
                int status = lineCalls.incrementAndGet() == 1 ? 500 : 200;
                String key = exchange.getRequestHeaders().getFirst("X-Line-Retry-Key");
                stubLog.add("LINE " + exchange.getRequestURI().getPath().substring("/v2/bot/message/".length())
                    + (key == null ? "" : " key…" + key.substring(key.length() - 4)) + " → " + status);
                answer(exchange, status, Map.of(), status == 200 ? "{}" : "{\"message\":\"internal error\"}");
            });
            server.createContext("/api/chat.postMessage", exchange -> {
                drain(exchange.getRequestBody());
                boolean limited = slackCalls.incrementAndGet() == 1;
                stubLog.add("Slack chat.postMessage → " + (limited ? 429 : 200));
                answer(exchange, limited ? 429 : 200, limited ? Map.of("Retry-After", "1") : Map.of(),
                    limited ? "{\"ok\":false,\"error\":\"ratelimited\"}" : "{\"ok\":true}");
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("the local API stub did not start", e);
        }
    }

    private static void drain(InputStream in) throws IOException {
        try (in) {
            in.readAllBytes();
        }
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> headers,
                               String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(bytes);
        }
    }
}
