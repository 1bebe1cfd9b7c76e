package io.madoguchi.examples.faq;

import io.madoguchi.core.faq.FaqEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
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
 * Plain Lucene BM25 (k1 = 1.2, b = 0.75) with the language's default analyzer ({@link EnglishAnalyzer}
 * or {@link JapaneseAnalyzer}) and the query's analysed terms OR-ed, in one of two
 * {@linkplain Variant variants}: the evaluation data's documented reference configuration, or a
 * stronger one that puts all of an FAQ's text in one field. Not thread-safe for {@link #close()}
 * racing {@link #rank}; ranking itself is thread-safe.
 */
public final class Bm25Baseline implements AutoCloseable {

    /** What is indexed, and how an FAQ's score is formed. */
    public enum Variant {
        /**
         * The reference of the evaluation data's README: one document per FAQ indexing its question
         * only; an FAQ with examples (question plus phrasings) instead indexes each example as its own
         * document and scores as its best example ("K=5").
         */
        REFERENCE("Lucene BM25(k1=1.2,b=0.75), EnglishAnalyzer/JapaneseAnalyzer defaults, query terms OR-ed; "
            + "one doc per FAQ indexing the question only; an FAQ with examples indexes each example "
            + "(question + phrasings) as its own doc and scores as its best example (K=5): "
            + "the data README's reference"),
        /** One document per FAQ, one field holding question, phrasings and answer concatenated. */
        ALL_TEXT("Lucene BM25(k1=1.2,b=0.75), EnglishAnalyzer/JapaneseAnalyzer defaults, query terms OR-ed; "
            + "one doc per FAQ, one field = question + examples + answer");

        private final String definition;

        Variant(String definition) {
            this.definition = definition;
        }

        /** @return a one-line description, printed with the results */
        public String definition() {
            return definition;
        }
    }

    private static final String TEXT = "text";
    private static final String ID = "id";

    private final Analyzer analyzer;
    private final boolean oneDocumentPerFaq;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    /**
     * Indexes the FAQs.
     *
     * @param faqs     the FAQs
     * @param japanese whether to use the Japanese analyzer
     * @param variant  what to index
     * @throws NullPointerException if an argument is null
     */
    public Bm25Baseline(List<FaqEntry> faqs, boolean japanese, Variant variant) {
        Objects.requireNonNull(variant, "variant");
        this.analyzer = japanese ? new JapaneseAnalyzer() : new EnglishAnalyzer();
        this.oneDocumentPerFaq = variant == Variant.ALL_TEXT;
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(analyzer)
                .setSimilarity(new BM25Similarity()))) {
            for (FaqEntry e : faqs) {
                for (String text : documents(e, variant)) {
                    Document d = new Document();
                    d.add(new StoredField(ID, e.id()));
                    d.add(new TextField(TEXT, text, Field.Store.NO));
                    w.addDocument(d);
                }
            }
            // one segment, as a host's index after its import (and as the FAQ matcher's)
            w.forceMerge(1);
            w.commit();
            this.reader = DirectoryReader.open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.searcher = new IndexSearcher(reader);
        searcher.setSimilarity(new BM25Similarity());
    }

    private static List<String> documents(FaqEntry e, Variant variant) {
        if (variant == Variant.ALL_TEXT) {
            StringBuilder text = new StringBuilder(e.question());
            e.phrasings().forEach(p -> text.append('\n').append(p));
            text.append('\n').append(e.answer());
            return List.of(text.toString());
        }
        List<String> docs = new ArrayList<>();
        docs.add(e.question());
        docs.addAll(e.phrasings());
        return docs;
    }

    /**
     * Ranks FAQs for a query; an FAQ indexed as several documents scores as its best one.
     *
     * @param query the query
     * @param k     number of FAQs
     * @return FAQ ids, best first
     */
    public List<String> rank(String query, int k) {
        try {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            try (var ts = analyzer.tokenStream(TEXT, query)) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                ts.reset();
                while (ts.incrementToken()) {
                    b.add(new TermQuery(new Term(TEXT, term.toString())), BooleanClause.Occur.SHOULD);
                }
                ts.end();
            }
            // hits come best first, so the first document seen of an FAQ is its best one; with one document
            // per FAQ the top k documents are the top k FAQs
            Map<String, Boolean> ranked = new LinkedHashMap<>();
            var stored = searcher.storedFields();
            int depth = Math.max(1, oneDocumentPerFaq ? k : reader.maxDoc());
            for (ScoreDoc sd : searcher.search(b.build(), depth).scoreDocs) {
                ranked.putIfAbsent(stored.document(sd.doc, Set.of(ID)).get(ID), Boolean.TRUE);
                if (ranked.size() == k) {
                    break;
                }
            }
            return List.copyOf(ranked.keySet());
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
