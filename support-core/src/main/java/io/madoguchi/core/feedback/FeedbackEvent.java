package io.madoguchi.core.feedback;

import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened in the feedback module: delivered to {@link FeedbackListener}s and, when the survey service
 * or the improvement actions are built with an event log, appended to it for the log's subscribers.
 */
public sealed interface FeedbackEvent extends SupportEvent
    permits ResponseRecorded, ComplaintDetected, ImprovementActionCompleted, SurveyInvitationScheduled,
    SurveyInvitationSent, SurveyInvitationAnswered {

    @Override
    default Instant occurredAt() {
        return at();
    }

    @Override
    default String area() {
        return "feedback";
    }

    /**
     * @return {@code ticket:<id>} for an event about a ticket (ordered with the ticket's desk events), else
     *     {@code tenant:<id>}
     */
    @Override
    default String streamKey() {
        TicketId ticket = ticketId();
        return ticket != null ? "ticket:" + ticket.value() : "tenant:" + tenantId().value();
    }

    /** @return the ticket the event is about, if any */
    default @Nullable TicketId ticketId() {
        return null;
    }

    /** @return when it happened */
    Instant at();
}
