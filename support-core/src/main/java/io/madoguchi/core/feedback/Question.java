package io.madoguchi.core.feedback;

import io.madoguchi.core.ValidationException;
import java.util.regex.Pattern;

/**
 * One question of a survey.
 *
 * @param id the question's identifier within its survey: lower-case letters, digits, {@code _} or {@code -}
 * @param kind what the question measures
 * @param min the lowest score (ignored for {@link QuestionKind#TEXT})
 * @param max the highest score (ignored for {@link QuestionKind#TEXT})
 * @param prompt the question's text in ja and en
 * @param required whether an answer must be given
 */
public record Question(String id, QuestionKind kind, int min, int max, LocalizedText prompt, boolean required) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /** Default CSAT question text. */
    public static final LocalizedText CSAT_PROMPT = new LocalizedText(
        "今回のサポートにはどの程度満足されましたか？",
        "How satisfied were you with the support you received?");
    /** Default NPS question text. */
    public static final LocalizedText NPS_PROMPT = new LocalizedText(
        "当社を友人や同僚に薦める可能性はどのくらいありますか？",
        "How likely are you to recommend us to a friend or colleague?");
    /** Default CES question text. */
    public static final LocalizedText CES_PROMPT = new LocalizedText(
        "問題の解決はどのくらい簡単でしたか？", "How easy was it to get your issue resolved?");

    /**
     * @param id the question's identifier within its survey: lower-case letters, digits, {@code _} or {@code -}
     * @param kind what the question measures
     * @param min the lowest score (ignored for {@link QuestionKind#TEXT})
     * @param max the highest score (ignored for {@link QuestionKind#TEXT})
     * @param prompt the question's text in ja and en
     * @param required whether an answer must be given
     * @throws ValidationException if the id is malformed, the scale fits the kind badly, or a value is null
     */
    public Question {
        if (id == null || !ID.matcher(id).matches()) {
            throw ValidationException.of("question.id",
                "must be 1-32 lower-case letters, digits, '_' or '-'; was '" + id + "'");
        }
        if (kind == null) {
            throw ValidationException.of("question.kind", "must not be null");
        }
        if (prompt == null) {
            throw ValidationException.of("question.prompt", "must not be null");
        }
        switch (kind) {
            case CSAT -> {
                if (min != 1 || max < 3 || max > 10) {
                    throw ValidationException.of("question.scale",
                        "a CSAT scale runs from 1 to 3..10; was " + min + ".." + max);
                }
            }
            case NPS -> {
                if (min != 0 || max != 10) {
                    throw ValidationException.of("question.scale",
                        "an NPS scale runs from 0 to 10; was " + min + ".." + max);
                }
            }
            case CES -> {
                if (min != 1 || max != 7) {
                    throw ValidationException.of("question.scale",
                        "a CES scale runs from 1 to 7; was " + min + ".." + max);
                }
            }
            case TEXT -> {
                min = 0;
                max = 0;
            }
        }
    }

    /** @return the default CSAT question: 1 to 5 stars, required */
    public static Question csat() {
        return csat(5);
    }

    /**
     * @param max the highest score, 3 to 10
     * @return a required CSAT question from 1 to {@code max} with the default text
     * @throws ValidationException if {@code max} is out of range
     */
    public static Question csat(int max) {
        return new Question("csat", QuestionKind.CSAT, 1, max, CSAT_PROMPT, true);
    }

    /** @return the default NPS question, 0 to 10, required */
    public static Question nps() {
        return new Question("nps", QuestionKind.NPS, 0, 10, NPS_PROMPT, true);
    }

    /** @return the default CES question, 1 to 7, required */
    public static Question ces() {
        return new Question("ces", QuestionKind.CES, 1, 7, CES_PROMPT, true);
    }

    /**
     * @param id the question's id
     * @param prompt its text
     * @return an optional free-text question
     */
    public static Question text(String id, LocalizedText prompt) {
        return new Question(id, QuestionKind.TEXT, 0, 0, prompt, false);
    }

    /** @return whether the question takes a score */
    public boolean scored() {
        return kind != QuestionKind.TEXT;
    }

    /**
     * @param score a score
     * @return whether this question takes it: the question is scored and the score is on its scale
     */
    public boolean takes(int score) {
        return scored() && score >= min && score <= max;
    }

    /**
     * A low score asks for a reason: the bottom 40% of the scale's points (for 1–5: 1 and 2; NPS: detractors 0–6).
     *
     * @param score a score on this question's scale
     * @return whether it counts as low
     */
    public boolean isLow(int score) {
        return switch (kind) {
            case NPS -> score <= 6;
            case CSAT, CES -> score < min + ScoreScales.topPoints(max - min + 1);
            case TEXT -> false;
        };
    }
}
