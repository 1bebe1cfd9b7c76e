package io.madoguchi.core.event;

import io.madoguchi.core.Principal;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import java.time.Instant;

/**
 * A ticket's priority changed. Immutable and thread-safe.
 *
 * @param ticket the ticket after the change
 * @param principal who did it
 * @param occurredAt when
 * @param from the priority before
 * @param to the priority after
 */
public record PriorityChanged(Ticket ticket, Principal principal, Instant occurredAt, Priority from,
        Priority to) implements TicketEvent {
}
