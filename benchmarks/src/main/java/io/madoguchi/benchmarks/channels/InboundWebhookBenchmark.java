package io.madoguchi.benchmarks.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.madoguchi.channels.ChannelGateway;
import io.madoguchi.channels.Signatures;
import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.line.LineAdapter;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.store.DeskStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Inbound LINE webhooks on the in-memory desk, one thread: each call posts one signed text message with a new
 * {@code webhookEventId} from one of {@code users} (default 1,000) users through {@link ChannelGateway#handle}:
 * signature verified on the raw bytes, parsed, deduplicated by the idempotency claim and stored as a message on the
 * user's ticket (opening it the first time). {@code redelivery} posts an already stored event again (verified, parsed,
 * found a duplicate). {@code plain} is the strongest plain alternative on the same bytes: HMAC check, Jackson parse, a
 * {@code ConcurrentHashMap} dedupe and a list append. Each call also builds and signs its body as LINE would (a few
 * microseconds, counted against every method alike). A fresh desk per iteration keeps the heap bounded.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar InboundWebhookBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s</pre>
 *
 * <p>{@code -p users=10000} puts ten times as many tickets in the store: the cost of a message should not grow with
 * it. {@link InboundWebhookEval} measures the same methods in thread CPU time per message.
 *
 * <p>The forked JVM gets a fixed, pre-touched 1 GB heap. With a growing heap an iteration in which G1 enlarges the
 * young generation (to over 1 GB here) pays the page faults of first touching that memory on the measured thread:
 * such an iteration ran 3-7 times slower than the others, in CPU time as well as wall time.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InboundWebhookBenchmark {

    private static final String SECRET = "bench-line-channel-secret";
    private static final String URL = "https://desk.example.jp/webhooks/line";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] KEY = Signatures.utf8(SECRET);

    /** How many LINE users write (each has one ticket, opened by the first message). */
    @Param("1000")
    public int users;

    private ChannelGateway gateway;
    private long next;
    private WebhookRequest stored;
    private Map<String, Boolean> seen;
    private List<String> texts;

    /** A fresh desk with a LINE gateway; one event stored for the redelivery method. */
    @Setup(Level.Iteration)
    public void setUp() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T01:00:00Z"), ZoneOffset.UTC);
        DeskStore store = DeskStore.inMemory(clock);
        SupportDesk desk = SupportDesk.builder().clock(clock).store(store).build();
        gateway = ChannelGateway.builder(desk, store.eventLog(), TenantId.of("bench"))
            .adapter(LineAdapter.builder(SECRET, "bench-token").clock(clock).build()).clock(clock).build();
        next = 0;
        stored = request(next++);
        gateway.handle("line", stored);
        seen = new ConcurrentHashMap<>();
        texts = new ArrayList<>();
    }

    private WebhookRequest request(long n) {
        String body = "{\"destination\":\"U0123456789abcdef0123456789abcdef\",\"events\":[{\"type\":\"message\","
            + "\"mode\":\"active\",\"timestamp\":1764464400000,\"source\":{\"type\":\"user\",\"userId\":\"U"
            + (n % users) + "abcdef0123456789abcdef01234567\"},\"webhookEventId\":\"01BENCH" + n + "\","
            + "\"deliveryContext\":{\"isRedelivery\":false},\"replyToken\":\"rt" + n + "\",\"message\":{\"id\":\""
            + n + "\",\"type\":\"text\",\"quoteToken\":\"q" + n + "\",\"text\":\"注文番号 " + n
            + " の配送状況を教えてください\"}}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return WebhookRequest.of("POST", URL, Map.of("Content-Type", List.of("application/json; charset=utf-8"),
            "x-line-signature", List.of(LineAdapter.sign(bytes, SECRET))), bytes, WebhookLimits.DEFAULT);
    }

    /** @return the response to a new message */
    @Benchmark
    public int newMessage() {
        return gateway.handle("line", request(next++)).status();
    }

    /** @return the response to a redelivered message */
    @Benchmark
    public int redelivery() {
        request(next++); // the same body building and signing as the other methods
        return gateway.handle("line", stored).status();
    }

    /**
     * @return how many texts are kept
     * @throws Exception never: the body is valid JSON
     */
    @Benchmark
    public int plain() throws Exception {
        WebhookRequest r = request(next++);
        byte[] expected = Base64.getEncoder().encode(Signatures.hmac("HmacSHA256", KEY, r.body()));
        byte[] given = r.header("x-line-signature").orElseThrow().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new IllegalStateException("signature");
        }
        JsonNode e = JSON.readTree(r.body()).get("events").get(0);
        if (seen.putIfAbsent(e.get("webhookEventId").asText(), Boolean.TRUE) == null) {
            texts.add(e.get("message").get("text").asText());
        }
        return texts.size();
    }
}
