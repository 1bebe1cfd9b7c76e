package io.madoguchi.examples.faq;

import io.madoguchi.core.faq.FaqEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The baseline: plain Lucene BM25 (k1 = 1.2, b = 0.75) with the language's default analyzer
 * ({@link EnglishAnalyzer} or {@link JapaneseAnalyzer}), one document per FAQ whose single field holds
 * question, examples and answer concatenated; the query's analysed terms are OR-ed.
 */
public final class Bm25Baseline implements AutoCloseable {

    /** Definition printed with the results. */
    public static final String DEFINITION = "Lucene BM25(k1=1.2,b=0.75), EnglishAnalyzer/JapaneseAnalyzer defaults, "
        + "one doc per FAQ, one field = question + examples + answer, query terms OR-ed";

    private final Analyzer analyzer;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    /**
     * Indexes the FAQs.
     *
     * @param faqs     the FAQs
     * @param japanese whether to use the Japanese analyzer
     */
    public Bm25Baseline(List<FaqEntry> faqs, boolean japanese) {
        this.analyzer = japanese ? new JapaneseAnalyzer() : new EnglishAnalyzer();
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity()))) {
            for (FaqEntry e : faqs) {
                Document d = new Document();
                d.add(new StoredField("id", e.id()));
                StringBuilder text = new StringBuilder(e.question());
                e.phrasings().forEach(p -> text.append('\n').append(p));
                text.append('\n').append(e.answer());
                d.add(new TextField("text", text.toString(), Field.Store.NO));
                w.addDocument(d);
            }
            w.commit();
            this.reader = DirectoryReader.open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.searcher = new IndexSearcher(reader);
        searcher.setSimilarity(new BM25Similarity());
    }

    /**
     * Ranks FAQs for a query.
     *
     * @param query the query
     * @param k     number of results
     * @return FAQ ids, best first
     */
    public List<String> rank(String query, int k) {
        try {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            try (var ts = analyzer.tokenStream("text", query)) {
                var term = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
                ts.reset();
                while (ts.incrementToken()) {
                    b.add(new TermQuery(new org.apache.lucene.index.Term("text", term.toString())), BooleanClause.Occur.SHOULD);
                }
                ts.end();
            }
            List<String> out = new ArrayList<>();
            var stored = searcher.storedFields();
            for (ScoreDoc sd : searcher.search(b.build(), k).scoreDocs) {
                out.add(stored.document(sd.doc, Set.of("id")).get("id"));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
