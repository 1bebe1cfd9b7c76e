package io.madoguchi.benchmarks.faq;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqMatcher;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Warm imports of 10,000 FAQs (catalog import and {@code FaqMatcher} build, as {@link FaqIndexBenchmark} times them)
 * one after the other in one JVM, each with the measures a shared machine distorts least beside its wall time: the
 * process's CPU time, the bytes allocated by all threads and the time of garbage collection pauses.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.faq.FaqIndexCost ja 5
 * ../shared/data/faq} (language, imports, data); the first imports include JIT compilation.
 */
public final class FaqIndexCost {

    private FaqIndexCost() {
    }

    public static void main(String[] args) throws Exception {
        String lang = args.length > 0 ? args[0] : "ja";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String data = args.length > 2 ? args[2] : SyntheticFaqs.DEFAULT_DATA;
        List<FaqEntry> faqs = SyntheticFaqs.faqs(Path.of(data), lang, 10_000);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        TenantId tenant = TenantId.of("bench");
        for (int r = 0; r < runs; r++) {
            long gc0 = gcMillis();
            long a0 = allocated();
            long c0 = os.getProcessCpuTime();
            long w0 = System.nanoTime();
            FaqCatalog catalog = new FaqCatalog();
            catalog.putAll(tenant, faqs);
            try (FaqMatcher matcher = FaqMatcher.builder(catalog).build()) {
                if (catalog.entries(tenant).size() != faqs.size()) {
                    throw new IllegalStateException("not every FAQ was imported");
                }
            }
            System.out.printf(Locale.ROOT, "import %d: %d FAQs, wall %d ms, CPU %d ms, GC %d ms, %d MB allocated,"
                    + " load %.2f%n", r + 1, faqs.size(), (System.nanoTime() - w0) / 1_000_000,
                (os.getProcessCpuTime() - c0) / 1_000_000, gcMillis() - gc0, (allocated() - a0) >> 20,
                os.getSystemLoadAverage());
        }
    }

    /** Bytes allocated so far by the live threads (the common pool's workers, which analyse, stay alive). */
    private static long allocated() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }
}
