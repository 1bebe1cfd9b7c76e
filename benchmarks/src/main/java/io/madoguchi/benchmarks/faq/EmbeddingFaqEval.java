package io.madoguchi.benchmarks.faq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.faq.FaqReranker.Candidate;
import io.madoguchi.core.faq.ScoredFaq;
import io.madoguchi.examples.faq.embedding.EmbeddingFaqReranker;
import io.madoguchi.examples.faq.embedding.EmbeddingModel;
import io.madoguchi.examples.faq.embedding.SentenceEncoder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Quality of the embedding reranker on the English FAQ sets, independent of the production
 * matcher: MRR@10 of plain BM25 (Lucene, EnglishAnalyzer, question and examples in one field),
 * of pure embedding ranking over all FAQs, and of embedding re-scoring of the BM25 top-N (default 20) mixed
 * with the BM25 score (divided by the top score) at several weights; then, on a second line, the
 * production {@link FaqMatcher} alone and with the reranker at weights 0.7/0.9 and depths 30/200.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.faq.EmbeddingFaqEval
 * /work/shared/data/faq [minilm|bge-small] [depth]}.
 */
public final class EmbeddingFaqEval {

    private static final String[] SETS = {"en_banking77", "en_clinc150", "en_hint3_curekart", "en_stackfaq"};
    private static final double[] WEIGHTS = {0.5, 0.7, 0.8, 0.9, 1.0};
    private static final double[] MATCHER_WEIGHTS = {0.7, 0.9};
    private static final int[] MATCHER_DEPTHS = {30, 200};
    private static final TenantId TENANT = TenantId.of("eval");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T00:00:00Z"), ZoneOffset.UTC);

    private EmbeddingFaqEval() {
    }

