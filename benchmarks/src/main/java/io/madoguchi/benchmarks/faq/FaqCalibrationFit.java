package io.madoguchi.benchmarks.faq;

import io.madoguchi.benchmarks.faq.SyntheticFaqs.EvalQuery;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqCalibration;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqFiles;
import io.madoguchi.core.faq.FaqMatch;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.examples.faq.embedding.EmbeddingRerankerProvider;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Fits the lexical confidence calibration of a language over catalogs of many sizes, and reports what it
 * does at the default thresholds, per catalog size, on queries it was not fitted on.
 *
 * <p>The real sets are one catalog each (Japanese: 1,786 FAQs), but hosts run catalogs of ten FAQs as well
 * as thousands. So the real catalog is sampled down to sizes from 5 FAQs up: each sample holds the right
 * FAQs of some real queries (those queries are in scope) and random others; real queries whose right FAQs
 * are all left out are out of scope for that sample (a city-office question the office has no FAQ for,
 * which is harder to decline than an unrelated one). The label of a query is "the first candidate is
 * right". Queries are split in two halves by id: the report fits on one half's samples and evaluates on
 * the other's, both ways; the printed calibration is fitted on all samples.
 *
 * <p>{@code java [-Dsamples=FILE.tsv] -cp benchmarks/target/benchmarks.jar
 * io.madoguchi.benchmarks.faq.FaqCalibrationFit ja ../shared/data/faq [reference size] [largest sample size]};
 * with {@code -Dsamples} every sample's features are also written as TSV; with {@code -Dprecision=0.98} it instead
 * fits on each half's catalogs of 10–20 FAQs, picks the answer threshold by cross-validation on that half for that
 * precision, and reports the other half at it. With {@code -Dreranker=bge-small-zh} the matcher ranks with the
 * Japanese reranker ({@code faq-eval --reranker bge-small-zh}) and its cosines are six further features
 * ({@link JapaneseRerankerFeatures}); {@code -Dreranker.ranking=lexical} adds the features to the lexical ranking.
 */
public final class FaqCalibrationFit {

    private static final int[] SIZES = {5, 10, 20, 50, 100, 200, 500, 1000, 1500};
    private static final String[] LEXICAL = {"coverage", "gramCoverage", "margin", "logTopScore", "logQueryTerms",
        "questionCoverage", "keyNoun", "faqKeyNouns", "questionMargin", "unmatchedNoun"};
    /** {@code -Dreranker=bge-small-zh}: the Japanese reranker's cosines as further features. */
    private static final JapaneseRerankerFeatures EMBEDDING = embedding(System.getProperty("reranker"));
    /** {@code -Dreranker.ranking=lexical}: the cosine features without the reranker changing the ranking. */
    private static final boolean RERANKED = EMBEDDING != null
        && !"lexical".equals(System.getProperty("reranker.ranking"));
    private static final String[] FEATURES = EMBEDDING == null ? LEXICAL
        : java.util.stream.Stream.concat(java.util.Arrays.stream(LEXICAL), JapaneseRerankerFeatures.NAMES.stream())
            .toArray(String[]::new);
    private static final TenantId TENANT = TenantId.of("fit");
    /** How many of {@link #FEATURES}, from the first, the fits use ({@code -Dfeatures=5}: the five older ones). */
    private static final int USED = Integer.getInteger("features", FEATURES.length);

    /**
     * One matched query: its sample's size, whether it was in scope, whether the top FAQ was right, its features, its
     * id and the top FAQ's.
     */
    private record Sample(int size, boolean inScope, boolean correct, double[] x, String query, String top) {
    }

    private FaqCalibrationFit() {
    }

    private static JapaneseRerankerFeatures embedding(String name) {
        if (name == null) {
            return null;
        }
        if (!name.equals("bge-small-zh")) {
            throw new IllegalArgumentException("-Dreranker: only bge-small-zh is supported, was " + name);
        }
        return new JapaneseRerankerFeatures();
    }

