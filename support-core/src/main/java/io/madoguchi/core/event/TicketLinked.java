package io.madoguchi.core.event;

import io.madoguchi.core.Principal;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketLink;
import java.time.Instant;

/**
 * A link to another ticket was added to a ticket (one event per side). Immutable and thread-safe.
 *
 * @param ticket the ticket after the change
 * @param principal who did it
 * @param occurredAt when
 * @param link the link added to {@code ticket}
 */
public record TicketLinked(Ticket ticket, Principal principal, Instant occurredAt,
        TicketLink link) implements TicketEvent {
}