    /**
     * Runs the evaluation and prints one line per set.
     *
     * @param args the FAQ data folder, then optionally the model short name (default minilm)
     * @throws IOException if the data cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/data/faq");
        EmbeddingModel model = EmbeddingModel.byShortName(args.length > 1 ? args[1] : "minilm");
        int depth = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.printf("model %s; MRR@10; mix = w*cosine + (1-w)*bm25/maxBm25 over BM25 top-%d%n", model.shortName(),
            depth);
        StringBuilder header =
            new StringBuilder(String.format("%-20s %7s %7s %7s", "set", "bm25", "emb-all", "emb-top"));
        for (double w : WEIGHTS) {
            if (w < 1) {
                header.append(String.format(" %7s", "w=" + w));
            }
        }
        out.println(header);
        out.printf("%-20s %7s %7s %7s %7s %7s%n", "  (second line)", "lexical", "w.7d30", "w.9d30", "w.7d200",
            "w.9d200");
        try (SentenceEncoder encoder = SentenceEncoder.load(model, Runtime.getRuntime().availableProcessors())) {
            for (String set : SETS) {
                Path dir = root.resolve(set);
                if (Files.isDirectory(dir)) {
                    out.println(evaluate(set, dir, encoder, depth));
                }
            }
        }
    }

    private static String evaluate(String set, Path dir, SentenceEncoder encoder, int depth) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Candidate> faqs = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("faqs.jsonl"))) {
            JsonNode n = json.readTree(line);
            List<String> phrasings = new ArrayList<>();
            n.path("examples").forEach(e -> phrasings.add(e.asText()));
            faqs.add(new Candidate(n.get("id").asText(), 1, n.get("question").asText(), phrasings,
                n.path("answer").asText(""), 0));
        }
        List<SyntheticFaqs.EvalQuery> queries = SyntheticFaqs.evalQueries(dir.resolve("queries.jsonl"));
        EmbeddingFaqReranker reranker = EmbeddingFaqReranker.builder(encoder).build();
        reranker.prepare(Locale.ENGLISH, faqs);

        double bm25 = 0;
        double embAll = 0;
        double[] mixed = new double[WEIGHTS.length];
        try (Analyzer analyzer = new EnglishAnalyzer(); ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer)
                .setSimilarity(new BM25Similarity()))) {
                for (int i = 0; i < faqs.size(); i++) {
                    Candidate f = faqs.get(i);
                    Document doc = new Document();
                    doc.add(new StoredField("ord", i));
                    String text = f.question() + "\n" + String.join("\n", f.phrasings());
                    doc.add(new TextField("text", text, Field.Store.NO));
                    writer.addDocument(doc);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setSimilarity(new BM25Similarity());
                for (SyntheticFaqs.EvalQuery q : queries) {
                    float[] qv = encoder.embed(q.text());
                    double[] all = new double[faqs.size()];
                    for (int i = 0; i < all.length; i++) {
                        all[i] = reranker.similarity(qv, faqs.get(i));
                    }
                    embAll += reciprocalRank(faqs, all, q.relevant());

                    ScoreDoc[] hits = searcher.search(query(analyzer, q.text()), depth).scoreDocs;
                    List<Candidate> top = new ArrayList<>();
                    double[] lexical = new double[hits.length];
                    double[] cosine = new double[hits.length];
                    for (int h = 0; h < hits.length; h++) {
                        int ord = searcher.storedFields().document(hits[h].doc).getField("ord").numericValue()
                            .intValue();
                        top.add(faqs.get(ord));
                        lexical[h] = hits[h].score / hits[0].score;
                        cosine[h] = all[ord];
                    }
                    bm25 += reciprocalRank(top, lexical, q.relevant());
                    for (int w = 0; w < WEIGHTS.length; w++) {
                        double[] mix = new double[hits.length];
                        for (int h = 0; h < hits.length; h++) {
                            mix[h] = WEIGHTS[w] * cosine[h] + (1 - WEIGHTS[w]) * lexical[h];
                        }
                        mixed[w] += reciprocalRank(top, mix, q.relevant());
                    }
                }
            }
        }
        int n = queries.size();
        StringBuilder matcherLine = new StringBuilder(
            String.format("%-20s %7.3f", "  FaqMatcher", matcherMrr(faqs, queries, null, 0, 0)));
        for (int depth2 : MATCHER_DEPTHS) {
            for (double w : MATCHER_WEIGHTS) {
                matcherLine.append(String.format(" %7.3f", matcherMrr(faqs, queries, reranker, w, depth2)));
            }
        }
        StringBuilder line = new StringBuilder(String.format("%-20s %7.3f %7.3f %7.3f", set, bm25 / n, embAll / n,
            mixed[WEIGHTS.length - 1] / n));
        for (int w = 0; w < WEIGHTS.length - 1; w++) {
            line.append(String.format(" %7.3f", mixed[w] / n));
        }
        return line + System.lineSeparator() + matcherLine;
    }

    /** MRR@10 through the production matcher (lexical only when {@code reranker} is null). */
    private static double matcherMrr(List<Candidate> faqs, List<SyntheticFaqs.EvalQuery> queries,
                                     EmbeddingFaqReranker reranker, double weight, int depth) {
        FaqCatalog catalog = new FaqCatalog();
        List<FaqEntry> entries = new ArrayList<>();
        for (Candidate f : faqs) {
            entries.add(FaqEntry.builder(f.id()).locale(Locale.ENGLISH).question(f.question())
                .phrasings(f.phrasings().stream().filter(p -> !p.equals(f.question())).toList())
                .answer(f.answer()).build());
        }
        catalog.putAll(TENANT, entries);
        FaqMatcher.Builder builder = FaqMatcher.builder(catalog).clock(CLOCK);
        if (reranker != null) {
            builder.reranker(reranker, weight, depth);
        }
        double sum = 0;
        try (FaqMatcher matcher = builder.build()) {
            for (SyntheticFaqs.EvalQuery q : queries) {
                List<ScoredFaq> ranked = matcher.match(TENANT, q.text(), Locale.ENGLISH).candidates();
                for (int r = 0; r < Math.min(10, ranked.size()); r++) {
                    if (q.relevant().contains(ranked.get(r).entry().id())) {
                        sum += 1.0 / (r + 1);
                        break;
                    }
                }
            }
        }
        return sum / queries.size();
    }

    private static org.apache.lucene.search.Query query(Analyzer analyzer, String text) throws IOException {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        try (TokenStream ts = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                b.add(new TermQuery(new Term("text", term.toString())), BooleanClause.Occur.SHOULD);
            }
            ts.end();
        }
        return b.build();
    }

    /** 1/rank of the best-ranked relevant FAQ if within the top 10 (ties keep candidate order). */
    private static double reciprocalRank(List<Candidate> candidates, double[] scores, Set<String> relevant) {
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < candidates.size(); i++) {
            if (!relevant.contains(candidates.get(i).id())) {
                continue;
            }
            int rank = 1;
            for (int j = 0; j < candidates.size(); j++) {
                if (scores[j] > scores[i] || (scores[j] == scores[i] && j < i)) {
                    rank++;
                }
            }
            best = Math.min(best, rank);
        }
        return best <= 10 ? 1.0 / best : 0;
    }
}
