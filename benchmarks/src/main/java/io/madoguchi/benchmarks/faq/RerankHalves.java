package io.madoguchi.benchmarks.faq;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqFiles;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.faq.ScoredFaq;
import io.madoguchi.examples.faq.Bm25Baseline;
import io.madoguchi.examples.faq.FaqEvalMetrics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * What the rerank evaluations of LocalgovFAQ share: its FAQs and queries, the lexical matcher's and plain BM25's
 * rankings, the repeated 2-fold splits of
 * the queries, the matcher's mix of a lexical ranking with a rescaled second score, the reciprocal rank of a ranking,
 * and the mean of a half of the queries.
 */
final class RerankHalves {

    private RerankHalves() {
    }

    /** The tenant the evaluations' catalog is loaded under. */
    static final TenantId TENANT = TenantId.of("eval");
    /** A fixed clock, so that no feedback or gap ages between runs. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T00:00:00Z"), ZoneOffset.UTC);

    /**
     * The LocalgovFAQ development set, its FAQs loaded in a catalog under {@link #TENANT}.
     *
     * @param faqs    the FAQs
     * @param catalog the catalog holding them
     * @param queries the queries
     */
    record Dev(List<FaqEntry> faqs, FaqCatalog catalog, List<SyntheticFaqs.EvalQuery> queries) {

        /**
         * @param dir the LocalgovFAQ folder
         * @return its FAQs and queries
         * @throws IOException if they cannot be read
         */
        static Dev load(Path dir) throws IOException {
            List<FaqEntry> faqs;
            try (Reader r = Files.newBufferedReader(dir.resolve("faqs.jsonl"), StandardCharsets.UTF_8)) {
                faqs = FaqFiles.readJsonl(r, Locale.JAPANESE);
            }
            FaqCatalog catalog = new FaqCatalog();
            catalog.putAll(TENANT, faqs);
            return new Dev(faqs, catalog, SyntheticFaqs.evalQueries(dir.resolve("queries.jsonl")));
        }

        /**
         * @param depth how many candidates per query
         * @return the lexical matcher's candidates of each query, best first
         */
        List<List<ScoredFaq>> lexical(int depth) {
            List<List<ScoredFaq>> out = new ArrayList<>();
            try (FaqMatcher matcher = FaqMatcher.builder(catalog).clock(CLOCK).maxCandidates(depth).build()) {
                for (SyntheticFaqs.EvalQuery q : queries) {
                    out.add(matcher.match(TENANT, q.text(), Locale.JAPANESE).candidates());
                }
            }
            return out;
        }

        /**
         * @param rankings each query's candidates, best first
         * @return each query's reciprocal rank in them
         */
        double[] reciprocalRanks(List<List<ScoredFaq>> rankings) {
            double[] out = new double[queries.size()];
            for (int q = 0; q < out.length; q++) {
                out[q] = rr(ids(rankings.get(q)), queries.get(q));
            }
            return out;
        }

        /**
         * @return each query's reciprocal rank under plain BM25 over all text ({@code faq-eval}'s
         *     {@code baseline_alltext})
         */
        double[] bm25AllText() {
            double[] out = new double[queries.size()];
            try (Bm25Baseline baseline = new Bm25Baseline(faqs, true, Bm25Baseline.Variant.ALL_TEXT)) {
                for (int q = 0; q < out.length; q++) {
                    out[q] = rr(baseline.rank(queries.get(q).text(), 10), queries.get(q));
                }
            }
            return out;
        }
    }

    /**
     * One reported half of a 2-fold split: settings are tuned on the other half.
     *
     * @param repetition the split's number, from 1
     * @param name       {@code A} or {@code B}: the half reported
     * @param tune       the query indexes settings are chosen on
     * @param test       the query indexes reported
     */
    record Half(int repetition, String name, List<Integer> tune, List<Integer> test) {
    }

    /**
     * The reported halves of repeated random 2-fold splits, repetition {@code r} shuffled with seed {@code r}: half B
     * (tuned on A), then half A (tuned on B).
     *
     * @param n           the number of queries
     * @param repetitions how many splits
     * @return two halves per repetition
     */
    static List<Half> halves(int n, int repetitions) {
        List<Half> out = new ArrayList<>();
        for (int rep = 1; rep <= repetitions; rep++) {
            List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
            Collections.shuffle(order, new Random(rep));
            List<Integer> a = order.subList(0, n / 2);
            List<Integer> b = order.subList(n / 2, n);
            out.add(new Half(rep, "B", a, b));
            out.add(new Half(rep, "A", b, a));
        }
        return out;
    }

    /**
     * The matcher's mix: {@code (1 - w) * lexical / top lexical + w * scaled}, ranked best first; the sort is stable,
     * so ties keep the lexical order as in {@code FaqMatcher}.
     *
     * @param candidates the lexical candidates, best first
     * @param scaled     the second score of each, rescaled to [0, 1]
     * @param w          the second score's weight
     * @return the ids of the top 10
     */
    static List<String> mix(List<ScoredFaq> candidates, double[] scaled, double w) {
        double top = candidates.isEmpty() ? 1 : candidates.get(0).score();
        double[] s = new double[scaled.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (1 - w) * candidates.get(i).score() / top + w * scaled[i];
        }
        Integer[] order = IntStream.range(0, s.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -s[i]));
        return Arrays.stream(order).limit(10).map(i -> candidates.get(i).entry().id()).toList();
    }

    /**
     * @param candidates candidates
     * @return their ids, in order
     */
    static List<String> ids(List<ScoredFaq> candidates) {
        return candidates.stream().map(c -> c.entry().id()).toList();
    }

    /**
     * @param ranking FAQ ids, best first
     * @param q       the query
     * @return the reciprocal rank of its first relevant FAQ in the top 10 (as {@code faq-eval}'s MRR@10 counts)
     */
    static double rr(List<String> ranking, SyntheticFaqs.EvalQuery q) {
        FaqEvalMetrics m = new FaqEvalMetrics();
        m.add(ranking, q.relevant(), Map.of());
        return m.mrr10();
    }

    /**
     * @param values a value per query
     * @param subset the queries of a half
     * @return the half's mean
     */
    static double mean(double[] values, List<Integer> subset) {
        double sum = 0;
        for (int i : subset) {
            sum += values[i];
        }
        return sum / subset.size();
    }
}
