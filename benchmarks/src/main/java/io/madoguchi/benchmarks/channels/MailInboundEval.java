package io.madoguchi.benchmarks.channels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The three operations of {@link MailInboundBenchmark} measured in thread CPU time per mail as well as wall time, so
 * a figure survives a machine busy with other work: 3 rounds of N mails each after a warm-up of N, each round on a
 * fresh desk.
 *
 * <pre>java -Xmx2g -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.channels.MailInboundEval 2000</pre>
 */
public final class MailInboundEval {

    private MailInboundEval() {
    }

    /**
     * @param args the number of mails per round (default 2,000)
     * @throws Exception if an operation fails
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        MailInboundBenchmark b = new MailInboundBenchmark();
        b.mail();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String[] names = {"parseAndStore", "parse", "angusParse"};
        Callable<?>[] ops = {b::parseAndStore, b::parse, b::angusParse};
        for (int round = 0; round <= 3; round++) {
            StringBuilder line = new StringBuilder(round == 0 ? "warm-up" : "round " + round);
            for (int k = 0; k < ops.length; k++) {
                b.desk();
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
