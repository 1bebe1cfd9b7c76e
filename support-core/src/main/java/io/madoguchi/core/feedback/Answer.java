package io.madoguchi.core.feedback;

import org.jspecify.annotations.Nullable;

/**
 * The answer to one question.
 *
 * @param questionId the question
 * @param score the score, for scored questions
 * @param text the text, for free-text questions
 */
public record Answer(String questionId, @Nullable Integer score, @Nullable String text) {

    /**
     * @param questionId the question
     * @param score its score
     * @return a scored answer
     */
    public static Answer score(String questionId, int score) {
        return new Answer(questionId, score, null);
    }

    /**
     * @param questionId the question
     * @param text the answer
     * @return a text answer
     */
    public static Answer text(String questionId, String text) {
        return new Answer(questionId, null, text);
    }

    /** @return a description without the text (personal data), for logs */
    @Override
    public String toString() {
        return "Answer[" + questionId + ", score=" + score + ", text="
            + (text == null ? "none" : text.length() + " chars") + "]";
    }
}
