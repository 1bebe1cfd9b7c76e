package io.madoguchi.benchmarks.channels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Runs named operations N times each in a warm-up round and 3 measured rounds, a fresh state before each, and prints
 * per round the thread CPU time and the wall time per operation, so a figure survives a machine busy with other work.
 */
final class CpuTimeRounds {

    private CpuTimeRounds() {
    }

    /**
     * @param n operations per method and round
     * @param fresh what to run before each method's round (a fresh desk)
     * @param names the methods' names
     * @param ops the methods
     * @throws Exception if an operation fails
     */
    static void run(int n, Runnable fresh, String[] names, Callable<?>[] ops) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round <= 3; round++) {
            StringBuilder line = new StringBuilder(round == 0 ? "warm-up" : "round " + round);
            for (int k = 0; k < ops.length; k++) {
                fresh.run();
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    ops[k].call();
                }
                double cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / n;
                double wallMs = (System.nanoTime() - wall) / 1e6 / n;
                line.append(String.format(Locale.ROOT, "  %s %.3f ms CPU (%.0f/CPU-s), %.3f ms wall (%.0f/s)",
                    names[k], cpuMs, 1000 / cpuMs, wallMs, 1000 / wallMs));
            }
            System.out.println(line);
        }
    }
}
