package io.madoguchi.benchmarks.faq;

import io.madoguchi.benchmarks.faq.SyntheticFaqs.EvalQuery;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqFiles;
import io.madoguchi.core.faq.FaqMatch;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.faq.FaqReranker;
import io.madoguchi.examples.faq.embedding.EmbeddingFaqReranker;
import io.madoguchi.examples.faq.embedding.EmbeddingModel;
import io.madoguchi.examples.faq.embedding.EmbeddingRerankerProvider;
import io.madoguchi.examples.faq.embedding.SentenceEncoder;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes, for the English sets with out-of-scope queries, every query's confidence features under the default
 * English setup of {@code faq-eval} (the MiniLM reranker over the top 100, its calibration) together with features
 * that put the top FAQ's similarity in relation to its catalog, as TSV for fitting a calibration on one half of the
 * queries and reporting it on the other (issue 14's English goal: clinc150 and curekart with one calibration).
 *
 * <p>Catalog-relative features: {@code zQuery}, the top FAQ's similarity minus the mean of the query's similarities
 * to all FAQs of the catalog, over their standard deviation; {@code simMargin}, the top FAQ's similarity minus the
 * best other FAQ's; {@code zCatalog}, the top FAQ's similarity against the catalog's nearest-neighbour similarities
 * (each FAQ's question to its most similar other FAQ: their mean and standard deviation), which tells how close
 * two different FAQs of this catalog typically are.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.faq.CatalogRelativeFeatures
 * ../shared/data/faq OUT.tsv}; columns: set, query id, half (0/1, by the parity of the id's hash, as
 * {@link FaqCalibrationFit} splits), in or oos, top FAQ right (0/1), confidence, the matcher's features, then
 * {@code zQuery}, {@code simMargin}, {@code zCatalog}, then seven phrasing-level features (each question and example
 * embedded on its own): {@code bestMargin}, the catalog's best similarity minus its second best (whichever FAQ is on
 * top); {@code topPhrasing}, the query's cosine with the top FAQ's closest phrasing; {@code phrasingMargin}, that
 * minus the closest phrasing of any other FAQ; {@code zPhrasing}, {@code topPhrasing} against the catalog's
 * phrasing nearest-neighbour cosines (each phrasing to the closest phrasing of another FAQ); {@code vote3},
 * {@code vote5}, {@code vote10}, the share of the query's 3, 5 and 10 closest phrasings that belong to the top FAQ.
 * {@link EnglishCalibrationHalves} fits and reports calibrations on the halves.
 */
public final class CatalogRelativeFeatures {

    private static final List<String> SETS = List.of("en_clinc150", "en_hint3_curekart");
    private static final TenantId TENANT = TenantId.of("relative");

    private CatalogRelativeFeatures() {
    }

