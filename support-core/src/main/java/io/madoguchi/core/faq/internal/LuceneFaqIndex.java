package io.madoguchi.core.faq.internal;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.faq.FaqEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexReaderContext;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.HitQueue;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.PerFieldSimilarityWrapper;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.SingleInstanceLockFactory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.apache.lucene.util.SmallFloat;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory Lucene index of one tenant's FAQs in one language, updated incrementally.
 *
 * <p>Fields: {@code q} question words, {@code ex} all phrasings' words (one multi-valued field),
 * {@code a} answer words, {@code r} Japanese reading forms, {@code g} character n-grams of question and
 * phrasings (surface and reading). The FAQ id is kept only as an untokenized key for updates; it is
 * never searched. Thread-safe: writes are serialized, searches run concurrently on a refreshed
 * point-in-time reader.
 */
public final class LuceneFaqIndex implements AutoCloseable {

    static final String KEY = "_key";
    static final String Q = "q";
    static final String EX = "ex";
    static final String A = "a";
    static final String R = "r";
    static final String G = "g";
    private static final List<String> WORD_FIELDS = List.of(Q, EX, A);
    private static final int MAX_GRAMS = 16;
    private static final int LARGE_INDEX = 2_000;
    private static final int PARALLEL_BATCH = 256;
    private static final int CHUNK = 32;
    private static final int LEAD_PER_THREAD = 4;
    private static final int MAX_TERMS = 64;
    private static final int MAX_SMALL_INDEX_GRAMS = 512;
    private static final int MAX_LARGE_INDEX_WORDS = 10;
    private static final byte[] NO_NORMS = new byte[0];

    private static final FieldType TEXT = new FieldType();

    static {
        TEXT.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        TEXT.setTokenized(true);
        TEXT.freeze();
    }

    /** Field weights and BM25 parameters. */
    public record Params(double k1, double b, double question, double phrasings, double answer, double reading,
                         double grams, double gramK1, double fuzzy) {

        /**
         * Defaults per language, fitted once on all development sets of the language.
         *
         * @param language ja or en
         * @return the defaults
         */
        public static Params defaults(String language) {
            return language.equals("ja")
                ? new Params(1.2, 0.75, 0.5, 1.0, 2.0, 0.15, 0.1, 1.2, 0)
                : new Params(1.2, 0.5, 0.3, 1.0, 0.4, 0, 0.2, 1.2, 0);
        }
    }

    /** A hit: the FAQ, its Lucene doc and its lexical score. */
    public record Hit(FaqEntry entry, int doc, double score) {
    }

    /**
     * An analysed query: weighted terms per field and the original (unexpanded) terms.
     *
     * @param fields weighted terms per field, expansions included
     * @param words  the query's words (without expansions)
     * @param grams  the query's n-grams (without expansions)
     * @param asked  the query's analysis, as {@link FaqAnalysis#analyzeQueryOnce} returns it, for the confidence
     *               features and the gap report (analysed once per query)
     */
    public record ParsedQuery(Map<String, Map<String, Float>> fields, List<String> words, List<String> grams,
                              FaqAnalysis.QueryTerms asked) {
    }

    /**
     * An FAQ's question and phrasings as analysed when it was indexed, for the confidence work of the queries it
     * answers: one Kuromoji pass per text at index time instead of one per query.
     *
     * @param entry     the FAQ they were analysed from
     * @param terms     the terms of its question and then of each phrasing, in order, as
     *                  {@link FaqAnalysis#analyze FaqAnalysis.analyze(text, false)} returns them
     * @param spellings the spellings of its question and then of each phrasing ({@link FaqAnalysis#spellings}) that
     *                  can respell kana, as {@link KanaRespelling#candidates} orders them
     */
    public record FaqTexts(FaqEntry entry, List<FaqAnalysis.Terms> terms, List<FaqAnalysis.Spelling> spellings) {
    }

    /**
     * The two nouns of an FAQ's question and phrasings that set it apart in the catalog as it is (the rarest, by
     * {@link View#wordIdf}), for the confidence of the queries it answers.
     *
     * @param entry    the FAQ they were worked out from
     * @param distinct its two nouns of highest idf (fewer if it has fewer), highest first, ties in word order
     * @param readings the reading of each distinct noun (empty when none)
     * @param weights  the idf of each distinct noun
     */
    public record FaqNouns(FaqEntry entry, List<String> distinct, List<String> readings, List<Double> weights) {
    }

    /** An FAQ's document and its texts' analysis, made together from one analysis of each text. */
    private record Prepared(Document doc, FaqTexts texts) {
    }

    private final FaqAnalysis analysis;
    private final Params params;
    /**
     * Each file read as one buffer: the default (a list of small buffers) copied that list whenever a query
     * opened a term dictionary or postings list, once per query term, which was a third of a query's time on
     * 1,786 Japanese FAQs.
     */
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory(new SingleInstanceLockFactory(),
        ByteBuffersDataOutput::new, ByteBuffersDirectory.OUTPUT_AS_ONE_BUFFER);
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Map<String, FaqEntry> entries = new ConcurrentHashMap<>();
    /** The analysed texts of the indexed FAQs: one per entry, replaced and removed with it. */
    private final Map<String, FaqTexts> texts = new ConcurrentHashMap<>();
    /** BM25 of the word fields and of the n-gram field. */
    private final LeanBm25 wordBm25;
    private final LeanBm25 gramBm25;

