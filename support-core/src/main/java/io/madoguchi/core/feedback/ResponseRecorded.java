package io.madoguchi.core.feedback;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A survey response was recorded. The event carries the scored questions it answers as the survey defined them
 * when it was answered (kind and scale), so that a reader of the event log alone, such as a metrics engine reading
 * an export, reads a 1–10 CSAT on its own scale without the survey's definition.
 *
 * @param response the response
 * @param questions the survey's scored questions that the response's answers score, as defined when it was
 *     answered; empty for an event recorded without them (an older export), whose readers fall back to the survey
 *     definitions they know
 * @param at when
 */
public record ResponseRecorded(SurveyResponse response, List<Question> questions, Instant at)
    implements FeedbackEvent {

    /**
     * Copies the questions; a null list (an event stored before the questions were carried) is empty.
     *
     * @param response the response
     * @param questions the answered scored questions
     * @param at when
     */
    public ResponseRecorded {
        questions = questions == null ? List.of() : List.copyOf(questions);
    }

    /**
     * A response recorded without its questions' definitions.
     *
     * @param response the response
     * @param at when
     */
    public ResponseRecorded(SurveyResponse response, Instant at) {
        this(response, List.of(), at);
    }

    /**
     * @param questionId a question's id
     * @return the question as the survey defined it when the response was recorded, if the event carries it
     */
    public Optional<Question> question(String questionId) {
        for (Question q : questions) {
            if (q.id().equals(questionId)) {
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }

    @Override
    public io.madoguchi.core.TenantId tenantId() {
        return response.tenant();
    }

    @Override
    public io.madoguchi.core.@Nullable TicketId ticketId() {
        return response.ticket();
    }
}
