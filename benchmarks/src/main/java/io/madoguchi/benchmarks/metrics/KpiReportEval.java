package io.madoguchi.benchmarks.metrics;

import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventJson;
import io.madoguchi.core.feedback.Granularity;
import io.madoguchi.metrics.Dimension;
import io.madoguchi.metrics.KpiCsv;
import io.madoguchi.metrics.KpiDashboard;
import io.madoguchi.metrics.KpiEngine;
import io.madoguchi.metrics.KpiJson;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The time {@code madoguchi report} takes for a year of a 100-agent desk: one tenant, {@code T} tickets a day
 * (default 2,000: 20 per agent) over 365 days, 8 events a ticket as {@link KpiIngestBenchmark} makes them, answered by
 * 100 agents. Measured in CPU time of the thread (the machine is shared), in phases, as the command runs them (an
 * engine of day slices with agent slices, then the JSON object with its by-channel, by-priority and by-group parts,
 * the daily CSV and the HTML dashboard). Reading the events from their JSON lines is measured apart, on a sample,
 * because a year's file is gigabytes: the total adds the sample's rate times the events.
 *
 * <pre>java -Xmx3g -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.metrics.KpiReportEval 2000</pre>
 */
public final class KpiReportEval {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final int CHUNK = 400_000;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private KpiReportEval() {
    }

    /**
     * @param args tickets a day (default 2,000)
     * @throws IOException never (writes to memory)
     */
    public static void main(String[] args) throws IOException {
        int perDay = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        long total = 8L * perDay * 365;
        KpiEngine engine = KpiEngine.builder().zone(TOKYO).byAgent(true).granularities(List.of(Granularity.DAY))
            .maxSlices(2_000_000).sliceRetention(Duration.ofDays(36_500)).build();
        Random rnd = new Random(13);
        long ingest = 0;
        long done = 0;
        double parsePerEvent = 0;
        while (done < total) {
            int n = (int) Math.min(CHUNK, total - done);
            EventEnvelope[] events = KpiIngestBenchmark.yearOfEvents(done, n, total, 1, rnd);
            if (done == 0) {
                parsePerEvent = parseNanosPerEvent(events);
            }
            long t0 = CPU.getCurrentThreadCpuTime();
            for (EventEnvelope e : events) {
                engine.handle(e);
            }
            ingest += CPU.getCurrentThreadCpuTime() - t0;
            done += n;
        }
        LocalDate from = LocalDate.MIN;
        LocalDate to = LocalDate.MAX;
        long t0 = CPU.getCurrentThreadCpuTime();
        StringWriter json = new StringWriter();
        json.write(KpiJson.toJson(engine.kpis(null, Granularity.DAY, from, to, Dimension.ALL, "")).toString());
        for (Dimension d : List.of(Dimension.CHANNEL, Dimension.PRIORITY, Dimension.GROUP)) {
            for (String v : engine.values(Granularity.DAY, d)) {
                json.write(KpiJson.toJson(engine.kpis(null, Granularity.DAY, from, to, d, v)).toString());
            }
        }
        long t1 = CPU.getCurrentThreadCpuTime();
        Writer csv = new StringWriter();
        KpiCsv.writeDaily(engine, from, to, csv);
        long t2 = CPU.getCurrentThreadCpuTime();
        Writer html = new StringWriter();
        KpiDashboard.write(engine, from, to, html);
        long t3 = CPU.getCurrentThreadCpuTime();
        double parse = parsePerEvent * done / 1e9;
        System.out.printf(Locale.ROOT, "events %,d (%,d tickets a day, 100 agents), slices %,d%n", done, perDay,
            engine.sliceCount());
        System.out.printf(Locale.ROOT, "ingest %.1f s (%,.0f events/s)  json %.2f s  csv %.2f s  html %.2f s%n",
            ingest / 1e9, done / (ingest / 1e9), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        System.out.printf(Locale.ROOT, "reading JSON lines %.0f ns/event -> %.1f s; report total %.1f s%n",
            parsePerEvent, parse, parse + (ingest + t3 - t0) / 1e9);
    }

    /** Writes the events as JSON lines and times reading them back (a second pass, after one to warm up). */
    private static double parseNanosPerEvent(EventEnvelope[] events) {
        StringWriter w = new StringWriter();
        for (EventEnvelope e : events) {
            EventJson.write(e, w);
        }
        String text = w.toString();
        long best = Long.MAX_VALUE;
        for (int pass = 0; pass < 2; pass++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            List<EventEnvelope> back = EventJson.readAll(new StringReader(text));
            best = Math.min(best, CPU.getCurrentThreadCpuTime() - t0);
            if (back.size() != events.length) {
                throw new IllegalStateException("read " + back.size() + " of " + events.length);
            }
        }
        return (double) best / events.length;
    }
}
