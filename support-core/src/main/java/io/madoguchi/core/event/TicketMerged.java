package io.madoguchi.core.event;

import io.madoguchi.core.Principal;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ticket.Ticket;
import java.time.Instant;

/**
 * A ticket was merged into another one and closed; {@code ticket} is the merged (closed) ticket. Immutable and
 * thread-safe.
 *
 * @param ticket the ticket after the change
 * @param principal who did it
 * @param occurredAt when
 * @param survivor the ticket it was merged into (which now holds its messages)
 */
public record TicketMerged(Ticket ticket, Principal principal, Instant occurredAt,
        TicketId survivor) implements TicketEvent {
}
