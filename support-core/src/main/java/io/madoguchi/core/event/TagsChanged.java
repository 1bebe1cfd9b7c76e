package io.madoguchi.core.event;

import io.madoguchi.core.Principal;
import io.madoguchi.core.ticket.Ticket;
import java.time.Instant;
import java.util.Set;

/**
 * Tags were added to or removed from a ticket. Immutable and thread-safe.
 *
 * @param ticket the ticket after the change
 * @param principal who did it
 * @param occurredAt when
 * @param added tags added
 * @param removed tags removed
 */
public record TagsChanged(Ticket ticket, Principal principal, Instant occurredAt, Set<String> added,
        Set<String> removed) implements TicketEvent {

    /** Staff-only: customers never see this event. */
    @Override
    public boolean visibleTo(Principal viewer) {
        return viewer.isStaff() && viewer.tenantId().equals(tenantId());
    }
}
