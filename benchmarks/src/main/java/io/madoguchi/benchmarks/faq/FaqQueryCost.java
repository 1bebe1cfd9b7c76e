package io.madoguchi.benchmarks.faq;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.examples.faq.Bm25Baseline;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What one query costs the calling thread, the matcher and plain BM25 ({@link Bm25Baseline.Variant#ALL_TEXT})
 * alternating query by query in one JVM: thread CPU time and wall time per call (p50/p99/p99.9), bytes allocated
 * per call, and how many calls a garbage collection ran during. CPU time and allocation are what the machine's
 * load distorts least; the ratios compare the two sides under the same load.
 *
 * <p>{@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar
 * io.madoguchi.benchmarks.faq.FaqQueryCost ja|en [SIZE|real, default 10,000] [passes, default 3] [DATA]}
 * (the same sizes as {@link FaqMatchBenchmark}; 3,000 queries of each side before timing).
 */
public final class FaqQueryCost {

    private static final int WARM_UP_QUERIES = 3_000;

    private FaqQueryCost() {
    }

    /**
     * Runs the comparison and prints one line per side and one of ratios.
     *
     * @param args language, catalog size, passes over the queries, data directory
     * @throws Exception if the data cannot be read
     */
    public static void main(String[] args) throws Exception {
        String lang = args.length > 0 ? args[0] : "ja";
        Path data = Path.of(args.length > 3 ? args[3] : SyntheticFaqs.DEFAULT_DATA);
        int size = SyntheticFaqs.size(data, lang, args.length > 1 ? args[1] : "10000");
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Locale locale = Locale.forLanguageTag(lang);
        List<FaqEntry> faqs = SyntheticFaqs.faqs(data, lang, size);
        List<String> queries = SyntheticFaqs.queries(data, lang).stream()
            .map(q -> q.length() > FaqMatcher.MAX_QUERY_LENGTH ? q.substring(0, FaqMatcher.MAX_QUERY_LENGTH) : q)
            .toList();
        FaqCatalog catalog = new FaqCatalog();
        TenantId tenant = TenantId.of("bench");
        catalog.putAll(tenant, faqs);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        try (FaqMatcher matcher = FaqMatcher.builder(catalog).build();
             Bm25Baseline bm25 = new Bm25Baseline(faqs, lang.equals("ja"), Bm25Baseline.Variant.ALL_TEXT)) {
            for (int i = 0; i < WARM_UP_QUERIES; i++) {
                String q = queries.get(i % queries.size());
                matcher.match(tenant, q, locale);
                bm25.rank(q, 10);
            }
            int n = queries.size() * passes;
            long[][] wall = new long[2][n];
            long[][] cpu = new long[2][n];
            long[] allocated = new long[2];
            int[] withGc = new int[2];
            for (int i = 0; i < n; i++) {
                String q = queries.get(i % queries.size());
                for (int side = 0; side < 2; side++) {
                    long gc = collections();
                    long bytes = threads.getThreadAllocatedBytes(thread);
                    long c = threads.getCurrentThreadCpuTime();
                    long w = System.nanoTime();
                    if (side == 0) {
                        matcher.match(tenant, q, locale);
                    } else {
                        bm25.rank(q, 10);
                    }
                    wall[side][i] = System.nanoTime() - w;
                    cpu[side][i] = threads.getCurrentThreadCpuTime() - c;
                    allocated[side] += threads.getThreadAllocatedBytes(thread) - bytes;
                    withGc[side] += collections() != gc ? 1 : 0;
                }
            }
            String[] names = {"matcher", "plain BM25"};
            double[][] p = new double[2][];
            for (int side = 0; side < 2; side++) {
                long[] c = cpu[side].clone();
                long[] w = wall[side].clone();
                Arrays.sort(c);
                Arrays.sort(w);
                p[side] = new double[] {ms(c, 0.5), ms(c, 0.99), ms(w, 0.5), ms(w, 0.99)};
                System.out.printf("%s %,d FAQs %s, %,d calls: CPU p50 %.3f p99 %.3f p99.9 %.3f ms | wall p50 %.3f "
                        + "p99 %.3f p99.9 %.3f ms | %.1f KB allocated per call | a GC during %d calls%n",
                    lang, size, names[side], n, ms(c, 0.5), ms(c, 0.99), ms(c, 0.999), ms(w, 0.5), ms(w, 0.99),
                    ms(w, 0.999), allocated[side] / 1024.0 / n, withGc[side]);
            }
            System.out.printf("%s %,d FAQs matcher / plain BM25: CPU p50 %.2f p99 %.2f | wall p50 %.2f p99 %.2f | "
                    + "allocation %.2f%n", lang, size, p[0][0] / p[1][0], p[0][1] / p[1][1], p[0][2] / p[1][2],
                p[0][3] / p[1][3], (double) allocated[0] / allocated[1]);
        }
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }

    private static long collections() {
        long c = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            c += b.getCollectionCount();
        }
        return c;
    }
}
