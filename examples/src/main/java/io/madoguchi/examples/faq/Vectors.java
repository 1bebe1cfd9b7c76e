package io.madoguchi.examples.faq;

import io.madoguchi.core.faq.FaqReranker;
import java.util.List;

/**
 * Small vector and score helpers shared by the embedding rerankers (in-process and remote).
 */
public final class Vectors {

    private Vectors() {
    }

    /**
     * Cosine similarity of two vectors of equal length.
     *
     * @param a a vector
     * @param b a vector of the same length
     * @return the cosine in [-1, 1]; 0 when either vector is all zeros
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " vs " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /**
     * Rescales scores to [0, 1] in place: the lowest becomes 0 and the highest 1; when all are equal,
     * all become 1 (the scores then say nothing to tell the candidates apart).
     *
     * @param scores the scores (changed in place)
     * @return {@code scores}
     */
    public static double[] minMax(double[] scores) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = max > min ? (scores[i] - min) / (max - min) : 1;
        }
        return scores;
    }

    /**
     * What a reranker returns when it cannot or should not score: each candidate's lexical score
     * divided by the top one. A matcher that mixes this with the normalized lexical score ranks
     * exactly as lexical matching alone.
     *
     * @param candidates the lexical candidates, best first
     * @return one score per candidate in [0, 1] (all 0 when no lexical score is positive)
     */
    public static double[] lexicalOverTop(List<FaqReranker.Candidate> candidates) {
        double top = candidates.stream().mapToDouble(FaqReranker.Candidate::lexicalScore).max().orElse(0);
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = top > 0 ? candidates.get(i).lexicalScore() / top : 0;
        }
        return scores;
    }
}
