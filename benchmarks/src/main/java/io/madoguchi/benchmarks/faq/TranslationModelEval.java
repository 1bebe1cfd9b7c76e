package io.madoguchi.benchmarks.faq;

import static io.madoguchi.benchmarks.faq.RerankHalves.ids;
import static io.madoguchi.benchmarks.faq.RerankHalves.mean;
import static io.madoguchi.benchmarks.faq.RerankHalves.mix;
import static io.madoguchi.benchmarks.faq.RerankHalves.rr;

import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.ScoredFaq;
import io.madoguchi.core.faq.internal.FaqAnalysis;
import io.madoguchi.examples.faq.Vectors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A word-association (translation) model learned from the catalog's own question–answer pairs, as in Xue, Jeon and
 * Croft, "Retrieval models for question and answer archives" (SIGIR 2008), re-scoring the lexical matcher's top 100 on
 * LocalgovFAQ. Nothing but the FAQs trains it: IBM Model 1, both directions (question words from answer words and
 * answer words from question words) averaged, learns how likely a word is to stand for another. A candidate FAQ then
 * generates the query's words from a mix of its own words and the words they translate to, smoothed with the
 * catalog's:
 *
 * <p>{@code P(w | d) = (1 - mu) * ((1 - beta) * Pml(w | d) + beta * sum_t T(w | t) Pml(t | d)) + mu * Pml(w | C)},
 * and the candidate's score is {@code sum_w log P(w | d)} over the query's words, min-max rescaled over the top 100 and
 * mixed at weight {@code weight} with the lexical score divided by the top one (as the Japanese reranker mixes).
 *
 * <p>With repeated 2-fold splits of the queries, {@code beta}, {@code mu} and {@code weight} are chosen on one half
 * and MRR@10 is reported on the other, beside the lexical matcher alone and plain BM25 over all text ({@code
 * faq-eval}'s {@code baseline_alltext}) on the same half.
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.faq.TranslationModelEval
 * ../shared/data/faq/ja_localgovfaq [repetitions] [EM iterations]} (defaults 10 and 5).
 */
public final class TranslationModelEval {

    private static final int DEPTH = 100;
    private static final double[] BETAS = {0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9};
    private static final double[] MUS = {0.1, 0.3, 0.5, 0.7, 0.9};
    private static final double[] WEIGHTS = IntStream.rangeClosed(0, 10).mapToDouble(i -> i / 10.0).toArray();
    /** Translations below this probability are dropped after each EM iteration, keeping the table small. */
    private static final double MIN_T = 1e-4;

    private TranslationModelEval() {
    }

