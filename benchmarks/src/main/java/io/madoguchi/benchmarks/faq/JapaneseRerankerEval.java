package io.madoguchi.benchmarks.faq;

import static io.madoguchi.benchmarks.faq.RerankHalves.CLOCK;
import static io.madoguchi.benchmarks.faq.RerankHalves.TENANT;
import static io.madoguchi.benchmarks.faq.RerankHalves.ids;
import static io.madoguchi.benchmarks.faq.RerankHalves.mean;
import static io.madoguchi.benchmarks.faq.RerankHalves.mix;
import static io.madoguchi.benchmarks.faq.RerankHalves.rr;

import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.faq.FaqReranker;
import io.madoguchi.core.faq.FaqReranker.Candidate;
import io.madoguchi.core.faq.ScoredFaq;
import io.madoguchi.examples.faq.FaqEvalMetrics;
import io.madoguchi.examples.faq.FaqRerankerProvider;
import io.madoguchi.examples.faq.Vectors;
import io.madoguchi.examples.faq.embedding.EmbeddingFaqReranker;
import io.madoguchi.examples.faq.embedding.EmbeddingModel;
import io.madoguchi.examples.faq.embedding.EmbeddingRerankerProvider;
import io.madoguchi.examples.faq.embedding.SentenceEncoder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The Japanese reranker (BGE-small-zh-v1.5 re-scoring the matcher's top 100) on LocalgovFAQ, with
 * repeated 2-fold splits of the queries: the FAQ text (question only, or question plus answer cut to
 * 64/128/256 tokens) and the weight of the min-max rescaled cosine are chosen on one half and MRR@10
 * is reported on the other, next to the lexical matcher alone and plain BM25 over all text
 * ({@code faq-eval}'s {@code baseline_alltext}) on the same half. Then the registered
 * {@code bge-small-zh} provider runs inside the production matcher on all queries: MRR@10 (which
 * must equal the offline mix at its settings) and per-query time against the lexical matcher,
 * interleaved in the same run.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.faq.JapaneseRerankerEval
 * ../shared/data/faq/ja_localgovfaq [repetitions]} (default 10 repetitions, so 20 reported halves).
 */
public final class JapaneseRerankerEval {

    private static final int DEPTH = 100;
    private static final int[] ANSWER_TOKENS = {0, 64, 128, 256};
    private static final double[] WEIGHTS = IntStream.rangeClosed(0, 10).mapToDouble(i -> i / 10.0).toArray();
    private static final int WARM_UP = 50;

    private JapaneseRerankerEval() {
    }

    /**
     * Runs the evaluation and prints a table per stage.
     *
     * @param args the LocalgovFAQ folder, then optionally the number of repetitions
     * @throws IOException if the data cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/faq/ja_localgovfaq");
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        RerankHalves.Dev dev = RerankHalves.Dev.load(dir);
        List<FaqEntry> faqs = dev.faqs();
        List<SyntheticFaqs.EvalQuery> queries = dev.queries();
        int n = queries.size();

        // reciprocal ranks per query: plain BM25 over all text, the lexical matcher, and the mixes
        double[] bm25 = dev.bm25AllText();
        List<List<ScoredFaq>> lexical = dev.lexical(DEPTH);
        double[] lex = dev.reciprocalRanks(lexical);
        double[][][] mixed = new double[ANSWER_TOKENS.length][WEIGHTS.length][n];
        try (SentenceEncoder encoder = SentenceEncoder.load(EmbeddingModel.BGE_SMALL_ZH_V15_Q)) {
            List<float[]> queryVectors = new ArrayList<>();
            for (SyntheticFaqs.EvalQuery q : queries) {
                queryVectors.add(encoder.embed(q.text()));
            }
            List<Candidate> all = faqs.stream().map(e -> candidate(e, 0)).toList();
            for (int t = 0; t < ANSWER_TOKENS.length; t++) {
                EmbeddingFaqReranker.Builder b = EmbeddingFaqReranker.builder(encoder).languages("ja");
                EmbeddingFaqReranker reranker = (ANSWER_TOKENS[t] > 0 ? b.answerTokens(ANSWER_TOKENS[t]) : b).build();
                long start = System.nanoTime();
                reranker.prepare(Locale.JAPANESE, all);
                out.printf("embedded %d FAQs (answer tokens %d) in %.1f s%n", all.size(), ANSWER_TOKENS[t],
                    (System.nanoTime() - start) / 1e9);
                for (int q = 0; q < n; q++) {
                    List<ScoredFaq> c = lexical.get(q);
                    double[] cos = new double[c.size()];
                    for (int i = 0; i < cos.length; i++) {
                        cos[i] = reranker.similarity(queryVectors.get(q), candidate(c.get(i).entry(), 0));
                    }
                    double[] scaled = Vectors.minMax(cos);
                    for (int w = 0; w < WEIGHTS.length; w++) {
                        mixed[t][w][q] = rr(mix(c, scaled, WEIGHTS[w]), queries.get(q));
                    }
                }
            }
        }

        out.printf("%nLocalgovFAQ dev, %d queries, %d FAQs; MRR@10 on the reported half of %d x 2-fold splits "
            + "(FAQ text and weight tuned on the other half)%n", n, faqs.size(), repetitions);
        out.printf("%-5s %-6s %7s %7s %7s %7s %7s %12s %12s%n", "rep", "half", "bm25all", "lexical", "tuned",
            "fixed", "ratio", "tuned:tokens", "tuned:weight");
        int fixedT = indexOf(ANSWER_TOKENS, EmbeddingRerankerProvider.BgeSmallZh.ANSWER_TOKENS);
        // read at run time: a constant would be compiled into this class and outlive a change of the provider
        int fixedW = (int) Math.round(FaqRerankerProvider.find("bge-small-zh").orElseThrow().weight() * 10);
        double[] sums = new double[4];
        List<Double> ratios = new ArrayList<>();
        for (RerankHalves.Half half : RerankHalves.halves(n, repetitions)) {
            int bestT = 0;
            int bestW = 0;
            for (int t = 0; t < ANSWER_TOKENS.length; t++) {
                for (int w = 0; w < WEIGHTS.length; w++) {
                    if (mean(mixed[t][w], half.tune()) > mean(mixed[bestT][bestW], half.tune()) + 1e-12) {
                        bestT = t;
                        bestW = w;
                    }
                }
            }
            List<Integer> test = half.test();
            double[] row = {mean(bm25, test), mean(lex, test), mean(mixed[bestT][bestW], test),
                mean(mixed[fixedT][fixedW], test)};
            for (int i = 0; i < row.length; i++) {
                sums[i] += row[i];
            }
            ratios.add(row[2] / row[0]);
            out.printf("%-5d %-6s %7.4f %7.4f %7.4f %7.4f %7.3f %12d %12.1f%n", half.repetition(), half.name(),
                row[0], row[1], row[2], row[3], row[2] / row[0], ANSWER_TOKENS[bestT], WEIGHTS[bestW]);
        }
        int halvesReported = 2 * repetitions;
        out.printf("mean  %-6s %7.4f %7.4f %7.4f %7.4f %7.3f   (ratio = tuned / bm25all; min ratio %.3f; "
                + "fixed = %d tokens, weight %.1f; lexical / bm25all = %.3f)%n", "", sums[0] / halvesReported,
            sums[1] / halvesReported, sums[2] / halvesReported, sums[3] / halvesReported, sums[2] / sums[0],
            Collections.min(ratios), ANSWER_TOKENS[fixedT], WEIGHTS[fixedW], sums[1] / sums[0]);
        out.println();
        out.println("all queries, whole dev set (no split): weight x answer tokens");
        StringBuilder header = new StringBuilder(String.format("%-7s", "tokens"));
        for (double w : WEIGHTS) {
            header.append(String.format(" %6.1f", w));
        }
        out.println(header);
        List<Integer> everyQuery = IntStream.range(0, n).boxed().toList();
        for (int t = 0; t < ANSWER_TOKENS.length; t++) {
            StringBuilder line = new StringBuilder(String.format("%-7d", ANSWER_TOKENS[t]));
            for (int w = 0; w < WEIGHTS.length; w++) {
                line.append(String.format(" %6.4f", mean(mixed[t][w], everyQuery)));
            }
            out.println(line);
        }
        production(out, dev.catalog(), queries, mean(mixed[fixedT][fixedW], everyQuery), mean(lex, everyQuery));
    }

    /** The registered provider inside the production matcher, timed against the lexical matcher. */
    private static void production(PrintStream out, FaqCatalog catalog, List<SyntheticFaqs.EvalQuery> queries,
                                   double offlineMrr, double lexicalMrr) {
        FaqRerankerProvider provider = FaqRerankerProvider.find("bge-small-zh").orElseThrow();
        FaqReranker reranker = provider.create();
        FaqEvalMetrics withReranker = new FaqEvalMetrics();
        FaqEvalMetrics lexicalOnly = new FaqEvalMetrics();
        int n = queries.size();
        long[] rerankNanos = new long[n];
        long[] lexicalNanos = new long[n];
        long prepare = System.nanoTime();
        try (FaqMatcher reranked = FaqMatcher.builder(catalog).clock(CLOCK)
                .reranker(reranker, provider.weight(), provider.depth()).build();
             FaqMatcher lexical = FaqMatcher.builder(catalog).clock(CLOCK).build()) {
            double prepareSeconds = (System.nanoTime() - prepare) / 1e9;
            for (SyntheticFaqs.EvalQuery q : queries.subList(0, Math.min(WARM_UP, n))) {
                reranked.match(TENANT, q.text(), Locale.JAPANESE);
                lexical.match(TENANT, q.text(), Locale.JAPANESE);
            }
            for (int i = 0; i < n; i++) {
                SyntheticFaqs.EvalQuery q = queries.get(i);
                long start = System.nanoTime();
                List<ScoredFaq> r = reranked.match(TENANT, q.text(), Locale.JAPANESE).candidates();
                long mid = System.nanoTime();
                List<ScoredFaq> l = lexical.match(TENANT, q.text(), Locale.JAPANESE).candidates();
                lexicalNanos[i] = System.nanoTime() - mid;
                rerankNanos[i] = mid - start;
                withReranker.add(ids(r), q.relevant(), Map.of());
                lexicalOnly.add(ids(l), q.relevant(), Map.of());
            }
            out.printf("%nproduction FaqMatcher, all %d queries: reranker %s (weight %.2f, depth %d) MRR@10 %.4f "
                    + "(offline mix %.4f), lexical alone %.4f (offline %.4f); building the reranked matcher (embeds "
                    + "every FAQ) took %.1f s%n", n, reranker.name(), provider.weight(), provider.depth(),
                withReranker.mrr10(), offlineMrr, lexicalOnly.mrr10(), lexicalMrr, prepareSeconds);
            out.printf("per query (ms), after %d warm-up queries: with reranker p50 %.2f p90 %.2f p99 %.2f mean %.2f; "
                    + "lexical alone p50 %.2f p90 %.2f p99 %.2f mean %.2f%n", WARM_UP,
                pct(rerankNanos, 0.5), pct(rerankNanos, 0.9), pct(rerankNanos, 0.99), avg(rerankNanos),
                pct(lexicalNanos, 0.5), pct(lexicalNanos, 0.9), pct(lexicalNanos, 0.99), avg(lexicalNanos));
        }
    }

    private static Candidate candidate(FaqEntry e, double score) {
        return new Candidate(e.id(), e.version(), e.question(), e.phrasings(), e.answer(), score);
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException(value + " not evaluated");
    }

    private static double pct(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(p * sorted.length) - 1] / 1e6;
    }

    private static double avg(long[] nanos) {
        return Arrays.stream(nanos).average().orElse(0) / 1e6;
    }
}