    /**
     * Runs the fit.
     *
     * @param args language (ja or en), data directory, optionally the reference size (default: the size of the
     *             largest set of the language) and the largest sampled catalog size (default 1500; the full
     *             catalog is matched only without it)
     * @throws IOException if the data cannot be read
     */
    public static void main(String[] args) throws IOException {
        String lang = args.length > 0 ? args[0] : "ja";
        Path data = Path.of(args.length > 1 ? args[1] : SyntheticFaqs.DEFAULT_DATA);
        Locale locale = Locale.forLanguageTag(lang);
        List<List<FaqEntry>> catalogs = new ArrayList<>();
        List<List<EvalQuery>> queries = new ArrayList<>();
        for (String set : SyntheticFaqs.sets(lang)) {
            try (Reader r = Files.newBufferedReader(data.resolve(set).resolve("faqs.jsonl"), StandardCharsets.UTF_8)) {
                catalogs.add(FaqFiles.readJsonl(r, locale));
            }
            queries.add(SyntheticFaqs.evalQueries(data.resolve(set).resolve("queries.jsonl")));
        }
        int reference = args.length > 2 ? Integer.parseInt(args[2])
            : catalogs.stream().mapToInt(List::size).max().orElseThrow();
        int maxSize = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
        FaqCalibration probe = new FaqCalibration(0, 0, 0, 0, 0, 0, 0, reference);
        List<Sample> halfA = new ArrayList<>();
        List<Sample> halfB = new ArrayList<>();
        for (int s = 0; s < catalogs.size(); s++) {
            List<EvalQuery> a = new ArrayList<>();
            List<EvalQuery> b = new ArrayList<>();
            for (EvalQuery q : queries.get(s)) {
                (Math.floorMod(q.id().hashCode(), 2) == 0 ? a : b).add(q);
            }
            halfA.addAll(samples(catalogs.get(s), a, locale, probe, new Random(42 + s), maxSize));
            halfB.addAll(samples(catalogs.get(s), b, locale, probe, new Random(4242 + s), maxSize));
        }
        String dump = System.getProperty("samples");
        if (dump != null) {
            // every sample as TSV (half, size, in scope, top-1 right, features), for analysis outside Java
            List<String> rows = new ArrayList<>();
            for (List<Sample> half : List.of(halfA, halfB)) {
                for (Sample x : half) {
                    StringBuilder row = new StringBuilder(half == halfA ? "A" : "B");
                    row.append('\t').append(x.size()).append('\t').append(x.inScope() ? 1 : 0).append('\t')
                        .append(x.correct() ? 1 : 0);
                    for (double v : x.x()) {
                        row.append('\t').append(v);
                    }
                    row.append('\t').append(x.query()).append('\t').append(x.top());
                    rows.add(row.toString());
                }
            }
            Files.write(Path.of(dump), rows, StandardCharsets.UTF_8);
        }
        String target = System.getProperty("precision");
        if (target != null) {
            crossValidated(halfA, halfB, "A", "B", Double.parseDouble(target));
            crossValidated(halfB, halfA, "B", "A", Double.parseDouble(target));
            return;
        }
        double[] wA = fit(halfA);
        double[] wB = fit(halfB);
        System.out.printf(Locale.ROOT, "%s: reference size %d, %d + %d samples%n", lang, reference, halfA.size(),
            halfB.size());
        System.out.println("held out: fitted on one half of the queries, evaluated on the other, at answer >= 0.85");
        report(halfB, wA);
        report(halfA, wB);
        List<Sample> all = new ArrayList<>(halfA);
        all.addAll(halfB);
        FaqCalibration current = FaqCalibration.defaults(lang);
        System.out.println("all samples with the current default calibration (features scaled to the reference size):");
        double[] defaults = {current.intercept(), current.coverage(), current.gramCoverage(), current.margin(),
            current.logTopScore(), current.logQueryTerms(), current.questionCoverage(), current.keyNoun()};
        report(all, defaults, current.offTopicCap());
        for (List<Sample> half : List.of(halfA, halfB)) {
            System.out.println("half " + (half == halfA ? "A" : "B") + " with the current default calibration:");
            report(half, defaults, current.offTopicCap());
        }
        double[] w = fit(all);
        System.out.printf(Locale.ROOT, "new FaqCalibration(%.3f, %.3f, %.3f, %.3f, %.3f, %.3f, 0, %.3f, %.3f, %d)%n",
            w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], reference);
        System.out.println("all samples with that calibration:");
        report(all, w);
    }

    /**
     * Fits all features on the samples of catalogs of 10–20 FAQs of one half, chooses the answer threshold by 5-fold
     * cross-validation on that half (folds by query: the lowest threshold whose held-out folds keep the answer
     * precision at {@code target} or more and answer at most 5% of near misses), and reports the fit at that
     * threshold on the other half, per size. Prints the calibration with its intercept moved so that the threshold
     * becomes 0.85.
     */
    private static void crossValidated(List<Sample> dev, List<Sample> held, String devName, String heldName,
                                       double target) {
        List<Sample> small = dev.stream().filter(x -> x.size() == 10 || x.size() == 20).toList();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(small.stream().map(Sample::query).toList()));
        Collections.shuffle(ids, new Random(1));
        Map<String, Integer> fold = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            fold.put(ids.get(i), i % 5);
        }
        double[] p = new double[small.size()];
        for (int f = 0; f < 5; f++) {
            int k = f;
            double[] w = fit(small.stream().filter(x -> fold.get(x.query()) != k).toList());
            for (int i = 0; i < p.length; i++) {
                if (fold.get(small.get(i).query()) == k) {
                    p[i] = 1 / (1 + Math.exp(-dot(w, row(small.get(i)))));
                }
            }
        }
        double threshold = Double.NaN;
        for (int step = 999; step >= 1; step--) {
            double t = step / 1000.0;
            double[] r = rates(small, p, t);
            if (r[1] >= target && r[2] <= 0.05) {
                threshold = t;
            }
        }
        if (Double.isNaN(threshold)) {
            System.out.printf(Locale.ROOT, "tuned on %s: no threshold reaches %.1f%% precision%n", devName,
                100 * target);
            return;
        }
        double[] w = fit(small);
        double[] cv = rates(small, p, threshold);
        System.out.printf(Locale.ROOT, "tuned on %s (10-20 FAQs, 5-fold): threshold %.3f, cross-validated %.1f%% "
            + "answered at %.1f%% precision, %.1f%% of near misses answered%n", devName, threshold, 100 * cv[0],
            100 * cv[1], 100 * cv[2]);
        w[0] += Math.log(0.85 / 0.15) - Math.log(threshold / (1 - threshold));
        StringBuilder weights = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            weights.append(i == 0 ? "intercept" : FEATURES[i - 1]).append(String.format(Locale.ROOT, " %.3f ", w[i]));
        }
        System.out.println("  weights at 0.85: " + weights.toString().strip());
        System.out.println("  on " + heldName + ", at 0.85:");
        report(held.stream().filter(x -> x.size() == 10 || x.size() == 20).toList(), w);
        List<Sample> both = held.stream().filter(x -> x.size() == 10 || x.size() == 20).toList();
        double[] all = new double[both.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = 1 / (1 + Math.exp(-dot(w, row(both.get(i)))));
        }
        double[] r = rates(both, all, 0.85);
        System.out.printf(Locale.ROOT, "  10-20 FAQs on %s: %.1f%% answered at %.1f%% precision, %.1f%% of near misses "
            + "answered%n", heldName, 100 * r[0], 100 * r[1], 100 * r[2]);
    }

    /** {in-scope answered, answer precision, out-of-scope answered} at a threshold. */
    private static double[] rates(List<Sample> samples, double[] p, double threshold) {
        int in = 0;
        int out = 0;
        int answered = 0;
        int right = 0;
        int wrongOut = 0;
        for (int i = 0; i < p.length; i++) {
            Sample x = samples.get(i);
            boolean a = p[i] >= threshold;
            if (x.inScope()) {
                in++;
                answered += a ? 1 : 0;
                right += a && x.correct() ? 1 : 0;
            } else {
                out++;
                wrongOut += a ? 1 : 0;
            }
        }
        return new double[] {in == 0 ? 0 : (double) answered / in, answered == 0 ? 1 : (double) right / answered,
            out == 0 ? 0 : (double) wrongOut / out};
    }

    /** Samples catalogs of every size below the real one, plus the real catalog with all its queries. */
    private static List<Sample> samples(List<FaqEntry> faqs, List<EvalQuery> queries, Locale locale,
                                        FaqCalibration probe, Random random, int maxSize) {
        Map<String, FaqEntry> byId = new LinkedHashMap<>();
        faqs.forEach(e -> byId.put(e.id(), e));
        List<String> ids = List.copyOf(byId.keySet());
        List<Sample> out = new ArrayList<>();
        for (int size : SIZES) {
            if (size >= faqs.size() || size > maxSize) {
                continue;
            }
            int draws = size <= 100 ? 40 : size <= 500 ? 8 : 3;
            for (int d = 0; d < draws; d++) {
                out.addAll(sample(byId, ids, queries, locale, probe, random, size));
            }
        }
        if (maxSize == Integer.MAX_VALUE) {
            out.addAll(match(faqs, faqs.size(), queries, List.of(), locale, probe));
        }
        return out;
    }

    /** One sample of {@code size} FAQs drawn from {@code byId} (whose keys, in order, are {@code ids}). */
    private static List<Sample> sample(Map<String, FaqEntry> byId, List<String> ids, List<EvalQuery> queries,
                                       Locale locale, FaqCalibration probe, Random random, int size) {
        List<EvalQuery> shuffled = new ArrayList<>(queries);
        Collections.shuffle(shuffled, random);
        Set<String> chosen = new LinkedHashSet<>();
        // half of the sample: the right FAQs of some queries
        for (EvalQuery q : shuffled) {
            if (chosen.size() >= (size + 1) / 2) {
                break;
            }
            q.relevant().stream().filter(byId::containsKey).forEach(chosen::add);
        }
        while (chosen.size() < size) {
            chosen.add(ids.get(random.nextInt(ids.size())));
        }
        List<FaqEntry> catalog = chosen.stream().map(byId::get).toList();
        List<EvalQuery> inScope = new ArrayList<>();
        List<EvalQuery> outOfScope = new ArrayList<>();
        for (EvalQuery q : shuffled) {
            (q.relevant().stream().anyMatch(chosen::contains) ? inScope : outOfScope).add(q);
        }
        // as many out-of-scope queries as in-scope ones
        return match(catalog, size, inScope, outOfScope.subList(0, Math.min(outOfScope.size(), inScope.size())),
            locale, probe);
    }

    /** Matches the queries against a catalog of {@code faqs}, reporting them under catalog size {@code size}. */
    private static List<Sample> match(List<FaqEntry> faqs, int size, List<EvalQuery> inScope,
                                      List<EvalQuery> outOfScope, Locale locale, FaqCalibration probe) {
        FaqCatalog catalog = new FaqCatalog();
        catalog.putAll(TENANT, faqs.stream().map(e -> new FaqEntry(e.id(), locale, e.question(), e.phrasings(),
            e.answer(), e.links(), e.category(), e.tags(), true, 0)).toList());
        List<Sample> out = new ArrayList<>();
        FaqMatcher.Builder builder = FaqMatcher.builder(catalog).calibration(locale, probe);
        if (RERANKED) {
            builder.reranker(EMBEDDING.reranker(), EmbeddingRerankerProvider.BgeSmallZh.WEIGHT, 100);
        }
        // the lexical top, for the agreement feature, when the reranker changes the ranking
        try (FaqMatcher matcher = builder.build();
             FaqMatcher lexical = RERANKED ? FaqMatcher.builder(catalog).calibration(locale, probe).build()
                 : null) {
            for (EvalQuery q : inScope) {
                out.add(sample(matcher, lexical, faqs, q, locale, size, true));
            }
            for (EvalQuery q : outOfScope) {
                out.add(sample(matcher, lexical, faqs, q, locale, size, false));
            }
        }
        return out;
    }

    private static Sample sample(FaqMatcher matcher, FaqMatcher lexical, List<FaqEntry> faqs, EvalQuery q,
                                 Locale locale, int size, boolean inScope) {
        FaqMatch m = matcher.match(TENANT, q.text(), locale);
        String top = m.candidates().isEmpty() ? "" : m.candidates().get(0).entry().id();
        boolean correct = inScope && q.relevant().contains(top);
        double[] x = new double[FEATURES.length];
        for (int i = 0; i < LEXICAL.length; i++) {
            x[i] = m.features().getOrDefault(FEATURES[i], 0.0);
        }
        if (EMBEDDING != null) {
            String lexicalTop = top;
            if (lexical != null) {
                FaqMatch l = lexical.match(TENANT, q.text(), locale);
                lexicalTop = l.candidates().isEmpty() ? "" : l.candidates().get(0).entry().id();
            }
            double[] e = EMBEDDING.features(q.text(), faqs, top, lexicalTop);
            System.arraycopy(e, 0, x, LEXICAL.length, e.length);
        }
        return new Sample(size, inScope, correct, x, q.id(), top);
    }

    /** Logistic regression by Newton's method with a small ridge; returns {intercept, weights...}. */
    static double[] fit(List<Sample> samples) {
        int k = USED + 1;
        double[] w = new double[k];
        for (int iteration = 0; iteration < 50; iteration++) {
            double[] grad = new double[k];
            double[][] hess = new double[k][k];
            for (Sample s : samples) {
                double[] x = row(s);
                double p = 1 / (1 + Math.exp(-dot(w, x)));
                double y = s.correct() ? 1 : 0;
                for (int i = 0; i < k; i++) {
                    grad[i] += (p - y) * x[i];
                    for (int j = 0; j < k; j++) {
                        hess[i][j] += p * (1 - p) * x[i] * x[j];
                    }
                }
            }
            for (int i = 1; i < k; i++) {
                grad[i] += 1e-3 * w[i];
                hess[i][i] += 1e-3;
            }
            double[] step = solve(hess, grad);
            double size = 0;
            for (int i = 0; i < k; i++) {
                w[i] -= step[i];
                size = Math.max(size, Math.abs(step[i]));
            }
            if (size < 1e-9) {
                break;
            }
        }
        return w;
    }

    private static double[] row(Sample s) {
        double[] x = new double[USED + 1];
        x[0] = 1;
        System.arraycopy(s.x(), 0, x, 1, USED);
        return x;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Gaussian elimination with partial pivoting (also used by {@link EnglishCalibrationHalves}). */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int j = c; j <= n; j++) {
                    m[r][j] -= f * m[c][j];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double sum = m[r][n];
            for (int j = r + 1; j < n; j++) {
                sum -= m[r][j] * x[j];
            }
            x[r] = sum / m[r][r];
        }
        return x;
    }

    /**
     * Per catalog size: top-1 accuracy, in-scope answered and answer precision at answer >= 0.85, out-of-scope
     * answered, and out-of-scope suggested (0.3 <= confidence < 0.85).
     */
    private static void report(List<Sample> samples, double[] w) {
        report(samples, w, 1);
    }

    /** As {@link #report(List, double[])}, capping at {@code cap} the queries that name no key noun. */
    private static void report(List<Sample> samples, double[] w, double cap) {
        Map<Integer, int[]> bySize = new java.util.TreeMap<>();
        for (Sample s : samples) {
            int[] c = bySize.computeIfAbsent(s.size(), k -> new int[7]);
            c[5] += s.correct() ? 1 : 0;
            double confidence = 1 / (1 + Math.exp(-dot(w, row(s))));
            if (s.x()[6] == 0 && s.x()[7] == 0) {
                confidence = Math.min(confidence, cap);
            }
            boolean answered = confidence >= 0.85;
            c[6] += !s.inScope() && confidence >= 0.3 ? 1 : 0;
            if (s.inScope()) {
                c[0]++;
                c[1] += answered ? 1 : 0;
                c[2] += answered && s.correct() ? 1 : 0;
            } else {
                c[3]++;
                c[4] += answered ? 1 : 0;
            }
        }
        System.out.println("  size  in-scope  top-1 right  answered  precision   oos  oos answered  oos suggested");
        for (var e : bySize.entrySet()) {
            int[] c = e.getValue();
            System.out.printf(Locale.ROOT, "  %4d  %8d  %10.1f%%  %7.1f%%  %8.1f%%  %4d  %11.1f%%  %12.1f%%%n",
                e.getKey(), c[0], pct(c[5], c[0]), pct(c[1], c[0]), pct(c[2], c[1]), c[3], pct(c[4], c[3]),
                pct(c[6] - c[4], c[3]));
        }
    }

    private static double pct(int a, int b) {
        return b == 0 ? Double.NaN : 100.0 * a / b;
    }
}
