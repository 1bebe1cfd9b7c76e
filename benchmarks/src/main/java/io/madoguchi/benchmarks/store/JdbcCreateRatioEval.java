package io.madoguchi.benchmarks.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ratio of {@link JdbcCreateBenchmark}'s two sides measured in alternating slices of one run: the plain batch
 * and the store take turns (ABBA order) on the same PostgreSQL and the same JVM, so a machine that slows down for a
 * minute slows both sides of the slices around it, and the median of the slices' ratios is what the code, not the
 * moment, gives. JMH runs one side after the other, which on a shared machine lets a slow minute fall on one side
 * only.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.store.JdbcCreateRatioEval [ROUNDS]
 *     [SECONDS] [THREADS]</pre>
 *
 * Defaults: 8 rounds of two slices per side, 4 s slices, 16 threads. Each round starts a fresh PostgreSQL. The first
 * round warms up (with slices three times as long) and is not counted.
 */
public final class JdbcCreateRatioEval {

    private JdbcCreateRatioEval() {}

    /** What a thread of one side runs in a loop. */
    private interface Call {
        void run() throws Exception;
    }

    /** One side: its call and how many tickets one call stores. */
    private record Side(Call call, int ticketsPerCall) {}

    /**
     * @param args rounds, seconds per slice, threads
     * @throws Exception if PostgreSQL does not start or a side fails
     */
    public static void main(String[] args) throws Exception {
        int rounds;
        double seconds;
        int threads;
        try {
            rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
            seconds = args.length > 1 ? Double.parseDouble(args[1]) : 4;
            threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        } catch (NumberFormatException e) {
            rounds = 0;
            seconds = 0;
            threads = 0;
        }
        if (rounds < 1 || !(seconds > 0) || threads < 1 || args.length > 3) {
            System.err.println("usage: JdbcCreateRatioEval [ROUNDS >= 1] [SECONDS > 0] [THREADS >= 1]");
            System.exit(2);
            return;
        }
        List<Double> ratios = new ArrayList<>();
        List<Double> raws = new ArrayList<>();
        List<Double> stores = new ArrayList<>();
        for (int r = 0; r <= rounds; r++) {
            // a fresh PostgreSQL each round, so the rounds do not run on an ever larger database
            JdbcCreateBenchmark bench = new JdbcCreateBenchmark();
            bench.start();
            try {
                Side raw = new Side(bench::rawBatch, JdbcCreateBenchmark.BATCH);
                Side store = new Side(bench::storeCommit, 1);
                // ABBA: raw, store, store, raw in even rounds, the mirror in odd ones
                List<Side> order = r % 2 == 0 ? List.of(raw, store, store, raw) : List.of(store, raw, raw, store);
                // the warm-up round's slices are three times as long, so the JIT has compiled both sides
                double s = r == 0 ? 3 * seconds : seconds;
                double rawRate = 0;
                double storeRate = 0;
                for (Side side : order) {
                    double rate = slice(side, threads, s) / 2;
                    if (side == raw) {
                        rawRate += rate;
                    } else {
                        storeRate += rate;
                    }
                }
                System.out.printf("round %d%s: raw %.0f/s, store %.0f/s, ratio %.1f %%%n", r,
                    r == 0 ? " (warm-up, not counted)" : "", rawRate, storeRate, 100 * storeRate / rawRate);
                if (r > 0) {
                    raws.add(rawRate);
                    stores.add(storeRate);
                    ratios.add(storeRate / rawRate);
                }
            } finally {
                bench.stop();
            }
        }
        System.out.printf("median of %d rounds: raw %.0f/s, store %.0f/s, ratio %.1f %% "
            + "(rounds from %.1f to %.1f %%)%n", ratios.size(), median(raws), median(stores), 100 * median(ratios),
            100 * ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0),
            100 * ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    /** @return tickets per second stored by {@code threads} threads running the side for the slice */
    private static double slice(Side side, int threads, double seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder calls = new LongAdder();
        List<Throwable> failures = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        side.call().run();
                        calls.increment();
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    done.countDown();
                }
            });
            worker.start();
        }
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        done.await();
        long elapsed = System.nanoTime() - start;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a side failed", failures.get(0));
        }
        return calls.sum() * side.ticketsPerCall() / (elapsed / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
