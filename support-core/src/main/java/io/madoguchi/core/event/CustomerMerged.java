package io.madoguchi.core.event;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.util.List;

/**
 * Two customers were merged: the merged customer's identities and tickets moved to the survivor. Immutable and
 * thread-safe.
 *
 * @param tenantId the tenant
 * @param principal who did it
 * @param occurredAt when
 * @param survivor the customer that remains
 * @param merged the customer merged into the survivor
 * @param movedTickets the tickets whose requester changed
 */
public record CustomerMerged(TenantId tenantId, Principal principal, Instant occurredAt, CustomerId survivor,
                             CustomerId merged, List<TicketId> movedTickets) implements DeskEvent {

    /**
     * Copies the list.
     *
     * @param tenantId the tenant
     * @param principal who did it
     * @param occurredAt when
     * @param survivor the customer that remains
     * @param merged the customer merged into the survivor
     * @param movedTickets the tickets whose requester changed
     */
    public CustomerMerged {
        movedTickets = List.copyOf(movedTickets);
    }

    @Override
    public boolean visibleTo(Principal viewer) {
        return viewer.tenantId().equals(tenantId) && viewer.isStaff();
    }
}