    /**
     * Runs the evaluation and prints its table.
     *
     * @param args the LocalgovFAQ folder, then optionally the repetitions and the EM iterations
     * @throws IOException if the data cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/faq/ja_localgovfaq");
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        RerankHalves.Dev dev = RerankHalves.Dev.load(dir);
        List<FaqEntry> faqs = dev.faqs();
        List<SyntheticFaqs.EvalQuery> queries = dev.queries();
        int n = queries.size();
        FaqAnalysis analysis = FaqAnalysis.forLanguage("ja");

        // the FAQs as words: question and phrasings on one side, answer on the other
        Vocabulary vocabulary = new Vocabulary();
        Map<String, int[]> documentWords = new HashMap<>();
        List<int[][]> pairs = new ArrayList<>();
        for (FaqEntry e : faqs) {
            List<String> q = new ArrayList<>(analysis.analyze(e.question(), false).words());
            for (String p : e.phrasings()) {
                q.addAll(analysis.analyze(p, false).words());
            }
            List<String> a = analysis.analyze(e.answer(), false).words();
            int[] qi = vocabulary.ids(q);
            int[] ai = vocabulary.ids(a);
            int[] all = Arrays.copyOf(qi, qi.length + ai.length);
            System.arraycopy(ai, 0, all, qi.length, ai.length);
            documentWords.put(e.id(), all);
            if (qi.length > 0 && ai.length > 0) {
                pairs.add(new int[][] {qi, ai});
            }
        }
        long start = System.nanoTime();
        Map<Integer, Map<Integer, Double>> toQuestion = ibmModel1(pairs, 1, 0, iterations);
        Map<Integer, Map<Integer, Double>> toAnswer = ibmModel1(pairs, 0, 1, iterations);
        Map<Integer, Map<Integer, Double>> translation = average(toQuestion, toAnswer);
        out.printf("IBM Model 1 on %d question-answer pairs, %d words, %d iterations: %d translations, %.1f s%n",
            pairs.size(), vocabulary.size(), iterations,
            translation.values().stream().mapToInt(Map::size).sum(), (System.nanoTime() - start) / 1e9);
        selfTranslation(out, pairs, translation);
        double[] collection = collectionModel(documentWords.values(), vocabulary.size());

        double[] bm25 = dev.bm25AllText();
        List<List<ScoredFaq>> lexical = dev.lexical(DEPTH);
        double[] lex = dev.reciprocalRanks(lexical);
        // per query and setting, the reciprocal rank of the mix
        double[][][][] mixed = new double[BETAS.length][MUS.length][WEIGHTS.length][n];
        for (int q = 0; q < n; q++) {
            SyntheticFaqs.EvalQuery query = queries.get(q);
            List<ScoredFaq> c = lexical.get(q);
            int[] words = vocabulary.known(analysis.analyzeQuery(query.text()).words());
            // per candidate and query word: Pml(w | d) and sum_t T(w | t) Pml(t | d)
            double[][] own = new double[c.size()][words.length];
            double[][] translated = new double[c.size()][words.length];
            for (int i = 0; i < c.size(); i++) {
                Map<Integer, Double> ml = maximumLikelihood(documentWords.get(c.get(i).entry().id()));
                for (int k = 0; k < words.length; k++) {
                    own[i][k] = ml.getOrDefault(words[k], 0.0);
                    double sum = 0;
                    for (Map.Entry<Integer, Double> t : ml.entrySet()) {
                        Map<Integer, Double> row = translation.get(t.getKey());
                        if (row != null) {
                            sum += row.getOrDefault(words[k], 0.0) * t.getValue();
                        }
                    }
                    translated[i][k] = sum;
                }
            }
            for (int b = 0; b < BETAS.length; b++) {
                for (int m = 0; m < MUS.length; m++) {
                    double[] score = new double[c.size()];
                    for (int i = 0; i < c.size(); i++) {
                        double log = 0;
                        for (int k = 0; k < words.length; k++) {
                            double mixture = (1 - BETAS[b]) * own[i][k] + BETAS[b] * translated[i][k];
                            log += Math.log((1 - MUS[m]) * mixture + MUS[m] * collection[words[k]]);
                        }
                        score[i] = log;
                    }
                    double[] scaled = Vectors.minMax(score);
                    for (int w = 0; w < WEIGHTS.length; w++) {
                        mixed[b][m][w][q] = rr(mix(c, scaled, WEIGHTS[w]), query);
                    }
                }
            }
        }

        out.printf("%nLocalgovFAQ dev, %d queries, %d FAQs; MRR@10 on the reported half of %d x 2-fold splits "
            + "(beta, mu and weight tuned on the other half)%n", n, faqs.size(), repetitions);
        out.printf("%-5s %-5s %8s %8s %8s %7s %7s %6s %6s %6s%n", "rep", "half", "bm25all", "lexical", "tuned",
            "ratio", "lex/bm", "beta", "mu", "weight");
        double[] sums = new double[3];
        List<Double> ratios = new ArrayList<>();
        for (RerankHalves.Half half : RerankHalves.halves(n, repetitions)) {
            List<Integer> tune = half.tune();
            int[] best = {0, 0, 0};
            for (int b = 0; b < BETAS.length; b++) {
                for (int m = 0; m < MUS.length; m++) {
                    for (int w = 0; w < WEIGHTS.length; w++) {
                        if (mean(mixed[b][m][w], tune) > mean(mixed[best[0]][best[1]][best[2]], tune) + 1e-12) {
                            best = new int[] {b, m, w};
                        }
                    }
                }
            }
            List<Integer> test = half.test();
            double[] row = {mean(bm25, test), mean(lex, test), mean(mixed[best[0]][best[1]][best[2]], test)};
            for (int i = 0; i < row.length; i++) {
                sums[i] += row[i];
            }
            ratios.add(row[2] / row[0]);
            out.printf("%-5d %-5s %8.4f %8.4f %8.4f %7.3f %7.3f %6.1f %6.1f %6.1f%n", half.repetition(), half.name(),
                row[0], row[1], row[2], row[2] / row[0], row[1] / row[0], BETAS[best[0]], MUS[best[1]],
                WEIGHTS[best[2]]);
        }
        int reported = 2 * repetitions;
        out.printf("mean  %-5s %8.4f %8.4f %8.4f %7.3f %7.3f   (ratio = tuned / bm25all, min %.3f)%n", "",
            sums[0] / reported, sums[1] / reported, sums[2] / reported, sums[2] / sums[0], sums[1] / sums[0],
            Collections.min(ratios));
        out.println();
        out.println("all queries, no split: best weight per beta and mu (MRR@10 at that weight)");
        List<Integer> every = IntStream.range(0, n).boxed().toList();
        for (int b = 0; b < BETAS.length; b++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "beta %.1f:", BETAS[b]));
            for (int m = 0; m < MUS.length; m++) {
                int bestW = 0;
                for (int w = 0; w < WEIGHTS.length; w++) {
                    if (mean(mixed[b][m][w], every) > mean(mixed[b][m][bestW], every) + 1e-12) {
                        bestW = w;
                    }
                }
                line.append(String.format(Locale.ROOT, "  mu %.1f: %.4f (w %.1f)", MUS[m],
                    mean(mixed[b][m][bestW], every), WEIGHTS[bestW]));
            }
            out.println(line);
        }
    }

    /**
     * IBM Model 1: the probability that a word of side {@code target} of a pair is generated by a word of side
     * {@code source} (with a null word), learned by EM from uniform probabilities.
     *
     * @return by source word, the probability of each target word
     */
    private static Map<Integer, Map<Integer, Double>> ibmModel1(List<int[][]> pairs, int source, int target,
                                                                int iterations) {
        int nullWord = -1;
        Map<Integer, Map<Integer, Double>> t = new HashMap<>();
        for (int[][] pair : pairs) {
            for (int s : withNull(pair[source], nullWord)) {
                Map<Integer, Double> row = t.computeIfAbsent(s, k -> new HashMap<>());
                for (int w : pair[target]) {
                    row.put(w, 1.0);
                }
            }
        }
        for (int it = 0; it < iterations; it++) {
            Map<Integer, Map<Integer, Double>> counts = new HashMap<>();
            for (int[][] pair : pairs) {
                int[] sources = withNull(pair[source], nullWord);
                for (int w : pair[target]) {
                    double norm = 0;
                    for (int s : sources) {
                        norm += t.get(s).getOrDefault(w, 0.0);
                    }
                    if (norm == 0) {
                        continue;
                    }
                    for (int s : sources) {
                        double p = t.get(s).getOrDefault(w, 0.0) / norm;
                        if (p > 0) {
                            counts.computeIfAbsent(s, k -> new HashMap<>()).merge(w, p, Double::sum);
                        }
                    }
                }
            }
            t = new HashMap<>();
            for (Map.Entry<Integer, Map<Integer, Double>> row : counts.entrySet()) {
                double total = row.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
                Map<Integer, Double> probabilities = new HashMap<>();
                for (Map.Entry<Integer, Double> c : row.getValue().entrySet()) {
                    double p = c.getValue() / total;
                    if (p >= MIN_T || it < iterations - 1) {
                        probabilities.put(c.getKey(), p);
                    }
                }
                t.put(row.getKey(), probabilities);
            }
        }
        t.remove(nullWord);
        return t;
    }

