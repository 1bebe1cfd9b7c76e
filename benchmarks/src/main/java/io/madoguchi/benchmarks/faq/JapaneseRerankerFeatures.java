package io.madoguchi.benchmarks.faq;

import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqReranker;
import io.madoguchi.examples.faq.Vectors;
import io.madoguchi.examples.faq.embedding.EmbeddingFaqReranker;
import io.madoguchi.examples.faq.embedding.EmbeddingModel;
import io.madoguchi.examples.faq.embedding.EmbeddingRerankerProvider;
import io.madoguchi.examples.faq.embedding.SentenceEncoder;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Japanese reranker (BGE-small-zh v1.5) as confidence evidence for {@link FaqCalibrationFit}: the reranker the
 * matcher runs with {@code --reranker bge-small-zh} (question plus answer cut to
 * {@value EmbeddingRerankerProvider.BgeSmallZh#ANSWER_TOKENS} tokens, min-max rescaled cosines), scoring each query
 * once however many sampled catalogs it is matched in, and the cosine features of a match's top FAQ against every FAQ
 * of its catalog. Single-threaded (an evaluation's helper).
 */
final class JapaneseRerankerFeatures {

    /** The features {@link #features} returns, in order. */
    static final List<String> NAMES = List.of("cosTop", "cosQuestionTop", "cosMargin", "cosQuestionMargin",
        "embeddingAgrees", "lexicalAgrees");

    private final SentenceEncoder encoder = SentenceEncoder.load(EmbeddingModel.BGE_SMALL_ZH_V15_Q);
    private final EmbeddingFaqReranker raw = EmbeddingFaqReranker.builder(encoder).languages("ja")
        .answerTokens(EmbeddingRerankerProvider.BgeSmallZh.ANSWER_TOKENS).build();
    private final Map<String, float[]> queries = new HashMap<>();
    private final Map<String, float[]> questions = new HashMap<>();

    /** The shipped reranker's scores (min-max rescaled similarities), with the query vectors cached. */
    FaqReranker reranker() {
        return new FaqReranker() {
            @Override
            public String name() {
                return raw.name();
            }

            @Override
            public void prepare(Locale locale, List<Candidate> entries) {
                raw.prepare(locale, entries);
            }

            @Override
            public double[] score(String query, Locale locale, List<Candidate> candidates) {
                float[] q = query(query);
                double[] s = new double[candidates.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = raw.similarity(q, candidates.get(i));
                }
                return Vectors.minMax(s);
            }
        };
    }

    /**
     * The cosine evidence of a match.
     *
     * @param query       the query
     * @param catalog     the catalog it was matched against
     * @param top         the id of the matcher's first candidate ("" when none)
     * @param lexicalTop  the id of the lexical matcher's first candidate ("" when none)
     * @return {reranker similarity of the top FAQ (question plus answer), cosine of the top FAQ's question alone,
     *     the first minus the best of the other FAQs of the catalog, the second likewise, 1 when the top FAQ is the
     *     catalog's most similar, 1 when the lexical top is}
     */
    double[] features(String query, List<FaqEntry> catalog, String top, String lexicalTop) {
        float[] q = query(query);
        double topSim = 0;
        double topQuestion = 0;
        double bestOther = -1;
        double bestOtherQuestion = -1;
        double best = Double.NEGATIVE_INFINITY;
        String bestId = "";
        for (FaqEntry e : catalog) {
            double sim = raw.similarity(q, new FaqReranker.Candidate(e.id(), 0, e.question(), e.phrasings(),
                e.answer(), 0));
            double question = SentenceEncoder.cosine(q, questions.computeIfAbsent(e.id(),
                k -> encoder.embed(e.question())));
            if (sim > best) {
                best = sim;
                bestId = e.id();
            }
            if (e.id().equals(top)) {
                topSim = sim;
                topQuestion = question;
            } else {
                bestOther = Math.max(bestOther, sim);
                bestOtherQuestion = Math.max(bestOtherQuestion, question);
            }
        }
        if (top.isEmpty()) {
            return new double[NAMES.size()];
        }
        return new double[] {topSim, topQuestion, topSim - bestOther, topQuestion - bestOtherQuestion,
            bestId.equals(top) ? 1 : 0, bestId.equals(lexicalTop) ? 1 : 0};
    }

    private float[] query(String text) {
        return queries.computeIfAbsent(text, encoder::embed);
    }
}
