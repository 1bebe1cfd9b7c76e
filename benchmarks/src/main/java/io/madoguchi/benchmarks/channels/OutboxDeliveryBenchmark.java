package io.madoguchi.benchmarks.channels;

import com.sun.net.httpserver.HttpServer;
import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.line.LineAdapter;
import io.madoguchi.channels.outbox.InMemoryOutboxStore;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.channels.outbox.OutboxSender;
import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.time.ManualScheduler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One LINE push, one thread, to a local stub of the Messaging API (the JDK's HTTP server on 127.0.0.1, answering
 * 200 {@code {}}), in the same run two ways. {@code outbox}: the row is written to the in-memory outbox store and
 * dispatched; the sender leases it, records the attempt, sends through {@link LineAdapter} on OkHttp with its
 * {@code X-Line-Retry-Key}, marks it sent and appends the attempted and delivered events to the desk's event log (the
 * scheduler runs the tasks on the calling thread: {@code ManualScheduler.runDue()}). {@code rawOkHttp}: the same JSON
 * body and headers posted with the same {@code OkHttpClient}. The outbox's overhead is 1 − outbox / rawOkHttp. The
 * stub sets {@code sun.net.httpserver.nodelay}, or each call waits about 40 ms for a delayed ACK and both methods
 * measure that.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar OutboxDeliveryBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s</pre>
 *
 * <p>The forked JVM gets a fixed, pre-touched 1 GB heap, so no iteration pays for the heap growing (see
 * {@link InboundWebhookBenchmark}).
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OutboxDeliveryBenchmark {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final TenantId TENANT = TenantId.of("bench");

    private HttpServer stub;
    private ExecutorService stubThreads;
    private OkHttpClient http;
    private String baseUrl;
    private ManualScheduler scheduler;
    private InMemoryOutboxStore outbox;
    private OutboxSender sender;
    private long next;

    /** Starts the stub and the HTTP client once per trial. */
    @Setup(Level.Trial)
    public void startStub() throws IOException {
        // without it the JDK server waits for the delayed ACK of OkHttp's separately written body (about 40 ms a call)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        stubThreads = Executors.newFixedThreadPool(2);
        stub.setExecutor(stubThreads);
        byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
        stub.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        stub.start();
        baseUrl = "http://127.0.0.1:" + stub.getAddress().getPort();
        http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    }

    /** A fresh outbox, sender and event log per iteration (the store is bounded; the log too). */
    @Setup(Level.Iteration)
    public void freshOutbox() {
        scheduler = ManualScheduler.startingAt(Instant.parse("2026-11-30T01:00:00Z"), ZoneOffset.UTC);
        DeskStore desk = DeskStore.inMemory(scheduler.clock());
        outbox = new InMemoryOutboxStore();
        LineAdapter line = LineAdapter.builder("bench-secret", "bench-token").baseUrl(baseUrl).httpClient(http)
            .clock(scheduler.clock()).build();
        sender = OutboxSender.builder(outbox, desk.eventLog(), scheduler, scheduler.clock()).adapter(line).build();
        next = 1;
    }

    /** Stops the stub. */
    @TearDown(Level.Trial)
    public void stopStub() {
        stub.stop(0);
        stubThreads.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** @return the row's status after delivery */
    @Benchmark
    public OutboxRow.Status outbox() {
        long id = next++;
        Instant now = scheduler.now();
        outbox.add(new OutboxRow(id, TENANT, TicketId.of("t-" + id), 2, Channel.LINE,
            ChannelIdentity.line("U" + (id % 1_000) + "abcdef0123456789abcdef01234567"),
            List.of("ご注文 " + id + " は本日発送しました。"), 0, ReplyContext.none(now), OutboxRow.Status.PENDING, 0, 0, now,
            null, now, 1));
        sender.dispatch(id);
        scheduler.runDue();
        OutboxRow row = outbox.get(id).orElseThrow();
        if (row.status() != OutboxRow.Status.SENT) {
            throw new IllegalStateException("not delivered: " + row);
        }
        return row.status();
    }

    /**
     * @return the stub's status code
     * @throws IOException if the stub fails
     */
    @Benchmark
    public int rawOkHttp() throws IOException {
        long id = next++;
        String body = "{\"to\":\"U" + (id % 1_000) + "abcdef0123456789abcdef01234567\","
            + "\"messages\":[{\"type\":\"text\","
            + "\"text\":\"ご注文 " + id + " は本日発送しました。\"}]}";
        Request request = new Request.Builder().url(baseUrl + "/v2/bot/message/push")
            .header("Authorization", "Bearer bench-token")
            .header("X-Line-Retry-Key", UUID.nameUUIDFromBytes(("bench/" + id).getBytes(StandardCharsets.UTF_8))
                .toString())
            .post(RequestBody.create(body, JSON)).build();
        try (Response r = http.newCall(request).execute()) {
            if (r.body() != null) {
                r.body().string();
            }
            if (r.code() != 200) {
                throw new IllegalStateException("stub answered " + r.code());
            }
            return r.code();
        }
    }
}
