package io.madoguchi.benchmarks.faq;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqMatch;
import io.madoguchi.core.faq.FaqMatcher;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Lexical FAQ matching on one thread over 10,000 FAQs synthesized from the real sets (report p99 from
 * the sample-time histogram). Prints the heap retained by catalog + index once per trial.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar FaqMatchBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s
 * -p data=/work/shared/data/faq}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FaqMatchBenchmark {

    private static final TenantId TENANT = TenantId.of("bench");

    @Param({"en", "ja"})
    public String lang;

    @Param({"10000"})
    public int size;

    @Param({SyntheticFaqs.DEFAULT_DATA})
    public String data;

    private FaqMatcher matcher;
    private List<String> queries;
    private Locale locale;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        locale = Locale.forLanguageTag(lang);
        List<FaqEntry> faqs = SyntheticFaqs.faqs(Path.of(data), lang, size);
        queries = SyntheticFaqs.queries(Path.of(data), lang);
        long before = usedHeap();
        FaqCatalog catalog = new FaqCatalog();
        catalog.putAll(TENANT, faqs);
        long start = System.nanoTime();
        matcher = FaqMatcher.builder(catalog).build();
        long indexMillis = (System.nanoTime() - start) / 1_000_000;
        long after = usedHeap();
        System.out.printf("%n[faq] lang=%s faqs=%d indexing=%d ms retained heap (catalog+index)=%.1f MB%n",
            lang, faqs.size(), indexMillis, (after - before) / 1048576.0);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        matcher.close();
    }

    @Benchmark
    public FaqMatch match() {
        String q = queries.get(next++ % queries.size());
        return matcher.match(TENANT, q.length() > 2000 ? q.substring(0, 2000) : q, locale);
    }
}
