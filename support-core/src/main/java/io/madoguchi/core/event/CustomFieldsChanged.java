package io.madoguchi.core.event;

import io.madoguchi.core.Principal;
import io.madoguchi.core.ticket.FieldChange;
import io.madoguchi.core.ticket.Ticket;
import java.time.Instant;
import java.util.List;

/**
 * Custom field values of a ticket changed. Immutable and thread-safe.
 *
 * @param ticket the ticket after the change
 * @param principal who did it
 * @param occurredAt when
 * @param changes each field changed
 */
public record CustomFieldsChanged(Ticket ticket, Principal principal, Instant occurredAt,
        List<FieldChange> changes) implements TicketEvent {

    /** Staff-only: customers never see this event. */
    @Override
    public boolean visibleTo(Principal viewer) {
        return viewer.isStaff() && viewer.tenantId().equals(tenantId());
    }
}
