package io.madoguchi.benchmarks.channels;

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
        CpuTimeRounds.run(n, b::desk, new String[] {"parseAndStore", "parse", "angusParse"},
            new Callable<?>[] {b::parseAndStore, b::parse, b::angusParse});
    }
}
