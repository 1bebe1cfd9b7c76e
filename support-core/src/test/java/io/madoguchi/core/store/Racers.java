package io.madoguchi.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Test helper for store contracts (shipped in the test-jar): runs one claim from several threads at once and
 * counts who won, for "of concurrent callers only one gets it" checks.
 */
public final class Racers {

    private Racers() {
    }

    /**
     * @param threads how many threads race; at least 2
     * @param claim the claim each thread makes; returns whether it won
     * @return how many threads won
     * @throws Exception if a claim threw or the race did not end within 10 seconds
     */
    public static int winners(int threads, Callable<Boolean> claim) throws Exception {
        return winners(threads, i -> claim.call());
    }

    /** A claim that knows which racer makes it. */
    @FunctionalInterface
    public interface IndexedClaim {
        /**
         * @param racer the racer's index, from 0
         * @return whether it won
         * @throws Exception if the claim failed
         */
        boolean claim(int racer) throws Exception;
    }

    /**
     * @param threads how many threads race; at least 2
     * @param claim the claim racer {@code i} makes (for example on store instance {@code i % 2}); whether it won
     * @return how many threads won
     * @throws Exception if a claim threw or the race did not end within 10 seconds
     */
    public static int winners(int threads, IndexedClaim claim) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> got = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int racer = i;
                got.add(pool.submit(() -> {
                    start.await();
                    return claim.claim(racer);
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> f : got) {
                winners += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            return winners;
        } finally {
            pool.shutdownNow();
        }
    }
}
