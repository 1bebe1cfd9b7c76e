package io.madoguchi.benchmarks.metrics;

import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.metrics.KpiEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Random;

/**
 * Events ingested per CPU-second of the ingesting thread (thread CPU time, less sensitive to other processes than
 * wall time) and the heap the engine holds after {@code N} events of a year over 100 tenants, with the default bounds
 * (100,000 slices, 200,000 followed tickets). Events are made in chunks of 400,000 outside the measured time, as
 * {@link KpiIngestBenchmark} makes them.
 *
 * <pre>java -Xmx2g -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.metrics.KpiIngestEval 10000000</pre>
 */
public final class KpiIngestEval {

    private KpiIngestEval() {
    }

    /**
     * @param args the number of events (default 10,000,000)
     */
    public static void main(String[] args) {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        KpiEngine engine = KpiEngine.builder().zone(ZoneId.of("Asia/Tokyo")).build();
        Random rnd = new Random(13);
        long cpu = 0;
        long done = 0;
        int chunk = 400_000;
        while (done < total) {
            int n = (int) Math.min(chunk, total - done);
            EventEnvelope[] events = KpiIngestBenchmark.yearOfEvents(done, n, total, 100, rnd);
            long t0 = mx.getCurrentThreadCpuTime();
            for (EventEnvelope e : events) {
                engine.handle(e);
            }
            cpu += mx.getCurrentThreadCpuTime() - t0;
            done += n;
        }
        System.gc();
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        System.out.printf(Locale.ROOT, "events %,d  cpu %.2f s  %,.0f events per CPU-second%n", done, cpu / 1e9,
            done / (cpu / 1e9));
        System.out.printf(Locale.ROOT, "slices %,d (dropped %,d)  tickets followed %,d (dropped %,d)  heap held %.1f MB%n",
            engine.sliceCount(), engine.droppedSlices(), engine.ticketCount(), engine.droppedTickets(),
            (after - before) / 1e6);
        if (engine.eventsCounted() != done) {
            throw new IllegalStateException("counted " + engine.eventsCounted() + " of " + done);
        }
    }
}
