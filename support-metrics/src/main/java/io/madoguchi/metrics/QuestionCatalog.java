package io.madoguchi.metrics;

import io.madoguchi.core.feedback.Question;
import io.madoguchi.core.feedback.SurveyDefinition;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Tells what a survey answer measures when its {@code ResponseRecorded} event does not carry the question (events
 * recorded before they did): such an event names only its survey and question ids, and the question's kind (CSAT,
 * NPS, CES) and scale come from the survey's definition. An event that carries its questions is read by them.
 */
@FunctionalInterface
public interface QuestionCatalog {

    /**
     * @param surveyId the survey
     * @param questionId the question
     * @return the question, or null if unknown (its answers are not counted)
     */
    @Nullable Question question(String surveyId, String questionId);

    /**
     * The library's default questions by id, in any survey: {@code csat} (1–5), {@code nps} (0–10) and {@code ces}
     * (1–7), as {@link Question#csat()}, {@link Question#nps()} and {@link Question#ces()} define them.
     *
     * @return the catalog
     */
    static QuestionCatalog defaults() {
        Question csat = Question.csat();
        Question nps = Question.nps();
        Question ces = Question.ces();
        return (survey, question) -> switch (question) {
            case "csat" -> csat;
            case "nps" -> nps;
            case "ces" -> ces;
            default -> null;
        };
    }

    /**
     * @param surveys the desk's survey definitions
     * @return a catalog that looks questions up in them, falling back to {@link #defaults()} for unknown surveys
     */
    static QuestionCatalog of(Collection<SurveyDefinition> surveys) {
        Map<String, Map<String, Question>> byId = new HashMap<>();
        for (SurveyDefinition s : surveys) {
            Map<String, Question> qs = new HashMap<>();
            s.questions().forEach(q -> qs.put(q.id(), q));
            byId.put(s.id(), Map.copyOf(qs));
        }
        QuestionCatalog fallback = defaults();
        return (survey, question) -> {
            Map<String, Question> qs = byId.get(survey);
            return qs == null ? fallback.question(survey, question) : qs.get(question);
        };
    }
}
