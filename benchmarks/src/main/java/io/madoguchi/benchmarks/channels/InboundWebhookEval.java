package io.madoguchi.benchmarks.channels;

import java.util.concurrent.Callable;

/**
 * The methods of {@link InboundWebhookBenchmark} measured in thread CPU time per message as well as wall time, so a
 * figure survives a machine busy with other work: a warm-up round and 3 rounds of N messages each, each method on a
 * fresh desk. Run it with a fixed, pre-touched heap (as below): with a growing heap the round in which G1 enlarges the
 * young generation pays the page faults of first touching that memory, on the measured thread, and ran 3-7 times
 * slower than the others.
 *
 * <pre>java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar
 *     io.madoguchi.benchmarks.channels.InboundWebhookEval 30000 1000</pre>
 */
public final class InboundWebhookEval {

    private InboundWebhookEval() {
    }

    /**
     * @param args the number of messages per round (default 30,000) and of LINE users (default 1,000)
     * @throws Exception if an operation fails
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        InboundWebhookBenchmark b = new InboundWebhookBenchmark();
        b.users = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        CpuTimeRounds.run(n, b::setUp, new String[] {"newMessage", "redelivery", "plain"},
            new Callable<?>[] {b::newMessage, b::redelivery, b::plain});
    }
}
