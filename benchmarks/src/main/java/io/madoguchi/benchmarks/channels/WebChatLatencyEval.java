package io.madoguchi.benchmarks.channels;

import io.madoguchi.channels.outbox.InMemoryOutboxStore;
import io.madoguchi.examples.demo.DemoDay;
import io.madoguchi.examples.serve.ServeApp;
import io.madoguchi.examples.serve.ServeProviders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Web chat send → SSE delivery latency with many visitors connected at once, through {@code madoguchi serve}'s HTTP
 * server (the JDK's) on in-memory stores with the bot, SLA and surveys subscribed: each visitor holds an open
 * {@code /chat/api/events} stream; sender threads POST {@code /chat/api/messages} for the visitors in turn, and the
 * time from just before the POST to the visitor's stream delivering that message is recorded (HdrHistogram). Beside
 * it, in the same run, the plain floor of this machine: the same number of waiting threads, each handed its
 * messages through its own {@link LinkedBlockingQueue} (no HTTP, no desk).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.channels.WebChatLatencyEval
 * [VISITORS [MESSAGES_PER_VISITOR [SENDER_THREADS]]]} (default 1,000 visitors, 5 messages each, 16 senders).
 */
public final class WebChatLatencyEval {

    private static final Pattern MARK = Pattern.compile("bench (\\d+) (\\d+)");

    private WebChatLatencyEval() {
    }

    /**
     * @param args visitors, messages per visitor, sender threads
     * @throws Exception if the run fails
     */
    public static void main(String[] args) throws Exception {
        int visitors = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int perVisitor = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int senders = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        System.out.printf("visitors %d, %d messages each, %d sender threads%n", visitors, perVisitor, senders);
        Histogram plain = plain(visitors, perVisitor, senders);
        report("plain queue hand-off", plain);
        Histogram web = http(visitors, perVisitor, senders);
        report("web chat over HTTP+SSE", web);
        plain = plain(visitors, perVisitor, senders);
        report("plain queue hand-off (again)", plain);
    }

    private static void report(String what, Histogram h) {
        System.out.printf("%-30s n=%d p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n", what,
            h.getTotalCount(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
            h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
    }

    private static Histogram http(int visitors, int perVisitor, int senders) throws Exception {
        ServeApp app = ServeApp.start(ServeApp.Options.of(0, DemoDay.Stores.inMemory(Clock.systemUTC()),
            new InMemoryOutboxStore(), Map.of("bench", "bench-password"),
            "benchmark-chat-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
            ServeProviders.builder().line("line-secret", "line-token").slack("slack-secret", "xoxb-token").build()));
        ExecutorService clientPool = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool)
            .connectTimeout(Duration.ofSeconds(30)).build();
        String base = "http://localhost:" + app.port() + "/chat/api";
        ConcurrentHistogram h = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(120), 3);
        List<String> tokens = new ArrayList<>();
        for (int v = 0; v < visitors; v++) {
            tokens.add(app.chat().start(null, "客" + v, "ja"));
        }
        CountDownLatch connected = new CountDownLatch(visitors);
        CountDownLatch delivered = new CountDownLatch(visitors * perVisitor);
        AtomicInteger failures = new AtomicInteger();
        List<java.util.concurrent.CompletableFuture<?>> streams = new ArrayList<>();
        for (int v = 0; v < visitors; v++) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/events?token=" + tokens.get(v))).build();
            streams.add(http.sendAsync(req, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    connected.countDown();
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    if (line.startsWith("data: ")) {
                        long now = System.nanoTime();
                        Matcher m = MARK.matcher(line);
                        if (m.find()) {
                            h.recordValue(Math.max(0, now - Long.parseLong(m.group(2))));
                            delivered.countDown();
                        }
                    }
                }

                @Override
                public void onError(Throwable t) {
                    failures.incrementAndGet();
                }

                @Override
                public void onComplete() {
                }
            })).whenComplete((r, e) -> {
                if (e != null) {
                    failures.incrementAndGet();
                    connected.countDown(); // reported as a stream error
                }
            }));
        }
        if (!connected.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("streams not connected: " + connected.getCount() + " left");
        }
        System.out.printf("%d streams open on the server%n", app.chat().openStreams());
        ExecutorService sendPool = Executors.newFixedThreadPool(senders);
        AtomicLong refused = new AtomicLong();
        long start = System.nanoTime();
        for (int round = 0; round < perVisitor; round++) {
            for (int v = 0; v < visitors; v++) {
                int visitor = v;
                int r = round;
                sendPool.execute(() -> {
                    long t0 = System.nanoTime();
                    String body = "{\"client_id\":\"m" + r + "\",\"text\":\"bench " + visitor + " " + t0 + "\"}";
                    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/messages"))
                        .header("Authorization", "Bearer " + tokens.get(visitor)).header("Content-Type",
                            "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    try {
                        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                        if (resp.statusCode() != 201) {
                            refused.incrementAndGet();
                            delivered.countDown();
                        }
                    } catch (Exception e) {
                        refused.incrementAndGet();
                        delivered.countDown();
                    }
                });
            }
        }
        boolean all = delivered.await(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("sent %d in %.1f s (%.0f/s), refused %d, stream errors %d, all delivered: %s%n",
            visitors * perVisitor, seconds, visitors * perVisitor / seconds, refused.get(), failures.get(), all);
        sendPool.shutdownNow();
        streams.forEach(f -> f.cancel(true));
        app.close();
        clientPool.shutdownNow();
        return h;
    }

    private static Histogram plain(int visitors, int perVisitor, int senders) throws Exception {
        ConcurrentHistogram h = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(120), 3);
        List<BlockingQueue<Long>> queues = new ArrayList<>();
        CountDownLatch delivered = new CountDownLatch(visitors * perVisitor);
        List<Thread> readers = new ArrayList<>();
        for (int v = 0; v < visitors; v++) {
            BlockingQueue<Long> q = new LinkedBlockingQueue<>();
            queues.add(q);
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        long t0 = q.take();
                        h.recordValue(Math.max(0, System.nanoTime() - t0));
                        delivered.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.setDaemon(true);
            t.start();
            readers.add(t);
        }
        ExecutorService sendPool = Executors.newFixedThreadPool(senders);
        for (int round = 0; round < perVisitor; round++) {
            for (int v = 0; v < visitors; v++) {
                BlockingQueue<Long> q = queues.get(v);
                sendPool.execute(() -> q.add(System.nanoTime()));
            }
        }
        delivered.await(5, TimeUnit.MINUTES);
        sendPool.shutdownNow();
        readers.forEach(Thread::interrupt);
        return h;
    }
}