    /**
     * Writes the TSV.
     *
     * @param args the data directory and the output file
     * @throws IOException if the data cannot be read or the output written
     */
    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : SyntheticFaqs.DEFAULT_DATA);
        Path out = Path.of(args.length > 1 ? args[1] : "catalog-relative.tsv");
        EmbeddingRerankerProvider.MiniLm provider = new EmbeddingRerankerProvider.MiniLm();
        SentenceEncoder encoder = SentenceEncoder.load(EmbeddingModel.ALL_MINILM_L6_V2_Q);
        // the provider's reranker: the same model and builder settings
        EmbeddingFaqReranker reranker = EmbeddingFaqReranker.builder(encoder).build();
        List<String> rows = new ArrayList<>();
        for (String set : SETS) {
            List<FaqEntry> faqs;
            try (Reader r = Files.newBufferedReader(data.resolve(set).resolve("faqs.jsonl"), StandardCharsets.UTF_8)) {
                faqs = FaqFiles.readJsonl(r, Locale.ENGLISH).stream().map(e -> new FaqEntry(e.id(), Locale.ENGLISH,
                    e.question(), e.phrasings(), e.answer(), e.links(), e.category(), e.tags(), true, 0)).toList();
            }
            List<FaqReranker.Candidate> candidates = faqs.stream().map(e -> new FaqReranker.Candidate(e.id(), 0,
                e.question(), e.phrasings(), e.answer(), 0)).toList();
            double[] neighbours = new double[faqs.size()];
            for (int i = 0; i < faqs.size(); i++) {
                float[] v = encoder.embed(faqs.get(i).question());
                double best = -1;
                for (int j = 0; j < faqs.size(); j++) {
                    if (j != i) {
                        best = Math.max(best, reranker.similarity(v, candidates.get(j)));
                    }
                }
                neighbours[i] = best;
            }
            double[] catalogStats = meanSd(neighbours);
            // phrasing level: every question and example embedded on its own, owner FAQ index per phrasing
            List<float[]> phrasingVectors = new ArrayList<>();
            List<Integer> owners = new ArrayList<>();
            for (int i = 0; i < faqs.size(); i++) {
                for (String text : phrasingTexts(faqs.get(i))) {
                    phrasingVectors.add(encoder.embed(text));
                    owners.add(i);
                }
            }
            double[] phrasingNeighbours = new double[phrasingVectors.size()];
            for (int a = 0; a < phrasingVectors.size(); a++) {
                double best = -1;
                for (int b = 0; b < phrasingVectors.size(); b++) {
                    if (!owners.get(a).equals(owners.get(b))) {
                        best = Math.max(best, SentenceEncoder.cosine(phrasingVectors.get(a), phrasingVectors.get(b)));
                    }
                }
                phrasingNeighbours[a] = best;
            }
            double[] phrasingStats = meanSd(phrasingNeighbours);
            FaqCatalog catalog = new FaqCatalog();
            catalog.putAll(TENANT, faqs);
            FaqMatcher.Builder builder = FaqMatcher.builder(catalog)
                .reranker(reranker, provider.weight(), provider.depth());
            provider.calibration(Locale.ENGLISH).ifPresent(c -> builder.calibration(Locale.ENGLISH, c));
            try (FaqMatcher matcher = builder.build()) {
                for (String file : List.of("queries.jsonl", "queries_oos.jsonl")) {
                    boolean in = file.equals("queries.jsonl");
                    for (EvalQuery q : SyntheticFaqs.evalQueries(data.resolve(set).resolve(file))) {
                        FaqMatch m = matcher.match(TENANT, q.text(), Locale.ENGLISH);
                        String top = m.candidates().isEmpty() ? "" : m.candidates().get(0).entry().id();
                        float[] v = encoder.embed(q.text());
                        double[] sims = new double[faqs.size()];
                        double topSim = 0;
                        double other = -1;
                        for (int i = 0; i < sims.length; i++) {
                            sims[i] = reranker.similarity(v, candidates.get(i));
                            if (faqs.get(i).id().equals(top)) {
                                topSim = sims[i];
                            } else {
                                other = Math.max(other, sims[i]);
                            }
                        }
                        double[] queryStats = meanSd(sims);
                        double[] sorted = sims.clone();
                        java.util.Arrays.sort(sorted);
                        double[] bestPhrasing = new double[faqs.size()];
                        java.util.Arrays.fill(bestPhrasing, -1);
                        double[] pc = new double[phrasingVectors.size()];
                        for (int a = 0; a < pc.length; a++) {
                            pc[a] = SentenceEncoder.cosine(v, phrasingVectors.get(a));
                            bestPhrasing[owners.get(a)] = Math.max(bestPhrasing[owners.get(a)], pc[a]);
                        }
                        int topIndex = -1;
                        for (int i = 0; i < faqs.size(); i++) {
                            if (faqs.get(i).id().equals(top)) {
                                topIndex = i;
                            }
                        }
                        double topPhrasing = topIndex < 0 ? 0 : bestPhrasing[topIndex];
                        double otherPhrasing = -1;
                        for (int i = 0; i < faqs.size(); i++) {
                            if (i != topIndex) {
                                otherPhrasing = Math.max(otherPhrasing, bestPhrasing[i]);
                            }
                        }
                        Integer[] byCos = new Integer[pc.length];
                        for (int a = 0; a < pc.length; a++) {
                            byCos[a] = a;
                        }
                        java.util.Arrays.sort(byCos, (x, y) -> Double.compare(pc[y], pc[x]));
                        int vote3 = 0;
                        int vote5 = 0;
                        int vote10 = 0;
                        for (int r = 0; r < Math.min(10, byCos.length); r++) {
                            boolean mine = owners.get(byCos[r]) == topIndex;
                            vote3 += r < 3 && mine ? 1 : 0;
                            vote5 += r < 5 && mine ? 1 : 0;
                            vote10 += mine ? 1 : 0;
                        }
                        StringBuilder row = new StringBuilder(set).append('\t').append(q.id()).append('\t')
                            .append(Math.floorMod(q.id().hashCode(), 2)).append('\t').append(in ? "in" : "oos")
                            .append('\t').append(in && q.relevant().contains(top) ? 1 : 0).append('\t')
                            .append(m.confidence());
                        m.features().values().forEach(x -> row.append('\t').append(x));
                        row.append('\t').append((topSim - queryStats[0]) / queryStats[1]).append('\t')
                            .append(topSim - other).append('\t')
                            .append((topSim - catalogStats[0]) / catalogStats[1]);
                        // 17 onwards: best-minus-second similarity over the catalog (whatever the top), the top's
                        // closest phrasing, its margin to any other FAQ's closest phrasing, that against the
                        // catalog's phrasing nearest-neighbour similarities, nearest-phrasing votes of 3, 5, 10
                        row.append('\t').append(sorted[sorted.length - 1] - sorted[Math.max(0, sorted.length - 2)])
                            .append('\t').append(topPhrasing).append('\t').append(topPhrasing - otherPhrasing)
                            .append('\t').append((topPhrasing - phrasingStats[0]) / phrasingStats[1])
                            .append('\t').append(vote3 / 3.0).append('\t').append(vote5 / 5.0)
                            .append('\t').append(vote10 / 10.0);
                        rows.add(row.toString());
                    }
                }
            }
        }
        Files.write(out, rows, StandardCharsets.UTF_8);
        System.out.println(rows.size() + " queries written to " + out);
    }

    /** The question and the examples, each once. */
    private static List<String> phrasingTexts(FaqEntry e) {
        java.util.Set<String> texts = new java.util.LinkedHashSet<>();
        if (!e.question().isBlank()) {
            texts.add(e.question().strip());
        }
        e.phrasings().stream().filter(p -> !p.isBlank()).forEach(p -> texts.add(p.strip()));
        return List.copyOf(texts);
    }

    /** {mean, standard deviation (at least 1e-9)}. */
    private static double[] meanSd(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean) / x.length;
        }
        return new double[] {mean, Math.max(1e-9, Math.sqrt(var))};
    }
}
