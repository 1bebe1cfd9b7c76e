package io.madoguchi.core.event;

import io.madoguchi.core.Principal;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Instant;

/**
 * A ticket's status changed. Immutable and thread-safe.
 *
 * @param ticket the ticket after the change
 * @param principal who did it
 * @param occurredAt when
 * @param from the status before
 * @param to the status after
 */
public record StatusChanged(Ticket ticket, Principal principal, Instant occurredAt, TicketStatus from,
        TicketStatus to) implements TicketEvent {
}
