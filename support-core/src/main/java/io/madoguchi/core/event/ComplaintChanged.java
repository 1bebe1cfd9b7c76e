package io.madoguchi.core.event;

import io.madoguchi.core.Principal;
import io.madoguchi.core.ticket.Ticket;
import java.time.Instant;

/**
 * A ticket was flagged or unflagged as a complaint (クレーム). Immutable and thread-safe.
 *
 * @param ticket the ticket after the change
 * @param principal who did it
 * @param occurredAt when
 * @param complaint whether it is now flagged as a complaint (クレーム)
 */
public record ComplaintChanged(Ticket ticket, Principal principal, Instant occurredAt,
        boolean complaint) implements TicketEvent {

    /** Staff-only: customers never see this event. */
    @Override
    public boolean visibleTo(Principal viewer) {
        return viewer.isStaff() && viewer.tenantId().equals(tenantId());
    }
}
