package io.madoguchi.benchmarks.channels;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * {@link OutboxDeliveryBenchmark}'s two methods, timed by the sending thread's own CPU time and allocation beside
 * the wall clock, which a loaded 2-core machine distorts most (the stub's threads and every other process compete
 * for the cores; load still moves the CPU time through caches, so compare the two methods within one run). Per
 * round: a fresh outbox, {@code n} warm-up calls of each method, then {@code n} timed calls of {@code outbox} and
 * {@code n} of {@code rawOkHttp} in alternating blocks of 500 on the same stub and client. Prints CPU microseconds,
 * wall microseconds and bytes allocated per call on the sending thread, and the outbox's CPU time as a multiple of
 * the raw call's.
 *
 * <pre>java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar
 *     io.madoguchi.benchmarks.channels.OutboxDeliveryEval 20000 5</pre>
 */
public final class OutboxDeliveryEval {

    private static final int BLOCK = 500;

    private OutboxDeliveryEval() {
    }

    private static void add(long[] sums, long cpu, long wall, long bytes) {
        sums[0] += cpu;
        sums[1] += wall;
        sums[2] += bytes;
    }

    /**
     * @param args calls per method and round (default 20,000), rounds (default 5)
     * @throws IOException if the stub fails
     */
    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        OutboxDeliveryBenchmark b = new OutboxDeliveryBenchmark();
        b.startStub();
        try {
            System.out.println("round | outbox CPU µs | raw CPU µs | CPU ratio | outbox wall µs | raw wall µs"
                + " | outbox B | raw B");
            for (int r = 1; r <= rounds; r++) {
                b.freshOutbox();
                for (int i = 0; i < n; i++) {
                    b.outbox();
                    b.rawOkHttp();
                }
                b.freshOutbox();
                long[] outbox = new long[3];
                long[] raw = new long[3];
                // blocks of 500 calls, alternating, so both methods see the same moments of a busy machine
                for (int done = 0; done < n; done += BLOCK) {
                    int k = Math.min(BLOCK, n - done);
                    long c0 = threads.getCurrentThreadCpuTime();
                    long a0 = threads.getCurrentThreadAllocatedBytes();
                    long w0 = System.nanoTime();
                    for (int i = 0; i < k; i++) {
                        b.outbox();
                    }
                    long c1 = threads.getCurrentThreadCpuTime();
                    long a1 = threads.getCurrentThreadAllocatedBytes();
                    long w1 = System.nanoTime();
                    for (int i = 0; i < k; i++) {
                        b.rawOkHttp();
                    }
                    long c2 = threads.getCurrentThreadCpuTime();
                    long a2 = threads.getCurrentThreadAllocatedBytes();
                    long w2 = System.nanoTime();
                    add(outbox, c1 - c0, w1 - w0, a1 - a0);
                    add(raw, c2 - c1, w2 - w1, a2 - a1);
                }
                double outboxCpu = outbox[0] / 1_000.0 / n;
                double rawCpu = raw[0] / 1_000.0 / n;
                System.out.println(String.format(Locale.ROOT, "%d | %.1f | %.1f | %.2f | %.1f | %.1f | %d | %d", r,
                    outboxCpu, rawCpu, outboxCpu / rawCpu, outbox[1] / 1_000.0 / n, raw[1] / 1_000.0 / n,
                    outbox[2] / n, raw[2] / n));
            }
        } finally {
            b.stopStub();
        }
    }
}
