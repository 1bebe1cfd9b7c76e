package io.madoguchi.benchmarks.metrics;

import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.metrics.KpiEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * Events ingested per CPU-second of the ingesting thread (thread CPU time, less sensitive to other processes than
 * wall time) and the heap the engine holds after {@code N} events of a year over 100 tenants, with the default bounds
 * (100,000 slices, 200,000 followed tickets). Events are made in chunks of 400,000 outside the measured time, as
 * {@link KpiIngestBenchmark} makes them. Beside it, on the same events in the same run, the plain alternative: a
 * {@code HashMap} from tenant and Tokyo day to an event count and an HdrHistogram of agent reply times (seconds from
 * the ticket's creation), with no per-ticket state, dimensions or bounds.
 *
 * <p>Run it on a fixed, pre-touched heap (as below): with a growing heap the thread's CPU time includes the page
 * faults of first touching the memory G1 adds, which cost the engine and the plain map differently.
 *
 * <pre>java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar
 *     io.madoguchi.benchmarks.metrics.KpiIngestEval 10000000</pre>
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
        long plainCpu = 0;
        Map<String, PlainDay> plain = new HashMap<>();
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
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
            t0 = mx.getCurrentThreadCpuTime();
            for (EventEnvelope e : events) {
                PlainDay day = plain.computeIfAbsent(
                    e.tenantId().value() + '|' + e.occurredAt().atZone(tokyo).toLocalDate(), k -> new PlainDay());
                day.events++;
                if (e.event() instanceof MessageAdded m && m.authorKind() == AuthorKind.AGENT) {
                    day.replies.recordValue(Math.max(0, m.occurredAt().getEpochSecond()
                        - m.ticket().createdAt().getEpochSecond()));
                }
            }
            plainCpu += mx.getCurrentThreadCpuTime() - t0;
            done += n;
        }
        int plainDays = plain.size();
        plain.clear(); // the heap figure is the engine's
        System.gc();
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        System.out.printf(Locale.ROOT, "events %,d  cpu %.2f s  %,.0f events per CPU-second%n", done, cpu / 1e9,
            done / (cpu / 1e9));
        System.out.printf(Locale.ROOT, "plain HdrHistogram per tenant-day map: cpu %.2f s  %,.0f events per CPU-second"
            + " (%,d days)%n", plainCpu / 1e9, done / (plainCpu / 1e9), plainDays);
        System.out.printf(Locale.ROOT,
            "slices %,d (dropped %,d)  tickets followed %,d (dropped %,d)  heap held %.1f MB%n",
            engine.sliceCount(), engine.droppedSlices(), engine.ticketCount(), engine.droppedTickets(),
            (after - before) / 1e6);
        if (engine.eventsCounted() != done) {
            throw new IllegalStateException("counted " + engine.eventsCounted() + " of " + done);
        }
    }

    /** The plain alternative's state for one tenant and day. */
    private static final class PlainDay {
        long events;
        final Histogram replies = new Histogram(2);

        PlainDay() {
            replies.setAutoResize(true);
        }
    }
}
