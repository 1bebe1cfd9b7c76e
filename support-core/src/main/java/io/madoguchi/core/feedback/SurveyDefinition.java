package io.madoguchi.core.feedback;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A survey: one or several questions, the reasons offered on a low score, and whether a low score needs one.
 *
 * @param id the survey's identifier
 * @param questions the questions in order; at least one, ids unique
 * @param reasons the reasons a customer may pick on a low score (may be empty)
 * @param reasonRequiredOnLowScore whether a low score on the first scored question must come with a reason
 * @param reasonPrompt the text asking for a reason
 */
public record SurveyDefinition(String id, List<Question> questions, List<ReasonOption> reasons,
                               boolean reasonRequiredOnLowScore, LocalizedText reasonPrompt) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** Default text asking for a reason on a low score. */
    public static final LocalizedText REASON_PROMPT = new LocalizedText(
        "差し支えなければ、その理由を教えてください。", "Could you tell us the main reason?");

    /**
     * @param id the survey's identifier
     * @param questions the questions in order; at least one, ids unique
     * @param reasons the reasons a customer may pick on a low score (may be empty)
     * @param reasonRequiredOnLowScore whether a low score on the first scored question must come with a reason
     * @param reasonPrompt the text asking for a reason
     * @throws ValidationException listing every problem: malformed id, no questions, duplicate question or reason ids
     */
    public SurveyDefinition {
        List<Violation> violations = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            violations.add(new Violation("survey.id", "must be 1-64 of a-z, 0-9, '_', '-'; was '" + id + "'"));
        }
        if (questions == null || questions.isEmpty()) {
            violations.add(new Violation("survey.questions", "must hold at least one question"));
        } else {
            Set<String> seen = new HashSet<>();
            for (Question q : questions) {
                if (!seen.add(q.id())) {
                    violations.add(new Violation("survey.questions", "duplicate question id '" + q.id() + "'"));
                }
            }
        }
        if (reasons == null) {
            violations.add(new Violation("survey.reasons", "must not be null"));
        } else {
            Set<String> seen = new HashSet<>();
            for (ReasonOption r : reasons) {
                if (!seen.add(r.code())) {
                    violations.add(new Violation("survey.reasons", "duplicate reason code '" + r.code() + "'"));
                }
            }
        }
        if (reasonPrompt == null) {
            violations.add(new Violation("survey.reasonPrompt", "must not be null"));
        }
        if (reasonRequiredOnLowScore && reasons != null && reasons.isEmpty()) {
            violations.add(new Violation("survey.reasons",
                "must not be empty when a reason is required on a low score"));
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        questions = List.copyOf(questions);
        reasons = List.copyOf(reasons);
    }

    /**
     * @param id the survey's id
     * @param questions the questions in order
     * @return a survey with the default reasons, reason optional, default reason prompt
     * @throws ValidationException if the definition is invalid
     */
    public static SurveyDefinition of(String id, Question... questions) {
        return new SurveyDefinition(id, List.of(questions), ReasonOption.defaults(), false, REASON_PROMPT);
    }

    /** @return the default post-solve survey: one 1–5 CSAT question and an optional comment */
    public static SurveyDefinition defaultCsat() {
        return of("csat", Question.csat());
    }

    /** @return the default relationship survey: one NPS question */
    public static SurveyDefinition defaultNps() {
        return of("nps", Question.nps());
    }

    /**
     * @param questionId a question id
     * @return the question
     * @throws ValidationException if the survey has no such question
     */
    public Question question(String questionId) {
        return find(questionId)
            .orElseThrow(() -> ValidationException.of("answers.questionId",
                "survey '" + id + "' has no question '" + questionId + "'"));
    }

    /**
     * @param questionId a question id
     * @return the question, if the survey has it
     */
    public Optional<Question> find(String questionId) {
        return questions.stream().filter(q -> q.id().equals(questionId)).findFirst();
    }

    /**
     * @param code a reason code
     * @return whether the survey offers it
     */
    public boolean offersReason(String code) {
        return reasons.stream().anyMatch(r -> r.code().equals(code));
    }
}
