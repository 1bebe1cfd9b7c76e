package io.madoguchi.core.event;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ticket.Ticket;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A ticket was merged into another one and closed; {@code ticket} is the merged (closed) ticket. Immutable and
 * thread-safe.
 *
 * <p>A customer is told the survivor only when it is their own ticket: {@link DeskListener#visibleTo} passes a
 * customer this event only for a merge into a ticket of the same requester (as the customer's reads name
 * {@code mergedInto} only then); of a merge into another customer's ticket they see the ticket closed.
 *
 * @param ticket the ticket after the change
 * @param principal who did it
 * @param occurredAt when
 * @param survivor the ticket it was merged into (which now holds its messages)
 * @param survivorRequester the survivor's requester at the merge; {@code null} if not known (an event stored before
 *     events recorded it), which counts as a merge into another customer's ticket
 */
public record TicketMerged(Ticket ticket, Principal principal, Instant occurredAt,
        TicketId survivor, @Nullable CustomerId survivorRequester) implements TicketEvent {

    /**
     * A merge whose survivor's requester is not known: shown to no customer.
     *
     * @param ticket the ticket after the change
     * @param principal who did it
     * @param occurredAt when
     * @param survivor the ticket it was merged into (which now holds its messages)
     */
    public TicketMerged(Ticket ticket, Principal principal, Instant occurredAt, TicketId survivor) {
        this(ticket, principal, occurredAt, survivor, null);
    }

    /**
     * @return whether the survivor is known to be a ticket of the merged ticket's own requester (it is not after a
     *     merge across requesters)
     */
    public boolean intoOwnTicket() {
        return ticket.requester().equals(survivorRequester);
    }
}
