package io.madoguchi.benchmarks.faq;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqMatcher;
import java.nio.file.Path;
import java.util.List;
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

/**
 * Time to index 10,000 FAQs (catalog import plus building the in-memory Lucene index).
 *
 * <p>Warm (a host's later imports): {@code java -jar benchmarks/target/benchmarks.jar FaqIndexBenchmark -f 1 -wi 5
 * -i 10 -p lang=ja}. Cold (the first import a host sees: dictionary loading, JIT), one import per fresh JVM:
 * {@code java -jar benchmarks/target/benchmarks.jar FaqIndexBenchmark -bm ss -f 5 -wi 0 -i 1 -tu ms -p lang=ja}; with
 * CPU, JIT and GC time and plain BM25 beside it: {@link FaqIndexCold}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FaqIndexBenchmark {

    @Param({"en", "ja"})
    public String lang;

    @Param({"10000"})
    public int size;

    @Param({SyntheticFaqs.DEFAULT_DATA})
    public String data;

    private List<FaqEntry> faqs;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        faqs = SyntheticFaqs.faqs(Path.of(data), lang, size);
    }

    @Benchmark
    public int index() {
        FaqCatalog catalog = new FaqCatalog();
        catalog.putAll(TenantId.of("bench"), faqs);
        try (FaqMatcher matcher = FaqMatcher.builder(catalog).build()) {
            return catalog.entries(TenantId.of("bench")).size();
        }
    }
}