    /**
     * Creates an empty index.
     *
     * @param analysis the language's analysis
     * @param params   field weights
     */
    public LuceneFaqIndex(FaqAnalysis analysis, Params params) {
        this.analysis = analysis;
        this.params = params;
        this.wordBm25 = new LeanBm25((float) params.k1(), (float) params.b());
        this.gramBm25 = new LeanBm25((float) params.gramK1(), 0.75f);
        Similarity sim = new PerFieldSimilarityWrapper() {
            @Override
            public Similarity get(String name) {
                return bm25(name);
            }
        };
        IndexWriterConfig config = new IndexWriterConfig(new KeywordAnalyzer());
        config.setSimilarity(sim);
        config.setRAMBufferSizeMB(32);
        try {
            this.writer = new IndexWriter(directory, config);
            this.searchers = new SearcherManager(writer, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                    IndexSearcher s = new IndexSearcher(reader);
                    s.setSimilarity(sim);
                    return s;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LeanBm25 bm25(String field) {
        return field.equals(G) ? gramBm25 : wordBm25;
    }

    /**
     * Lucene's BM25 with the same idf, but without the explanation tree Lucene builds for every query term's
     * idf (formula text, boxed statistics): profiled on 1,786 Japanese FAQs that was 8% of a query, and only
     * {@code explain} reads it.
     */
    static final class LeanBm25 extends BM25Similarity {

        LeanBm25(float k1, float b) {
            super(k1, b);
        }

        @Override
        public Explanation idfExplain(CollectionStatistics collectionStats, TermStatistics termStats) {
            return Explanation.match(idf(termStats.docFreq(), collectionStats.docCount()), "idf");
        }

        /**
         * The table of inverse length normalizations a field's scorers share, as {@link #scorer} computes it for
         * each term anew (256 divisions and a kilobyte per query term, a third of a query's allocation on 1,786
         * Japanese FAQs).
         */
        float[] normInverses(CollectionStatistics field) {
            float avgdl = avgFieldLength(field);
            float k1 = getK1();
            float b = getB();
            float[] out = new float[256];
            for (int i = 0; i < out.length; i++) {
                out[i] = 1f / (k1 * ((1 - b) + b * LENGTH_TABLE[i] / avgdl));
            }
            return out;
        }

        /** The weight of a term's scorer: its boost times its idf. */
        float weight(float boost, CollectionStatistics field, long docFreq) {
            return boost * idf(docFreq, field.docCount());
        }

        /** What the scorer of {@link #scorer} returns, from the term's weight and the field's table. */
        static float score(float weight, float[] normInverses, float freq, long encodedNorm) {
            return weight - weight / (1f + freq * normInverses[((byte) encodedNorm) & 0xFF]);
        }

        /** Document lengths by encoded norm, as BM25Similarity decodes them. */
        private static final float[] LENGTH_TABLE = new float[256];

        static {
            for (int i = 0; i < LENGTH_TABLE.length; i++) {
                LENGTH_TABLE[i] = SmallFloat.byte4ToInt((byte) i);
            }
        }
    }

    /** @return the analysis of this index's language */
    public FaqAnalysis analysis() {
        return analysis;
    }

    /** @return number of indexed FAQs */
    public int size() {
        return entries.size();
    }

    /**
     * Adds or replaces FAQs and makes them searchable.
     *
     * @param faqs the FAQs (published ones only should be passed)
     */
    public synchronized void upsert(Collection<FaqEntry> faqs) {
        Map<String, FaqEntry> latest = new LinkedHashMap<>();
        faqs.forEach(e -> latest.put(e.id(), e));
        List<FaqEntry> batch = new ArrayList<>(latest.values());
        try {
            if (batch.size() >= PARALLEL_BATCH) {
                writeAnalysingInParallel(batch);
                // a bulk import onto an existing index leaves several segments; one segment halves every
                // term lookup of a query (on a fresh index this is only the flush)
                writer.forceMerge(1);
            } else {
                for (FaqEntry e : batch) {
                    write(e, prepare(e));
                }
            }
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a large batch: analysis (mostly Kuromoji, about 70% of the work) runs on the calling thread
     * and the common pool's workers, chunk by chunk, while only the calling thread adds documents, in
     * input order. One writing thread leaves one segment, so no merge is needed afterwards, and the order
     * (which breaks ties between equal scores) does not depend on thread timing. Workers may run at most
     * {@value #LEAD_PER_THREAD} chunks per thread ahead of the writer, bounding the memory held by
     * analysed documents.
     */
    private void writeAnalysingInParallel(List<FaqEntry> batch) {
        int chunks = (batch.size() + CHUNK - 1) / CHUNK;
        List<CompletableFuture<List<Prepared>>> slots = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            slots.add(new CompletableFuture<>());
        }
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(ForkJoinPool.getCommonPoolParallelism(), chunks - 1);
        Semaphore lead = new Semaphore(LEAD_PER_THREAD * (workers + 1));
        IntConsumer analyse = c -> {
            CompletableFuture<List<Prepared>> slot = slots.get(c);
            try {
                List<Prepared> docs = new ArrayList<>(CHUNK);
                for (FaqEntry e : chunk(batch, c)) {
                    docs.add(prepare(e));
                }
                slot.complete(docs);
            } catch (RuntimeException | Error x) {
                slot.completeExceptionally(x);
            }
        };
        for (int w = 0; w < workers; w++) {
            ForkJoinPool.commonPool().execute(() -> {
                while (true) {
                    lead.acquireUninterruptibly();
                    int c = next.getAndIncrement();
                    if (c >= chunks) {
                        lead.release();
                        return;
                    }
                    analyse.accept(c);
                }
            });
        }
        try {
            for (int c = 0; c < chunks; c++) {
                CompletableFuture<List<Prepared>> slot = slots.get(c);
                // help while waiting: claimed chunks are analysed in claim order, so chunk c is never
                // left waiting behind a chunk claimed after it
                while (!slot.isDone() && next.get() < chunks && lead.tryAcquire()) {
                    int mine = next.getAndIncrement();
                    if (mine >= chunks) {
                        lead.release();
                        break;
                    }
                    analyse.accept(mine);
                }
                List<Prepared> docs = slot.join();
                slots.set(c, null);
                List<FaqEntry> part = chunk(batch, c);
                for (int i = 0; i < docs.size(); i++) {
                    write(part.get(i), docs.get(i));
                }
                lead.release();
            }
        } catch (CompletionException x) {
            stop(next, lead, chunks);
            if (x.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (x.getCause() instanceof Error err) {
                throw err;
            }
            throw x;
        } catch (RuntimeException | Error x) {
            stop(next, lead, chunks);
            throw x;
        }
    }

    private static List<FaqEntry> chunk(List<FaqEntry> batch, int c) {
        return batch.subList(c * CHUNK, Math.min(batch.size(), (c + 1) * CHUNK));
    }

    /** Lets the workers of an aborted batch finish: no chunk is left to claim and no one waits for a permit. */
    private static void stop(AtomicInteger next, Semaphore lead, int chunks) {
        next.set(chunks);
        lead.release(chunks + LEAD_PER_THREAD);
    }

    private void write(FaqEntry e, Prepared p) {
        try {
            if (entries.containsKey(e.id())) {
                writer.updateDocument(new Term(KEY, e.id()), p.doc());
            } else {
                // a new id has no older document to delete (delete() drops ids from both)
                writer.addDocument(p.doc());
            }
            entries.put(e.id(), e);
            texts.put(e.id(), p.texts());
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /**
     * Removes FAQs.
     *
     * @param ids the FAQ ids
     */
    public synchronized void delete(Collection<String> ids) {
        try {
            for (String id : ids) {
                writer.deleteDocuments(new Term(KEY, id));
                entries.remove(id);
                texts.remove(id);
            }
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Analyses every text of the FAQ once and feeds all fields from those terms; the question's and phrasings'
     * terms and spellings are kept for the confidence work of queries. The answer's words and the n-grams, which
     * only the document reads, are kept as chars, not strings.
     */
    private Prepared prepare(FaqEntry e) {
        Document doc = new Document();
        doc.add(new StringField(KEY, e.id(), Field.Store.NO));
        doc.add(new BinaryDocValuesField(KEY, new BytesRef(e.id())));
        DocTerms.Grams grams = new DocTerms.Grams();
        FaqAnalysis.Analysed question = analysis.analyzeForIndex(e.question(), grams);
        FaqAnalysis.Terms qt = question.terms();
        List<FaqAnalysis.Terms> kept = new ArrayList<>(1 + e.phrasings().size());
        List<FaqAnalysis.Spelling> spellings = new ArrayList<>(question.spellings());
        kept.add(qt);
        doc.add(new Field(Q, new ListTokenStream(qt.words()), TEXT));
        List<String> readings = new ArrayList<>(qt.readings());
        for (String p : e.phrasings()) {
            if (p.equals(e.question())) {
                kept.add(qt);
                spellings.addAll(question.spellings());
                continue;
            }
            FaqAnalysis.Analysed phrasing = analysis.analyzeForIndex(p, grams);
            FaqAnalysis.Terms pt = phrasing.terms();
            kept.add(pt);
            spellings.addAll(phrasing.spellings());
            doc.add(new Field(EX, new ListTokenStream(pt.words()), TEXT));
            readings.addAll(pt.readings());
        }
        doc.add(new Field(EX, new ListTokenStream(qt.words()), TEXT));
        if (!e.answer().isBlank()) {
            DocTerms.Words answer = new DocTerms.Words();
            analysis.words(e.answer(), answer);
            doc.add(new Field(A, answer.tokenStream(), TEXT));
        }
        if (!readings.isEmpty()) {
            doc.add(new Field(R, new ListTokenStream(readings), TEXT));
        }
        doc.add(new Field(G, grams.tokenStream(), TEXT));
        return new Prepared(doc, new FaqTexts(e, List.copyOf(kept), KanaRespelling.candidates(spellings)));
    }

    /** @return how many FAQs' analysed texts are kept: one per indexed FAQ */
    int keptTexts() {
        return texts.size();
    }

    /**
     * The analysed question and phrasings of an FAQ: those kept when it was indexed, or, for an entry that is not
     * the indexed one (replaced since a search returned it), analysed now.
     *
     * @param e an FAQ, normally a hit's entry
     * @return its texts' terms and spellings
     */
    public FaqTexts texts(FaqEntry e) {
        FaqTexts kept = texts.get(e.id());
        if (kept != null && kept.entry() == e) {
            return kept;
        }
        List<FaqAnalysis.Terms> terms = new ArrayList<>();
        List<FaqAnalysis.Spelling> spellings = new ArrayList<>();
        terms.add(analysis.analyze(e.question(), false));
        spellings.addAll(analysis.spellings(e.question()));
        for (String p : e.phrasings()) {
            terms.add(analysis.analyze(p, false));
            spellings.addAll(analysis.spellings(p));
        }
        return new FaqTexts(e, List.copyOf(terms), KanaRespelling.candidates(spellings));
    }

    /**
     * Analyses a query and its synonym expansions.
     *
     * @param query      the query text
     * @param expansions additional texts (synonyms) searched at a lower weight
     * @return the parsed query
     */
    public ParsedQuery parse(String query, List<String> expansions) {
        Map<String, Map<String, Float>> fields = new LinkedHashMap<>();
        FaqAnalysis.QueryTerms asked = analysis.analyzeQueryOnce(query);
        FaqAnalysis.Terms t = asked.terms();
        addTerms(fields, t, 1f);
        for (String x : expansions) {
            addTerms(fields, analysis.analyzeQuery(x), 0.8f);
        }
        return new ParsedQuery(fields, t.words(), t.grams(), asked);
    }

    private static void addTerms(Map<String, Map<String, Float>> fields, FaqAnalysis.Terms t, float w) {
        // the word fields search the same words at the same weights: one map, which none of them changes
        Map<String, Float> words = fields.get(Q);
        if (words == null) {
            words = new LinkedHashMap<>();
            for (String f : WORD_FIELDS) {
                fields.put(f, words);
            }
        }
        for (String s : t.words()) {
            words.merge(s, w, Float::sum);
        }
        Map<String, Float> r = fields.computeIfAbsent(R, k -> new LinkedHashMap<>());
        t.readings().forEach(s -> r.merge(s, w, Float::sum));
        Map<String, Float> g = fields.computeIfAbsent(G, k -> new LinkedHashMap<>());
        t.grams().forEach(s -> g.merge(s, w, Math::max));
    }

    /**
     * Opens a view of the index as it is now for the work of one query: its searches, coverage and idf then read
     * one point-in-time reader, and a field's term is looked up in the terms dictionary once per view however
     * often that work asks for it (a query's words were looked up for the search, again for the coverage and
     * twice more for the idf of the confidence features, each time with fresh terms enums).
     *
     * @return the view; close it when the query is answered
     */
    public View view() {
        return new View(acquire());
    }

    /**
     * Searches the index (one query's {@link #view() view} opened and closed).
     *
     * @param parsed the parsed query
     * @param topN   number of hits
     * @return hits, best first
     */
    public List<Hit> search(ParsedQuery parsed, int topN) {
        try (View v = view()) {
            return v.search(parsed, topN);
        }
    }

    /** The same search as one Lucene {@link BooleanQuery}, on this index's current reader (for tests). */
    List<ScoreDoc> searchWithBooleanQuery(ParsedQuery parsed, int topN) {
        try (View v = view()) {
            return List.of(v.searchWithBooleanQuery(parsed, topN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Share of the query's word terms (weighted by inverse document frequency) and of its n-grams that
     * occur in a document (one query's {@link #view() view} opened and closed).
     *
     * @param words query word terms
     * @param grams query n-grams
     * @param doc   the document
     * @return {word coverage, gram coverage}, each in [0,1]
     */
    public double[] coverage(List<String> words, List<String> grams, int doc) {
        try (View v = view()) {
            return v.coverage(words, grams, doc);
        }
    }

    /**
     * BM25's inverse document frequency of words (one query's {@link #view() view} opened and closed).
     *
     * @param words the words
     * @return each distinct word's idf
     * @see View#wordIdf
     */
    public Map<String, Double> wordIdf(Collection<String> words) {
        try (View v = view()) {
            return v.wordIdf(words);
        }
    }

    /**
     * One point-in-time reader of the index, held for the work of one query, with each field's terms enums and
     * the terms looked up so far. Not thread-safe: one view per query and thread; closing it releases the reader.
     */
    public final class View implements AutoCloseable {
        private final IndexSearcher searcher;
        private final IndexReader reader;
        private final List<LeafReaderContext> leaves;
        /** What queries work out of this view's reader, shared with the other views of the same reader. */
        private final PerReader derived;
        private final Map<String, FieldTerms> byField = new HashMap<>();
        private @Nullable PostingsEnum scoring;
        private @Nullable PostingsEnum probing;
        private boolean released;

        private View(IndexSearcher searcher) {
            this.searcher = searcher;
            this.reader = searcher.getIndexReader();
            this.leaves = reader.leaves();
            this.derived = perReader(reader);
        }

        /**
         * Searches the index.
         *
         * @param parsed the parsed query
         * @param topN   number of hits
         * @return hits, best first
         */
        public List<Hit> search(ParsedQuery parsed, int topN) {
            try {
                ScoreDoc[] top = params.fuzzy() > 0 ? searchWithBooleanQuery(parsed, topN) : accumulate(parsed, topN);
                @Nullable String[] keys = derived.keys(leaves, top);
                List<Hit> hits = new ArrayList<>(top.length);
                for (int i = 0; i < keys.length; i++) {
                    String key = keys[i];
                    FaqEntry e = key == null ? null : entries.get(key);
                    if (e != null) {
                        hits.add(new Hit(e, top[i].doc, top[i].score));
                    }
                }
                return hits;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The same search as one Lucene {@link BooleanQuery} of boosted term queries (and fuzzy ones if weighted). */
        ScoreDoc[] searchWithBooleanQuery(ParsedQuery parsed, int topN) throws IOException {
            Query q = buildQuery(parsed);
            if (q == null) {
                return new ScoreDoc[0];
            }
            // counting hits exactly is not needed: skipping starts as soon as topN are collected
            return searcher.search(q, new TopScoreDocCollectorManager(topN, null, topN)).scoreDocs;
        }

        /**
         * Scores the query term at a time: each kept term's postings are read once, with one reused
         * {@link TermsEnum} per leaf and field and one reused {@link PostingsEnum}, and its BM25 score (the
         * similarity's own scorer, with the clause's boost) is added to an array of document scores; the
         * best {@code topN} are taken as Lucene's collector takes them (ties to the lower document). The
         * scores are those of {@link #searchWithBooleanQuery} (summed in a different order, so equal up to
         * float rounding). A Japanese query has some 200 clauses, most of them n-grams, over at most a few
         * thousand FAQs: Lucene's query built a weight, a terms enum, a postings enum and a scorer per clause
         * and kept them in a max-score heap, which was most of a query's time.
         */
        private ScoreDoc[] accumulate(ParsedQuery parsed, int topN) throws IOException {
            double[] scores = new double[reader.maxDoc()];
            Norms norms = derived.norms;
            for (var field : parsed.fields().entrySet()) {
                String f = field.getKey();
                double w = weight(f);
                if (w <= 0 || field.getValue().isEmpty()) {
                    continue;
                }
                FieldTerms terms = terms(f);
                Map<String, Found> found = terms.lookup(field.getValue().keySet());
                List<String> kept = prune(reader.numDocs(), f, field.getValue(), found);
                CollectionStatistics stats = kept.isEmpty() ? null : searcher.collectionStatistics(f);
                if (stats == null) {
                    continue;
                }
                // the similarity's scorer per term, without its per-term table (LeanBm25 pins the equality)
                LeanBm25 bm25 = bm25(f);
                // the same for every query of the reader: worked out by the first
                float[] normInverses = derived.normInverses.computeIfAbsent(f, k -> bm25.normInverses(stats));
                byte[][] lengths = new byte[leaves.size()][];
                for (int i = 0; i < leaves.size(); i++) {
                    byte @Nullable [] length = norms.of(leaves.get(i), f);
                    // a field without norms scores every document as of length 1
                    lengths[i] = length == null ? NO_NORMS : length;
                }
                for (String term : kept) {
                    Found t = requireNonNull(found.get(term), term);
                    float boost = (float) (w * requireNonNull(field.getValue().get(term), term));
                    float termWeight = bm25.weight(boost, stats, t.docFreq());
                    Postings postings = t.postings();
                    if (postings == null && !terms.mayKeep(t.docFreq())) {
                        // the reader keeps no more: scored from the index, without copying its postings
                        scoreFromIndex(terms, t, termWeight, normInverses, lengths, scores);
                        continue;
                    }
                    if (postings == null) {
                        postings = read(terms, t, lengths);
                        terms.keep(term, t, postings);
                    }
                    int[] docs = postings.docs();
                    int[] freqNorms = postings.freqNorms();
                    for (int i = 0; i < docs.length; i++) {
                        scores[docs[i]] += LeanBm25.score(termWeight, normInverses, freqNorms[i] >>> 8,
                            freqNorms[i] & 0xFF);
                    }
                }
            }
            return top(scores, topN);
        }

        /** Adds a term's BM25 score to each live document of its postings, read from the index. */
        private void scoreFromIndex(FieldTerms terms, Found t, float termWeight, float[] normInverses,
                                    byte[][] lengths, double[] scores) throws IOException {
            forEachLive(terms, t, lengths,
                (doc, freq, norm) -> scores[doc] += LeanBm25.score(termWeight, normInverses, freq, norm));
        }

        /**
         * Reads a term's live postings of every leaf, sought to the states of its lookup, with each document's
         * length in the field ({@code lengths}, per leaf).
         */
        private Postings read(FieldTerms terms, Found t, byte[][] lengths) throws IOException {
            PostingsBuilder read = new PostingsBuilder(t.docFreq());
            forEachLive(terms, t, lengths, read);
            return read.build(t.docFreq());
        }

        /**
         * Hands each live document of a term's postings (numbered within the reader) to {@code sink}, in order, with
         * its frequency and its length in the field as BM25 encodes it ({@code lengths}, per leaf; 1 without norms).
         */
        private void forEachLive(FieldTerms terms, Found t, byte[][] lengths, PostingSink sink) throws IOException {
            TermStates states = requireNonNull(t.states(), "a term not kept by the reader was sought");
            for (int i = 0; i < leaves.size(); i++) {
                LeafReaderContext leaf = leaves.get(i);
                TermState state = states.get(leaf);
                TermsEnum te = terms.perLeaf(i);
                if (state == null || te == null) {
                    continue;
                }
                te.seekExact(t.bytes(), state);
                PostingsEnum postings = te.postings(scoring, PostingsEnum.FREQS);
                scoring = postings;
                byte[] length = lengths[i];
                Bits live = leaf.reader().getLiveDocs();
                int base = leaf.docBase;
                for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
                    if (live == null || live.get(d)) {
                        sink.accept(base + d, postings.freq(), length == NO_NORMS ? 1 : length[d] & 0xFF);
                    }
                }
            }
        }

        private @Nullable Query buildQuery(ParsedQuery parsed) throws IOException {
            BooleanQuery.Builder all = new BooleanQuery.Builder();
            int clauses = 0;
            // one flat disjunction of boosted term queries scores the same as one nested query per field,
            // but lets Lucene skip non-competitive documents across all clauses (max-score pruning)
            for (var field : parsed.fields().entrySet()) {
                double w = weight(field.getKey());
                if (w <= 0 || field.getValue().isEmpty()) {
                    continue;
                }
                Map<String, Found> found = terms(field.getKey()).lookup(field.getValue().keySet());
                for (String term : prune(reader.numDocs(), field.getKey(), field.getValue(), found)) {
                    Term t = new Term(field.getKey(), term);
                    TermStates states = requireNonNull(found.get(term), term).states();
                    // a term the reader kept the postings of was not sought
                    Query tq = new TermQuery(t, states != null ? states : TermStates.build(searcher, t, true));
                    // prune keeps only the field's own terms, so each has its weight
                    float boost = requireNonNull(field.getValue().get(term), term);
                    all.add(new BoostQuery(tq, (float) (w * boost)), BooleanClause.Occur.SHOULD);
                    clauses++;
                }
            }
            if (params.fuzzy() > 0) {
                BooleanQuery.Builder fz = new BooleanQuery.Builder();
                int n = 0;
                for (String word : parsed.fields().getOrDefault(EX, Map.of()).keySet()) {
                    if (word.length() >= 5 && reader.docFreq(new Term(EX, word)) == 0
                        && reader.docFreq(new Term(Q, word)) == 0) {
                        fz.add(new FuzzyQuery(new Term(EX, word), 1, 1, 20, true), BooleanClause.Occur.SHOULD);
                        n++;
                    }
                }
                if (n > 0) {
                    all.add(new BoostQuery(fz.build(), (float) params.fuzzy()), BooleanClause.Occur.SHOULD);
                    clauses++;
                }
            }
            return clauses == 0 ? null : all.build();
        }

        /**
         * Share of the query's word terms (weighted by inverse document frequency) and of its n-grams that
         * occur in a document.
         *
         * @param words query word terms
         * @param grams query n-grams
         * @param doc   the document
         * @return {word coverage, gram coverage}, each in [0,1]
         */
        public double[] coverage(List<String> words, List<String> grams, int doc) {
            try {
                int top = ReaderUtil.subIndex(doc, leaves);
                int local = doc - leaves.get(top).docBase;
                int n = Math.max(1, reader.numDocs());
                List<FieldTerms> wordFields = wordFields(words);
                double total = 0;
                double covered = 0;
                for (String w : new TreeSet<>(words)) {
                    long df = 0;
                    boolean in = false;
                    for (FieldTerms terms : wordFields) {
                        Found t = terms.found.get(w);
                        if (t != null) {
                            df = Math.max(df, t.docFreq());
                            in = in || contains(terms, t, top, local, doc);
                        }
                    }
                    double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
                    total += idf;
                    covered += in ? idf : 0;
                }
                FieldTerms gramTerms = terms(G);
                gramTerms.lookup(grams);
                // the n-grams that occur (few of a query's), in term order for the probes' seeks (those with postings
                // at hand are searched there); an n-gram the list names twice is the same Found, and counts once
                int gIn = 0;
                List<Found> occurring = new ArrayList<>();
                for (String g : grams) {
                    Found t = gramTerms.found.get(g);
                    if (t != null) {
                        occurring.add(t);
                    }
                }
                occurring.sort(Comparator.comparing(Found::bytes));
                Found previous = null;
                for (Found t : occurring) {
                    if (t != previous && contains(gramTerms, t, top, local, doc)) {
                        gIn++;
                    }
                    previous = t;
                }
                return new double[] {total == 0 ? 0 : covered / total,
                    grams.isEmpty() ? 0 : (double) gIn / grams.size()};
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * BM25's inverse document frequency of words, {@code ln(1 + (n - df + 0.5) / (df + 0.5))}, with {@code df}
         * the most FAQs any word field (question, phrasings, answer) holds the word in: the weight of a word as
         * evidence.
         *
         * @param words the words
         * @return each distinct word's idf
         */
        public Map<String, Double> wordIdf(Collection<String> words) {
            try {
                int n = Math.max(1, reader.numDocs());
                List<FieldTerms> wordFields = wordFields(words);
                Map<String, Double> out = new HashMap<>();
                for (String w : words) {
                    if (out.containsKey(w)) {
                        continue;
                    }
                    long df = 0;
                    for (FieldTerms terms : wordFields) {
                        Found t = terms.found.get(w);
                        df = Math.max(df, t == null ? 0 : t.docFreq());
                    }
                    out.put(w, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * An FAQ's distinguishing nouns, worked out once per reader for up to {@value #MAX_KEPT_NOUNS} FAQs: they
         * depend only on the FAQ and the catalog, and their idf cost a query a dictionary seek per noun and word field
         * (profiled on 10 Japanese FAQs, a tenth of a query's time).
         *
         * @param entry an FAQ, normally a hit's entry
         * @return its distinguishing nouns in this view's catalog
         */
        public FaqNouns faqNouns(FaqEntry entry) {
            Map<String, FaqNouns> cache = derived.nouns;
            FaqNouns kept = cache.get(entry.id());
            if (kept != null && kept.entry() == entry) {
                return kept;
            }
            Map<String, String> nouns = new LinkedHashMap<>();
            for (FaqAnalysis.Terms t : texts(entry).terms()) {
                for (int i = 0; i < t.words().size(); i++) {
                    if (t.nouns().contains(t.words().get(i))) {
                        nouns.putIfAbsent(t.words().get(i), t.wordReadings().get(i));
                    }
                }
            }
            Map<String, Double> idf = wordIdf(nouns.keySet());
            List<String> distinct = nouns.keySet().stream()
                .sorted(Comparator.comparingDouble((String w) -> -idf.getOrDefault(w, 0.0)).thenComparing(w -> w))
                .limit(2).toList();
            FaqNouns made = new FaqNouns(entry, distinct,
                distinct.stream().map(nouns::get).toList(),
                distinct.stream().map(w -> idf.getOrDefault(w, 0.0)).toList());
            // one per FAQ of the reader (the version a query found last), for a bounded number of FAQs
            if (cache.size() < MAX_KEPT_NOUNS || cache.containsKey(entry.id())) {
                cache.put(entry.id(), made);
            }
            return made;
        }

        /** @return {terms, postings} this view's reader keeps the postings of */
        int[] keptPostings() {
            return derived.postings.size();
        }

        /** @return how many FAQs' {@link #faqNouns} this view's reader keeps */
        int keptNouns() {
            return derived.nouns.size();
        }

        /**
         * Whether a document contains a term that occurs: in the term's postings if at hand, else by a probe of
         * leaf {@code top} ({@code doc} the document's number within it, {@code global} within the reader).
         */
        private boolean contains(FieldTerms terms, Found term, int top, int doc, int global) throws IOException {
            Postings kept = term.postings();
            if (kept != null) {
                return Arrays.binarySearch(kept.docs(), global) >= 0;
            }
            TermState state = requireNonNull(term.states(), "a term not kept by the reader was sought")
                .get(leaves.get(top));
            TermsEnum te = terms.perLeaf(top);
            if (state == null || te == null) {
                return false;
            }
            te.seekExact(term.bytes(), state);
            PostingsEnum postings = te.postings(probing, PostingsEnum.NONE);
            probing = postings;
            return postings.advance(doc) == doc;
        }

        /** The word fields (question, phrasings, answer), with the words looked up in each. */
        private List<FieldTerms> wordFields(Collection<String> words) throws IOException {
            List<FieldTerms> out = new ArrayList<>(WORD_FIELDS.size());
            for (String f : WORD_FIELDS) {
                FieldTerms terms = terms(f);
                terms.lookup(words);
                out.add(terms);
            }
            return out;
        }

        private FieldTerms terms(String field) throws IOException {
            FieldTerms terms = byField.get(field);
            if (terms == null) {
                // a Lucene query (with a fuzzy weight) needs each term's states, so only its own lookups are kept
                terms = new FieldTerms(searcher.getTopReaderContext(), field, derived.termFilters.of(field),
                    params.fuzzy() > 0 ? null : derived.postings);
                byField.put(field, terms);
            }
            return terms;
        }

        /** Releases the reader. */
        @Override
        public void close() {
            if (!released) {
                released = true;
                release(searcher);
            }
        }
    }

    /** The best {@code topN} documents of an array of scores, as Lucene's collector takes them. */
    private static ScoreDoc[] top(double[] scores, int topN) {
        HitQueue queue = new HitQueue(topN, true);
        ScoreDoc least = queue.top();
        int hits = 0;
        for (int d = 0; d < scores.length; d++) {
            // every matching document scores above zero (BM25's idf is positive, and so are the boosts)
            if (scores[d] > 0) {
                hits++;
                float s = (float) scores[d];
                if (s > least.score) {
                    least.doc = d;
                    least.score = s;
                    least = queue.updateTop();
                }
            }
        }
        ScoreDoc[] out = new ScoreDoc[Math.min(hits, topN)];
        for (int i = queue.size() - out.length; i > 0; i--) {
            queue.pop();
        }
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = queue.pop();
        }
        return out;
    }

    /** Receives a term's live postings, one document at a time. */
    @FunctionalInterface
    private interface PostingSink {
        void accept(int doc, int freq, int encodedNorm);
    }

    /** Collects a term's live postings into {@link Postings}, sized for its document frequency. */
    private static final class PostingsBuilder implements PostingSink {
        private int[] docs;
        private int[] freqNorms;
        private int n;

        PostingsBuilder(int docFreq) {
            docs = new int[Math.max(1, docFreq)];
            freqNorms = new int[docs.length];
        }

        @Override
        public void accept(int doc, int freq, int encodedNorm) {
            if (n == docs.length) {
                docs = Arrays.copyOf(docs, n * 2);
                freqNorms = Arrays.copyOf(freqNorms, n * 2);
            }
            docs[n] = doc;
            // a field's frequency in one FAQ stays far below 2^23; the length is BM25's encoded norm
            freqNorms[n++] = Math.min(freq, MAX_KEPT_FREQ) << 8 | encodedNorm;
        }

        Postings build(int docFreq) {
            return new Postings(docFreq, n == docs.length ? docs : Arrays.copyOf(docs, n),
                n == freqNorms.length ? freqNorms : Arrays.copyOf(freqNorms, n));
        }
    }

    /**
     * A term that occurs in a field: its bytes, its document frequency (as Lucene counts it, deleted documents
     * included), and its states per leaf (when sought in the terms dictionary) or its live postings (when kept by the
     * reader's {@link PostingsCache}, or read by this view).
     */
    private record Found(BytesRef bytes, int docFreq, @Nullable TermStates states, @Nullable Postings postings) {
    }

    /**
     * A term's live postings in one field of one reader: the documents (numbered within the reader, ascending) and,
     * for each, its frequency times 256 plus the document's length in the field as BM25 encodes it (one byte).
     *
     * @param docFreq its document frequency as Lucene counts it, deleted documents included (for its idf)
     */
    private record Postings(int docFreq, int[] docs, int[] freqNorms) {
    }

    /**
     * A field's terms enum per leaf and the terms a view looked up in it: those that occur, with their states, and
     * those that do not.
     */
    private static final class FieldTerms {
        private final IndexReaderContext top;
        private final String field;
        /** Each leaf's terms enum, opened on its first seek (a query whose terms are all kept or absent opens none). */
        private final @Nullable TermsEnum[] perLeaf;
        private final boolean[] opened;
        private final Map<String, Found> found = new HashMap<>();
        /** Terms sought and not found (those the filter rules out are asked of it again: cheaper than a set). */
        private final Set<String> absent = new HashSet<>();
        /** {@link TermFilters#of}: the filter of every term of the field, or null to seek every term. */
        private final @Nullable TermFilter filter;
        /** The reader's kept postings, or null when the view's terms need their states. */
        private final @Nullable PostingsCache kept;
        /** The field's kept terms, each a {@link Found} with postings and without states, shared by the views. */
        private final @Nullable Map<String, Found> keptOfField;

        FieldTerms(IndexReaderContext top, String field, @Nullable TermFilter filter, @Nullable PostingsCache kept)
            throws IOException {
            this.top = top;
            this.filter = filter;
            this.kept = kept;
            this.keptOfField = kept == null ? null : kept.of(field);
            this.field = field;
            this.perLeaf = new TermsEnum[top.leaves().size()];
            this.opened = new boolean[perLeaf.length];
        }

        /** @return the terms enum of leaf {@code i}, or null if the leaf has no term in the field */
        @Nullable TermsEnum perLeaf(int i) throws IOException {
            if (!opened[i]) {
                Terms t = top.leaves().get(i).reader().terms(field);
                perLeaf[i] = t == null ? null : t.iterator();
                opened[i] = true;
            }
            return perLeaf[i];
        }

        /**
         * Looks up the terms not looked up yet, with the reused enums, in term order (each seek reuses the
         * previous one's path through the terms dictionary). The states handed to the scoring spare a second
         * lookup per term, and terms that occur nowhere are left out: each cost a dictionary seek and
         * contributed nothing. Profiled on 1,786 Japanese FAQs, the per-term lookups were half of a query's time.
         *
         * @return the states of every term looked up so far that occurs in the index
         */
        Map<String, Found> lookup(Collection<String> terms) throws IOException {
            // the terms to seek, each with its bytes; those the field's filter rules out are known absent
            // without a seek (most n-grams of a query in a small catalog), so only the rest are sorted
            List<Map.Entry<String, BytesRef>> missing = null;
            TermFilter known = filter;
            for (String term : terms) {
                if (!found.containsKey(term) && !absent.contains(term)) {
                    // a kept term is taken as the reader keeps it: no bytes to encode, no filter to ask
                    Found keptTerm = keptOfField == null ? null : keptOfField.get(term);
                    if (keptTerm != null) {
                        found.put(term, keptTerm);
                        continue;
                    }
                    if (known != null && !known.mightContain(TermFilter.hash(term))) {
                        // the filter rules it out: it occurs nowhere (a term the filter lets pass is sought)
                        continue;
                    }
                    if (missing == null) {
                        missing = new ArrayList<>();
                    }
                    missing.add(Map.entry(term, new BytesRef(term)));
                }
            }
            if (missing == null) {
                return found;
            }
            // in term order, each seek reuses the previous one's path through the terms dictionary
            missing.sort(Map.Entry.comparingByValue());
            List<LeafReaderContext> leaves = top.leaves();
            for (Map.Entry<String, BytesRef> entry : missing) {
                String term = entry.getKey();
                BytesRef bytes = entry.getValue();
                if (found.containsKey(term)) {
                    // a term the collection named twice
                    continue;
                }
                TermStates states = null;
                for (int i = 0; i < perLeaf.length; i++) {
                    TermsEnum te = perLeaf(i);
                    if (te != null && te.seekExact(bytes)) {
                        if (states == null) {
                            states = new TermStates(top);
                        }
                        states.register(te.termState(), leaves.get(i).ord, te.docFreq(), te.totalTermFreq());
                    }
                }
                if (states != null) {
                    found.put(term, new Found(bytes, states.docFreq(), states, null));
                } else {
                    absent.add(term);
                }
            }
            return found;
        }

        /** @return whether the reader may keep the postings of one more term of {@code docFreq} documents */
        boolean mayKeep(int docFreq) {
            return kept != null && kept.hasRoom(docFreq);
        }

        /** Keeps a term's postings, read by this view, for the rest of its query and, if there is room, its reader. */
        void keep(String term, Found sought, Postings postings) {
            found.put(term, new Found(sought.bytes(), sought.docFreq(), sought.states(), postings));
            if (kept != null) {
                // without the states, which only this view's seeks need
                kept.offer(requireNonNull(keptOfField), term, new Found(sought.bytes(), sought.docFreq(), null,
                    postings));
            }
        }
    }

    private double weight(String field) {
        return switch (field) {
            case Q -> params.question();
            case EX -> params.phrasings();
            case A -> params.answer();
            case R -> params.reading();
            case G -> params.grams();
            default -> 0;
        };
    }

    /**
     * The document lengths (BM25 norms) of one reader's leaves and fields, each read once into an array: a
     * query reads them for every clause, and Lucene's norms iterator is made anew per clause and leaf.
     * Only the current reader's are kept (one array of a byte per document and field).
     */
    private static final class Norms {
        /** Lengths per "leaf/field"; an empty array for a field without norms. */
        private final Map<String, byte[]> byLeafAndField = new ConcurrentHashMap<>();

        byte @Nullable [] of(LeafReaderContext leaf, String field) throws IOException {
            String key = leaf.ord + "/" + field;
            byte[] cached = byLeafAndField.get(key);
            if (cached != null) {
                return cached.length == 0 ? null : cached;
            }
            NumericDocValues values = leaf.reader().getNormValues(field);
            byte[] lengths = new byte[0];
            if (values != null) {
                lengths = new byte[leaf.reader().maxDoc()];
                for (int d = values.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = values.nextDoc()) {
                    // BM25 reads a norm as its low byte (SmallFloat's length encoding)
                    lengths[d] = (byte) values.longValue();
                }
            }
            byLeafAndField.put(key, lengths);
            return lengths.length == 0 ? null : lengths;
        }
    }

    /**
     * Most terms a field may have for {@link TermFilters} to filter them all (two to four bytes per term, made on the
     * first query after a refresh): about the n-gram field of 2,000 Japanese FAQs.
     */
    static final int MAX_FILTERED_TERMS = 200_000;

    /**
     * Most FAQs whose {@link View#faqNouns} a reader keeps (some 150 bytes each): the FAQs queries find most are
     * among the first to be kept.
     */
    static final int MAX_KEPT_NOUNS = 4_096;

    /**
     * A Bloom filter of every term of one reader's fields, so a query's term that occurs nowhere (most of a query's
     * n-grams in a catalog of tens or hundreds of FAQs) is known absent without seeking the terms dictionary: profiled
     * on 10 FAQs, those seeks were a third of a query's time. The filter only says "absent" of a term no field term
     * shares both its bits with; the rest (at most 1.4 % of absent terms) cost a seek, so absent terms are never taken
     * for present ones or the reverse. Only the current reader's are kept; fields of more than
     * {@link #MAX_FILTERED_TERMS} terms are not filtered (most of their terms occur, and filtering them would cost the
     * first query after a refresh tens of milliseconds).
     */
    private static final class TermFilters {
        private static final TermFilter NOT_FILTERED = TermFilter.sized(0);
        private final IndexReader reader;
        private final Map<String, TermFilter> byField = new ConcurrentHashMap<>();

        TermFilters(IndexReader reader) {
            this.reader = reader;
        }

        /** @return the filter of the field's terms in every leaf, or null if it has too many to filter */
        @Nullable TermFilter of(String field) {
            TermFilter filter = byField.computeIfAbsent(field, this::filter);
            return filter == NOT_FILTERED ? null : filter;
        }

        private TermFilter filter(String field) {
            try {
                long count = 0;
                for (LeafReaderContext leaf : reader.leaves()) {
                    Terms t = leaf.reader().terms(field);
                    long size = t == null ? 0 : t.size();
                    if (size < 0) {
                        return NOT_FILTERED;
                    }
                    count += size;
                }
                if (count > MAX_FILTERED_TERMS) {
                    return NOT_FILTERED;
                }
                TermFilter filter = TermFilter.sized((int) count);
                long n = 0;
                CharsRefBuilder chars = new CharsRefBuilder();
                for (LeafReaderContext leaf : reader.leaves()) {
                    Terms t = leaf.reader().terms(field);
                    if (t != null) {
                        TermsEnum te = t.iterator();
                        for (BytesRef term = te.next(); term != null; term = te.next()) {
                            if (++n > count) {
                                // more terms than the leaves counted: the filter would be fuller than it was made for
                                return NOT_FILTERED;
                            }
                            // hashed as the query's String of the term will be
                            chars.copyUTF8Bytes(term);
                            filter.add(TermFilter.hash(chars.get()));
                        }
                    }
                }
                return filter;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * A Bloom filter of term hashes with two bits per hash in {@code 2^log2} bits: the low bits of the hash, and the
     * high bits of the hash times the golden ratio. At 16 to 32 bits per term, 0.4–1.4 % of absent terms pass.
     * A term's hash is {@link #hash(CharSequence)} of its chars.
     */
    static final class TermFilter {
        private final long[] bits;
        private final int log2;
        private final int mask;

        private TermFilter(int log2) {
            this.bits = new long[1 << (log2 - 6)];
            this.log2 = log2;
            this.mask = (1 << log2) - 1;
        }

        /** @return an empty filter for {@code count} terms: 16 bits per term or more (a power of two, 64 at least) */
        static TermFilter sized(int count) {
            long bits = Math.max(64L, 16L * count);
            return new TermFilter(64 - Long.numberOfLeadingZeros(bits - 1));
        }

        /**
         * The filter's hash of a term, from its UTF-16 chars: FNV-1a in 64 bits, spread by SplitMix64's finalizer.
         * {@link String#hashCode()} would be free for a query's terms, but short CJK terms share it too often: of
         * the 2- and 3-grams of 54 kana and kanji, half of them absent, 6 % share one with a present one. Murmur3 of
         * the UTF-8 bytes cost each term an encoding.
         *
         * @param term a term, as a query's String or decoded from the index's bytes
         * @return its hash
         */
        static int hash(CharSequence term) {
            long h = 0xCBF29CE484222325L;
            for (int i = 0; i < term.length(); i++) {
                h = (h ^ term.charAt(i)) * 0x100000001B3L;
            }
            h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
            h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
            h ^= h >>> 31;
            return (int) h ^ (int) (h >>> 32);
        }

        void add(int hash) {
            int a = hash & mask;
            int b = (hash * 0x9E3779B9) >>> (32 - log2);
            bits[a >>> 6] |= 1L << a;
            bits[b >>> 6] |= 1L << b;
        }

        /** @return false if no term added has this hash; true if one may have */
        boolean mightContain(int hash) {
            int a = hash & mask;
            int b = (hash * 0x9E3779B9) >>> (32 - log2);
            return (bits[a >>> 6] & 1L << a) != 0 && (bits[b >>> 6] & 1L << b) != 0;
        }
    }

    /** Highest frequency of a term in one FAQ's field that {@link Postings} holds (higher ones are cut to it). */
    private static final int MAX_KEPT_FREQ = (1 << 23) - 1;

    /**
     * Most postings a reader's {@link PostingsCache} holds (8 bytes each): all those the 384 LocalgovFAQ queries score
     * in a catalog of a few hundred FAQs, the most-scored of them in larger ones.
     */
    static final int MAX_KEPT_POSTINGS = 1 << 17;

    /** Most terms a reader's {@link PostingsCache} holds (some 150 bytes each, beside their postings). */
    static final int MAX_KEPT_TERMS = 1 << 13;

    /**
     * The live postings of the terms queries scored, per field, kept for the queries after them: a term a query
     * looks up here costs neither a seek in the terms dictionary nor the decoding of its postings (profiled on 1,786
     * Japanese FAQs, together about half of a query's time: the queries of a catalog share most of their n-grams).
     * Bounded by {@link #MAX_KEPT_TERMS} and {@link #MAX_KEPT_POSTINGS}: the first terms scored are kept, the rest are
     * read each time. Only the current reader's are kept, and a refresh starts anew.
     */
    private static final class PostingsCache {
        private final Map<String, Map<String, Found>> byField = new ConcurrentHashMap<>();
        private final AtomicInteger terms = new AtomicInteger();
        private final AtomicInteger postings = new AtomicInteger();

        Map<String, Found> of(String field) {
            return byField.computeIfAbsent(field, f -> new ConcurrentHashMap<>());
        }

        boolean hasRoom(int postingsOfTerm) {
            return terms.get() < MAX_KEPT_TERMS && postings.get() + postingsOfTerm <= MAX_KEPT_POSTINGS;
        }

        /** Keeps a term's postings ({@code t} has them) if both bounds leave room. */
        void offer(Map<String, Found> ofField, String term, Found t) {
            int n = requireNonNull(t.postings(), "a kept term has its postings").docs().length;
            if (!hasRoom(n)) {
                return;
            }
            if (terms.incrementAndGet() > MAX_KEPT_TERMS) {
                terms.decrementAndGet();
                return;
            }
            if (postings.addAndGet(n) > MAX_KEPT_POSTINGS) {
                postings.addAndGet(-n);
                terms.decrementAndGet();
                return;
            }
            if (ofField.putIfAbsent(term, t) != null) {
                // another query kept it first
                postings.addAndGet(-n);
                terms.decrementAndGet();
            }
        }

        /** @return {terms, postings} held */
        int[] size() {
            return new int[] {terms.get(), postings.get()};
        }
    }

    /**
     * What queries work out of one reader, each part made when first asked for: its norms, its term filters, its
     * scored terms' postings, its FAQs' {@link View#faqNouns}, its fields' BM25 length tables and the ids of the
     * documents its searches return (at most one per document). Only the current reader's are kept.
     */
    private static final class PerReader {
        private final IndexReader reader;
        private final Norms norms;
        private final TermFilters termFilters;
        private final PostingsCache postings = new PostingsCache();
        /** {@link LeanBm25#normInverses} by field (one table of 256 floats per field). */
        private final Map<String, float[]> normInverses = new ConcurrentHashMap<>();
        /** {@link View#faqNouns} by FAQ id, one per FAQ of the reader, at most {@link #MAX_KEPT_NOUNS}. */
        private final Map<String, FaqNouns> nouns = new ConcurrentHashMap<>();

        /** The FAQ id of each document, as read from its doc values when a search first returned it. */
        private final AtomicReferenceArray<String> keys;

        PerReader(IndexReader reader) {
            this.reader = reader;
            this.norms = new Norms();
            this.termFilters = new TermFilters(reader);
            this.keys = new AtomicReferenceArray<>(reader.maxDoc());
        }

        /**
         * The FAQ ids of documents, each read from the doc values once per reader (a search read them anew,
         * decoding each hit's id; a tenth of a query's allocation on 10 English FAQs).
         *
         * @return each document's id, null for one without
         */
        @Nullable String[] keys(List<LeafReaderContext> leaves, ScoreDoc[] docs) throws IOException {
            @Nullable String[] out = new String[docs.length];
            for (int i = 0; i < docs.length; i++) {
                String key = keys.get(docs[i].doc);
                if (key == null) {
                    @Nullable String[] read = LuceneFaqIndex.keys(leaves, docs);
                    for (int j = 0; j < docs.length; j++) {
                        String k = read[j];
                        if (k != null) {
                            keys.set(docs[j].doc, k);
                        }
                    }
                    return read;
                }
                out[i] = key;
            }
            return out;
        }
    }

    private volatile @Nullable PerReader perReader;

    private PerReader perReader(IndexReader reader) {
        PerReader p = perReader;
        if (p == null || p.reader != reader) {
            p = new PerReader(reader);
            perReader = p;
        }
        return p;
    }

    /**
     * Reads the FAQ ids of hits from doc values, visiting the documents in increasing order with one iterator
     * per leaf (stored fields decompressed a block per hit: a twentieth of a query at ten hits, more at the
     * reranker's hundred).
     */
    private static @Nullable String[] keys(List<LeafReaderContext> leaves, ScoreDoc[] docs) throws IOException {
        Integer[] order = new Integer[docs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> docs[i].doc));
        @Nullable String[] keys = new String[docs.length];
        int leaf = -1;
        BinaryDocValues values = null;
        for (int i : order) {
            int doc = docs[i].doc;
            int sub = ReaderUtil.subIndex(doc, leaves);
            if (values == null || sub != leaf) {
                leaf = sub;
                values = DocValues.getBinary(leaves.get(sub).reader(), KEY);
            }
            if (values.advanceExact(doc - leaves.get(sub).docBase)) {
                keys[i] = values.binaryValue().utf8ToString();
            }
        }
        return keys;
    }

    /**
     * Keeps the query terms that can discriminate, among those that occur. N-grams in large indexes (from
     * {@value #LARGE_INDEX} FAQs): the {@value #MAX_GRAMS} rarest, none occurring in more than 2% of the FAQs
     * (they cost time and add little); word fields: the {@value #MAX_LARGE_INDEX_WORDS} rarest terms (a long
     * query's common words matched thousands of FAQs, tripled the p99 latency and moved MRR@10 by about
     * 0.001). Long queries in small indexes: the {@value #MAX_TERMS} rarest terms of a word field and the
     * {@value #MAX_SMALL_INDEX_GRAMS} rarest n-grams (the whole query stays under Lucene's clause limit).
     *
     * @return the kept terms, in query order unless pruned, rarest first if pruned
     */
    private static List<String> prune(int n, String field, Map<String, Float> terms, Map<String, Found> found) {
        if (n >= LARGE_INDEX) {
            return field.equals(G) ? rarest(terms, found, n / 50, MAX_GRAMS)
                : terms.size() > MAX_LARGE_INDEX_WORDS
                ? rarest(terms, found, Integer.MAX_VALUE, MAX_LARGE_INDEX_WORDS) : occurring(terms, found);
        }
        int limit = field.equals(G) ? MAX_SMALL_INDEX_GRAMS : MAX_TERMS;
        return terms.size() > limit ? rarest(terms, found, Integer.MAX_VALUE, limit) : occurring(terms, found);
    }

    private static List<String> occurring(Map<String, Float> terms, Map<String, Found> found) {
        List<String> out = new ArrayList<>(Math.min(terms.size(), found.size()));
        for (String t : terms.keySet()) {
            if (found.containsKey(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<String> rarest(Map<String, Float> terms, Map<String, Found> found, int maxDf,
                                       int limit) {
        Map<String, Integer> df = new HashMap<>();
        for (String t : terms.keySet()) {
            Found f = found.get(t);
            if (f != null && f.docFreq() <= maxDf) {
                df.put(t, f.docFreq());
            }
        }
        return df.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
            .limit(limit)
            .map(Map.Entry::getKey)
            .toList();
    }

    private IndexSearcher acquire() {
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void release(IndexSearcher s) {
        try {
            searchers.release(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            searchers.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A token stream over a precomputed list of terms. */
    static final class ListTokenStream extends TokenStream {
        private final List<String> terms;
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private int i;

        ListTokenStream(List<String> terms) {
            this.terms = terms;
        }

        @Override
        public boolean incrementToken() {
            if (i >= terms.size()) {
                return false;
            }
            clearAttributes();
            term.setEmpty().append(terms.get(i++));
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            i = 0;
        }
    }
}
