package io.madoguchi.core.feedback;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.feedback.text.ComplaintSignal;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Feedback text read as a complaint (クレーム).
 *
 * @param tenant the tenant
 * @param ticket the ticket it was about, if any
 * @param customer the customer
 * @param sourceId what held the text: a survey response id, or {@code message:<ticket>#<n>} for a ticket message
 * @param signal the cues and sentiment that made it a complaint
 * @param at when it was detected
 */
public record ComplaintDetected(TenantId tenant, @Nullable TicketId ticket, CustomerId customer, String sourceId,
                                ComplaintSignal signal, Instant at) implements FeedbackEvent {

    @Override
    public TenantId tenantId() {
        return tenant;
    }

    @Override
    public @Nullable TicketId ticketId() {
        return ticket;
    }

    /** @return the ticket, if the feedback was about one */
    public Optional<TicketId> aboutTicket() {
        return Optional.ofNullable(ticket);
    }
}
