package io.madoguchi.core.feedback.text;

/**
 * The polarity of a text.
 *
 * @param score from -1 (very negative) to +1 (very positive); 0 when no polar word was found
 * @param label the score's band
 */
public record Sentiment(double score, Label label) {

    /** Score bands: negative below -0.1, positive above +0.1, neutral between. */
    public enum Label {
        /** Below -0.1. */
        NEGATIVE,
        /** From -0.1 to +0.1. */
        NEUTRAL,
        /** Above +0.1. */
        POSITIVE
    }

    /**
     * @param score the score, clamped to [-1, 1]
     * @return the sentiment with its label
     */
    public static Sentiment of(double score) {
        double s = Math.max(-1, Math.min(1, score));
        Label label = s < -0.1 ? Label.NEGATIVE : s > 0.1 ? Label.POSITIVE : Label.NEUTRAL;
        return new Sentiment(s, label);
    }
}
