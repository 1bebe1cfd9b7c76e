package io.madoguchi.benchmarks.faq;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.faq.internal.FaqAnalysis;
import io.madoguchi.examples.faq.Bm25Baseline;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The first import a host sees: 10,000 FAQs indexed in a fresh JVM, one JVM per run, beside plain Lucene BM25
 * ({@link Bm25Baseline.Variant#ALL_TEXT}, Kuromoji's {@code JapaneseAnalyzer} or {@code EnglishAnalyzer}) indexing the
 * same FAQs in its own fresh JVM. Each run prints the wall time and, since the machine is shared, the process's CPU
 * time, with what of it went to JIT compilation, garbage collection and class loading.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.faq.FaqIndexCold ja 5
 * ../shared/data/faq} (language, runs, data; 10,000 FAQs). Per run and kind a child JVM
 * ({@code … FaqIndexCold --child KIND LANG DATA SIZE}) reads the FAQs (not timed) and then times:
 * {@code matcher}, the catalog import and {@code FaqMatcher} build as a host calls them, dictionary load included;
 * {@code matcher-dict-first}, the same after the language's analysis was loaded and used once (timed apart as
 * {@code dict}); {@code bm25}, the plain index. A fifth argument names the kinds to run, comma-separated; besides
 * those three, {@code matcher-no-answers} imports the same FAQs with their answers left out, a bound on what the
 * answers' analysis costs a cold import; {@code analysis-only} runs each FAQ's question and answer once through
 * Lucene's plain analyzer ({@code JapaneseAnalyzer} or {@code EnglishAnalyzer}) on the calling thread and the common
 * pool's workers, as the matcher spreads its analysis, and indexes nothing: a floor under any index that reads all of
 * the text once with that analysis.
 */
public final class FaqIndexCold {

    private static final List<String> KINDS = List.of("matcher", "matcher-dict-first", "bm25");
    private static final List<String> ALL_KINDS =
        List.of("matcher", "matcher-dict-first", "matcher-no-answers", "bm25", "analysis-only");

    private FaqIndexCold() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]));
            return;
        }
        String lang = args.length > 0 ? args[0] : "ja";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String data = args.length > 2 ? args[2] : SyntheticFaqs.DEFAULT_DATA;
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        List<String> kinds = args.length > 4 ? List.of(args[4].split(",")) : KINDS;
        for (String kind : kinds) {
            if (!ALL_KINDS.contains(kind)) {
                System.err.println("kinds: unknown kind '" + kind + "', expected one of " + ALL_KINDS);
                System.exit(2);
            }
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int r = 0; r < runs; r++) {
            for (String kind : kinds) {
                List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
                cmd.addAll(List.of(FaqIndexCold.class.getName(), "--child", kind, lang, data, String.valueOf(size)));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String last = "";
                try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        last = line;
                    }
                }
                if (p.waitFor() != 0) {
                    throw new IllegalStateException(kind + " failed: " + last);
                }
                System.out.println("run " + (r + 1) + " " + kind + ": " + last);
            }
        }
    }

    private static void child(String kind, String lang, Path data, int size) throws Exception {
        List<FaqEntry> faqs = SyntheticFaqs.faqs(data, lang, size);
        if (kind.equals("matcher-no-answers")) {
            List<FaqEntry> questionsOnly = new ArrayList<>(faqs.size());
            for (FaqEntry e : faqs) {
                questionsOnly.add(FaqEntry.builder(e.id()).locale(e.locale()).question(e.question())
                    .phrasings(e.phrasings()).answer("").build());
            }
            faqs = questionsOnly;
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var jit = ManagementFactory.getCompilationMXBean();
        var classes = ManagementFactory.getClassLoadingMXBean();
        double load = os.getSystemLoadAverage();
        String dict = "";
        if (kind.equals("matcher-dict-first")) {
            long w0 = System.nanoTime();
            long c0 = os.getProcessCpuTime();
            FaqAnalysis.forLanguage(lang).analyze("住民票の写しを取りたい", true);
            dict = String.format(Locale.ROOT, " dict %d ms (CPU %d ms)", (System.nanoTime() - w0) / 1_000_000,
                (os.getProcessCpuTime() - c0) / 1_000_000);
        }
        long jit0 = jit.getTotalCompilationTime();
        long gc0 = gcMillis();
        long classes0 = classes.getTotalLoadedClassCount();
        long c0 = os.getProcessCpuTime();
        long w0 = System.nanoTime();
        int indexed;
        if (kind.equals("analysis-only")) {
            indexed = analyseOnly(faqs, lang);
        } else if (kind.equals("bm25")) {
            try (Bm25Baseline bm25 = new Bm25Baseline(faqs, lang.equals("ja"), Bm25Baseline.Variant.ALL_TEXT)) {
                indexed = bm25.rank(lang.equals("ja") ? "住民票" : "password", 1).size();
            }
        } else {
            FaqCatalog catalog = new FaqCatalog();
            catalog.putAll(TenantId.of("bench"), faqs);
            try (FaqMatcher matcher = FaqMatcher.builder(catalog).build()) {
                indexed = catalog.entries(TenantId.of("bench")).size();
            }
        }
        long wall = (System.nanoTime() - w0) / 1_000_000;
        long cpu = (os.getProcessCpuTime() - c0) / 1_000_000;
        System.out.printf(Locale.ROOT, "%d FAQs, wall %d ms, CPU %d ms (JIT %d ms, GC %d ms, %d classes loaded)%s,"
                + " load %.2f, %d cores%n", faqs.size(), wall, cpu, jit.getTotalCompilationTime() - jit0,
            gcMillis() - gc0, classes.getTotalLoadedClassCount() - classes0, dict, load,
            Runtime.getRuntime().availableProcessors());
        if (indexed < 0) {
            throw new IllegalStateException();
        }
    }

    /** Tokens of every FAQ's question and answer, analysed once, split across the common pool as the matcher does. */
    private static int analyseOnly(List<FaqEntry> faqs, String lang) throws Exception {
        int workers = Math.max(1, java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
        try (org.apache.lucene.analysis.Analyzer analyzer = lang.equals("ja")
            ? new org.apache.lucene.analysis.ja.JapaneseAnalyzer()
            : new org.apache.lucene.analysis.en.EnglishAnalyzer()) {
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.Callable<Integer> task = () -> {
                int tokens = 0;
                for (int i = next.getAndIncrement(); i < faqs.size(); i = next.getAndIncrement()) {
                    FaqEntry e = faqs.get(i);
                    tokens += count(analyzer, e.question()) + count(analyzer, e.answer());
                }
                return tokens;
            };
            List<java.util.concurrent.Future<Integer>> others = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                others.add(java.util.concurrent.ForkJoinPool.commonPool().submit(task));
            }
            int tokens = task.call();
            for (java.util.concurrent.Future<Integer> f : others) {
                tokens += f.get();
            }
            return tokens;
        }
    }

    private static int count(org.apache.lucene.analysis.Analyzer analyzer, String text) throws java.io.IOException {
        int n = 0;
        try (org.apache.lucene.analysis.TokenStream ts = analyzer.tokenStream("text", text)) {
            ts.reset();
            while (ts.incrementToken()) {
                n++;
            }
            ts.end();
        }
        return n;
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }
}
