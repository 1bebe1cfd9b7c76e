package io.madoguchi.examples.faq.embedding;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.faq.FaqReranker;
import io.madoguchi.examples.faq.Vectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link FaqReranker} that scores each lexical candidate by sentence-embedding similarity: the
 * mean of the query's cosine with the FAQ's closest phrasing and its cosine with the centroid of
 * all the FAQ's phrasings (the question and its examples; by default answers are not embedded, see
 * {@link Builder#answerTokens}). With {@link Builder#minMaxScores()} the similarities are rescaled
 * per query to [0, 1] over the candidates, the scale of the matcher's lexical score divided by the
 * top one, so that a weight of about 0.5 gives both signals equal say.
 *
 * <p>For a query whose locale's language is not one of {@link Builder#languages the configured
 * languages} (English by default) the candidates' lexical scores divided by the top lexical score
 * are returned, so a matcher that mixes the normalized lexical score with the reranker's ranks
 * exactly as lexical matching alone.
 *
 * <p>FAQ vectors are computed once per FAQ id, version and text (in {@link #prepare} or, failing
 * that, on first use) and kept in a bounded least-recently-used cache; the text is part of the
 * key, so equal ids of different tenants never share vectors.
 *
 * <pre>{@code
 * SentenceEncoder encoder = SentenceEncoder.load(EmbeddingModel.ALL_MINILM_L6_V2_Q);
 * FaqReranker reranker = EmbeddingFaqReranker.builder(encoder).build();
 * }</pre>
 *
 * <p>Thread-safe. It does not close the encoder.
 */
public final class EmbeddingFaqReranker implements FaqReranker {

    private final SentenceEncoder encoder;
    private final Set<String> languages;
    private final int answerTokens;
    private final boolean minMax;
    private final Map<Key, FaqVectors> cache;

    private EmbeddingFaqReranker(Builder b) {
        this.encoder = b.encoder;
        this.languages = Set.copyOf(b.languages);
        this.answerTokens = b.answerTokens;
        this.minMax = b.minMax;
        int capacity = b.cacheCapacity;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, FaqVectors> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Starts a builder.
     *
     * @param encoder the loaded model (shared, not closed by the reranker)
     * @return a builder
     * @throws NullPointerException if {@code encoder} is null
     */
    public static Builder builder(SentenceEncoder encoder) {
        return new Builder(encoder);
    }

    /** @return the model's short name, for example {@code "minilm"} */
    @Override
    public String name() {
        return encoder.model().shortName();
    }

    /** Embeds the phrasings of FAQs in a supported language ahead of queries. */
    @Override
    public void prepare(Locale locale, List<Candidate> entries) {
        if (!supports(locale)) {
            return;
        }
        for (Candidate c : entries) {
            vectors(c);
        }
    }

    @Override
    public double[] score(String query, Locale locale, List<Candidate> candidates) {
        if (!supports(locale)) {
            return Vectors.lexicalOverTop(candidates);
        }
        double[] scores = new double[candidates.size()];
        float[] q = encoder.embed(query);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = vectors(candidates.get(i)).similarity(q);
        }
        return minMax ? Vectors.minMax(scores) : scores;
    }

    /**
     * Embedding similarity of a query to one FAQ, without the lexical stage (for evaluation and for
     * hosts that score a small FAQ set exhaustively).
     *
     * @param queryVector a vector from this reranker's encoder
     * @param faq         the FAQ
     * @return mean of the cosine with the closest phrasing and with the phrasings' centroid (not
     *     min-max rescaled: that needs the other candidates)
     */
    public double similarity(float[] queryVector, Candidate faq) {
        return vectors(faq).similarity(queryVector);
    }

    /**
     * The encoder this reranker embeds with.
     *
     * @return the encoder
     */
    public SentenceEncoder encoder() {
        return encoder;
    }

    private boolean supports(Locale locale) {
        return languages.contains(locale.getLanguage());
    }

    private FaqVectors vectors(Candidate c) {
        Key key = new Key(c.id(), c.version(), texts(c));
        FaqVectors found;
        synchronized (cache) {
            found = cache.get(key);
        }
        if (found != null) {
            return found;
        }
        // computed outside the lock: two threads may both embed a new FAQ once, which is harmless
        List<float[]> vectors = new ArrayList<>(key.texts().size());
        for (int i = 0; i < key.texts().size(); i++) {
            String text = key.texts().get(i);
            vectors.add(i == 0 && answerTokens > 0 ? encoder.embed(text, answerTokens) : encoder.embed(text));
        }
        FaqVectors computed = FaqVectors.of(vectors);
        synchronized (cache) {
            cache.put(key, computed);
        }
        return computed;
    }

    /** The texts to embed; with answer tokens, the first is the question followed by the answer. */
    private List<String> texts(Candidate c) {
        if (answerTokens == 0 || c.answer().isBlank()) {
            return phrasings(c);
        }
        List<String> texts = new ArrayList<>();
        texts.add(c.question().strip() + "\n" + c.answer().strip());
        for (String p : phrasings(c)) {
            if (!p.equals(c.question().strip())) {
                texts.add(p);
            }
        }
        return List.copyOf(texts);
    }

    private static List<String> phrasings(Candidate c) {
        Set<String> texts = new LinkedHashSet<>();
        if (!c.question().isBlank()) {
            texts.add(c.question().strip());
        }
        for (String p : c.phrasings()) {
            if (!p.isBlank()) {
                texts.add(p.strip());
            }
        }
        if (texts.isEmpty()) {
            texts.add(c.answer().strip());
        }
        return List.copyOf(texts);
    }

    private record Key(String id, long version, List<String> texts) {
    }

    private record FaqVectors(List<float[]> phrasings, float[] centroid) {

        static FaqVectors of(List<float[]> vectors) {
            float[] centroid = new float[vectors.get(0).length];
            for (float[] v : vectors) {
                for (int d = 0; d < centroid.length; d++) {
                    centroid[d] += v[d];
                }
            }
            return new FaqVectors(List.copyOf(vectors), centroid);
        }

        double similarity(float[] query) {
            double best = -1;
            for (float[] v : phrasings) {
                best = Math.max(best, SentenceEncoder.cosine(query, v));
            }
            return (best + SentenceEncoder.cosine(query, centroid)) / 2;
        }
    }

    /**
     * Builds an {@link EmbeddingFaqReranker}. Not thread-safe.
     */
    public static final class Builder {
        private final SentenceEncoder encoder;
        private Set<String> languages = Set.of("en");
        private boolean languagesSet;
        private int cacheCapacity = 100_000;
        private boolean cacheCapacitySet;
        private int answerTokens;
        private boolean minMax;

        private Builder(SentenceEncoder encoder) {
            this.encoder = Objects.requireNonNull(encoder, "encoder");
        }

        /**
         * ISO 639 language codes whose queries are scored by the model (default {@code en}).
         *
         * @param languageCodes for example {@code "en"}
         * @return this builder
         * @throws NullPointerException  if a code is null
         * @throws IllegalStateException if called twice
         */
        public Builder languages(String... languageCodes) {
            if (languagesSet) {
                throw new IllegalStateException("languages already set");
            }
            List<String> codes = new ArrayList<>();
            for (String code : languageCodes) {
                codes.add(new Locale(Objects.requireNonNull(code, "language")).getLanguage());
            }
            languages = Set.copyOf(codes);
            languagesSet = true;
            return this;
        }

        /**
         * How many FAQ versions keep their vectors (default 100,000; about 1.5 KB per phrasing).
         *
         * @param capacity maximum cached FAQ versions
         * @return this builder
         * @throws IllegalStateException if called twice
         */
        public Builder cacheCapacity(int capacity) {
            if (cacheCapacitySet) {
                throw new IllegalStateException("cacheCapacity already set");
            }
            cacheCapacity = capacity;
            cacheCapacitySet = true;
            return this;
        }

        /**
         * Embeds each FAQ's question followed by its answer, cut to {@code tokens} word pieces, in
         * place of the question alone (its examples, if any, stay separate phrasings). Off by
         * default; 128 suits Japanese municipal FAQs, whose questions are short and whose answers
         * name the topic in their first sentences.
         *
         * @param tokens word pieces kept, {@code [CLS]} and {@code [SEP]} included (at least 3)
         * @return this builder
         */
        public Builder answerTokens(int tokens) {
            answerTokens = tokens;
            return this;
        }

        /**
         * Rescales each query's similarities to [0, 1] over its candidates (lowest 0, highest 1).
         *
         * @return this builder
         */
        public Builder minMaxScores() {
            minMax = true;
            return this;
        }

        /**
         * Builds the reranker.
         *
         * @return the reranker
         * @throws ValidationException if no language is given, the cache capacity is below 1 or
         *                             the answer tokens are between 1 and 2 or negative
         */
        public EmbeddingFaqReranker build() {
            List<Violation> violations = new ArrayList<>();
            if (languages.isEmpty()) {
                violations.add(new Violation("languages", "at least one language is required"));
            }
            if (cacheCapacity < 1) {
                violations.add(new Violation("cacheCapacity",
                    "must be at least 1, was " + cacheCapacity));
            }
            if (answerTokens != 0 && answerTokens < 3) {
                violations.add(new Violation("answerTokens",
                    "must be 0 (off) or at least 3, was " + answerTokens));
            }
            if (!violations.isEmpty()) {
                throw new ValidationException(violations);
            }
            return new EmbeddingFaqReranker(this);
        }
    }
}