    /**
     * Prints how much the pairs overlap: the share of a question's distinct words its own answer has, and the mean
     * probability with which a word of both sides translates to itself.
     */
    private static void selfTranslation(PrintStream out, List<int[][]> pairs,
                                        Map<Integer, Map<Integer, Double>> translation) {
        long shared = 0;
        long asked = 0;
        Set<Integer> both = new HashSet<>();
        for (int[][] pair : pairs) {
            Set<Integer> answer = new HashSet<>();
            for (int w : pair[1]) {
                answer.add(w);
            }
            for (int w : Arrays.stream(pair[0]).distinct().toArray()) {
                asked++;
                if (answer.contains(w)) {
                    shared++;
                    both.add(w);
                }
            }
        }
        double self = both.stream()
            .mapToDouble(w -> translation.getOrDefault(w, Map.of()).getOrDefault(w, 0.0)).average().orElse(0);
        out.printf("a question's distinct words found in its own answer: %.1f %%; mean T(w | w) of the %d words "
            + "found on both sides: %.3f%n", 100.0 * shared / asked, both.size(), self);
    }

    private static int[] withNull(int[] words, int nullWord) {
        int[] out = Arrays.copyOf(words, words.length + 1);
        out[words.length] = nullWord;
        return out;
    }

    /**
     * Both directions averaged with equal weight: T(w | t) = (P_a→q(w | t) + P_q→a(w | t)) / 2. (Xue et al. pool the
     * two directions' pairs into one training corpus instead; averaging the two models is the simpler variant.)
     */
    private static Map<Integer, Map<Integer, Double>> average(Map<Integer, Map<Integer, Double>> a,
                                                              Map<Integer, Map<Integer, Double>> b) {
        Map<Integer, Map<Integer, Double>> out = new HashMap<>();
        for (Map<Integer, Map<Integer, Double>> side : List.of(a, b)) {
            for (Map.Entry<Integer, Map<Integer, Double>> row : side.entrySet()) {
                Map<Integer, Double> averaged = out.computeIfAbsent(row.getKey(), k -> new HashMap<>());
                row.getValue().forEach((w, p) -> averaged.merge(w, p / 2, Double::sum));
            }
        }
        return out;
    }

    private static Map<Integer, Double> maximumLikelihood(int[] words) {
        Map<Integer, Double> out = new HashMap<>();
        for (int w : words) {
            out.merge(w, 1.0 / words.length, Double::sum);
        }
        return out;
    }

    private static double[] collectionModel(Iterable<int[]> documents, int size) {
        double[] counts = new double[size];
        double total = 0;
        for (int[] d : documents) {
            for (int w : d) {
                counts[w]++;
                total++;
            }
        }
        for (int w = 0; w < size; w++) {
            counts[w] = (counts[w] + 0.5) / (total + 0.5 * size);
        }
        return counts;
    }

    /** Word ids. */
    private static final class Vocabulary {
        private final Map<String, Integer> ids = new HashMap<>();

        int[] ids(List<String> words) {
            int[] out = new int[words.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = ids.computeIfAbsent(words.get(i), k -> ids.size());
            }
            return out;
        }

        /** The ids of the words the catalog has (a query's other words have no probability under any FAQ). */
        int[] known(List<String> words) {
            return words.stream().filter(ids::containsKey).mapToInt(ids::get).toArray();
        }

        int size() {
            return ids.size();
        }
    }
}
