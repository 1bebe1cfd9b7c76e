package io.madoguchi.core.event;

import io.madoguchi.core.Principal;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketType;
import java.time.Instant;

/**
 * A ticket's type changed. Immutable and thread-safe.
 *
 * @param ticket the ticket after the change
 * @param principal who did it
 * @param occurredAt when
 * @param from the type before
 * @param to the type after
 */
public record TypeChanged(Ticket ticket, Principal principal, Instant occurredAt, TicketType from,
        TicketType to) implements TicketEvent {
}
