package io.madoguchi.benchmarks.faq;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqMatch;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.examples.faq.Bm25Baseline;
import io.madoguchi.examples.faq.FaqRerankerProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One query on one thread, side by side: the FAQ matcher ({@link #matcher}), the matcher with the English
 * MiniLM embedding reranker over the lexical top 100 ({@link #matcherMinilm}, English only), and a plain Lucene
 * BM25 over the same FAQs ({@link #bm25}: {@link Bm25Baseline.Variant#ALL_TEXT}, {@code faq-eval}'s stronger
 * baseline: one document per FAQ with question, phrasings and answer in one field, Kuromoji's
 * {@code JapaneseAnalyzer} or {@code EnglishAnalyzer}, BM25 k1 = 1.2, b = 0.75, query terms OR-ed, top ten). Sample
 * mode: JMH prints p50/p99/p99.9; {@link FaqLatencyReport} runs every size and prints them side by side with the
 * matcher/BM25 ratios.
 *
 * <p>{@code size} is the number of FAQs indexed ({@link SyntheticFaqs#faqs}): {@code real} is every real FAQ
 * of the language (ja: LocalgovFAQ's 1,786; en: the four English sets, 380); smaller numbers are a seeded
 * random sample of them; larger ones add synthesized variations. Every call asks the next query of all the
 * language's evaluation queries (cut to 2,000 characters), whether or not its FAQ is in the sample: small
 * catalogs mostly hand over, as they do for a host. The matcher, the reranked matcher and BM25 are built only
 * for the benchmark method that uses them, each in its own fork, and answer 3,000 queries before JMH's warm-up
 * iterations start.
 *
 * <p>Each fork runs on a fixed, pre-touched 2 GB heap, the same for the matcher and BM25: a young collection
 * then comes every few thousand queries of either (on the default growing heap, every 800 matcher queries at
 * 10 FAQs), so collections shape p99.9, not p99.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar FaqMatchBenchmark -f 1 -wi 2 -i 3 -w 3s -r 5s
 * -p lang=ja -p size=10,100,1000,real,10000 -p data=../shared/data/faq}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class FaqMatchBenchmark {

    private static final TenantId TENANT = TenantId.of("bench");
    private static final int WARM_UP_QUERIES = 3_000;

    @Param({"en", "ja"})
    public String lang;

    @Param({"10", "100", "1000", "real", "10000"})
    public String size;

    @Param({SyntheticFaqs.DEFAULT_DATA})
    public String data;

    private @Nullable FaqMatcher matcher;
    private @Nullable Bm25Baseline plain;
    private List<String> queries = List.of();
    private Locale locale = Locale.ROOT;
    private int next;

    /**
     * Reads the catalog and queries and builds what the running method measures.
     *
     * @param benchmark the running benchmark (its method name says what to build)
     * @throws Exception if the data cannot be read or the reranker is not registered
     */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams benchmark) throws Exception {
        locale = Locale.forLanguageTag(lang);
        Path dir = Path.of(data);
        List<FaqEntry> faqs = SyntheticFaqs.faqs(dir, lang, SyntheticFaqs.size(dir, lang, size));
        queries = SyntheticFaqs.queries(dir, lang).stream().map(q -> q.length() > 2000 ? q.substring(0, 2000) : q)
            .toList();
        String method = benchmark.getBenchmark().substring(benchmark.getBenchmark().lastIndexOf('.') + 1);
        long before = usedHeap();
        long start = System.nanoTime();
        if (method.equals("bm25")) {
            plain = new Bm25Baseline(faqs, lang.equals("ja"), Bm25Baseline.Variant.ALL_TEXT);
        } else {
            FaqCatalog catalog = new FaqCatalog();
            catalog.putAll(TENANT, faqs);
            FaqMatcher.Builder builder = FaqMatcher.builder(catalog);
            if (method.equals("matcherMinilm")) {
                FaqRerankerProvider p = FaqRerankerProvider.find("minilm")
                    .orElseThrow(() -> new IllegalStateException("the minilm reranker is not registered"));
                builder.reranker(p.create(), p.weight(), p.depth());
                p.calibration(locale).ifPresent(c -> builder.calibration(locale, c));
            }
            matcher = builder.build();
        }
        long indexMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("%n[faq] %s lang=%s faqs=%d indexing=%d ms retained heap=%.1f MB%n", method, lang,
            faqs.size(), indexMillis, (usedHeap() - before) / 1048576.0);
        // a warm-up counted in queries, not seconds: on a loaded machine JMH's timed warm-up alone ran a few
        // hundred mostly interpreted queries
        for (int i = 0; i < WARM_UP_QUERIES; i++) {
            if (method.equals("bm25")) {
                bm25();
            } else {
                matcher();
            }
        }
        next = 0;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Closes what was built. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (matcher != null) {
            matcher.close();
        }
        if (plain != null) {
            plain.close();
        }
    }

    private String nextQuery() {
        String q = queries.get(next);
        next = (next + 1) % queries.size();
        return q;
    }

    /** @return the matcher's decision for the next query */
    @Benchmark
    public FaqMatch matcher() {
        return matcher.match(TENANT, nextQuery(), locale);
    }

    /** @return the reranked matcher's decision for the next query (English; Japanese is not reranked) */
    @Benchmark
    public FaqMatch matcherMinilm() {
        return matcher.match(TENANT, nextQuery(), locale);
    }

    /** @return plain BM25's top ten for the next query */
    @Benchmark
    public List<String> bm25() {
        return plain.rank(nextQuery(), 10);
    }
}
