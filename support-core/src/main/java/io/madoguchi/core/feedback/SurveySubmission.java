package io.madoguchi.core.feedback;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a customer sends back.
 *
 * @param answers one answer per answered question
 * @param comment an optional free comment
 * @param reason an optional reason code, from the survey's reasons, for a low score
 */
public record SurveySubmission(List<Answer> answers, @Nullable String comment, @Nullable String reason) {

    /**
     * @param answers one answer per answered question
     * @param comment an optional free comment
     * @param reason an optional reason code, from the survey's reasons, for a low score
     * @throws NullPointerException if {@code answers} is null
     */
    public SurveySubmission {
        answers = List.copyOf(Objects.requireNonNull(answers, "answers"));
    }

    /**
     * @param questionId the question
     * @param score its score
     * @return a submission with one scored answer
     */
    public static SurveySubmission of(String questionId, int score) {
        return new SurveySubmission(List.of(Answer.score(questionId, score)), null, null);
    }

    /**
     * @param text the comment
     * @return a copy with that comment
     */
    public SurveySubmission withComment(String text) {
        return new SurveySubmission(answers, text, reason);
    }

    /**
     * @param code the reason code
     * @return a copy with that reason
     */
    public SurveySubmission withReason(String code) {
        return new SurveySubmission(answers, comment, code);
    }

    /** @return a description without the comment or the answers' text (personal data), for logs */
    @Override
    public String toString() {
        return "SurveySubmission[answers=" + answers + ", comment="
            + (comment == null ? "none" : comment.length() + " chars") + ", reason=" + reason + "]";
    }
}
