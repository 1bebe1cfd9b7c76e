package io.madoguchi.core.event;

import io.madoguchi.core.Principal;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A ticket was created. Immutable and thread-safe.
 *
 * @param ticket the ticket after the change
 * @param principal who did it
 * @param occurredAt when
 * @param firstMessage the ticket's first message
 * @param followUpOf the closed ticket this one follows up, if any
 */
public record TicketCreated(Ticket ticket, Principal principal, Instant occurredAt, Message firstMessage,
        @Nullable TicketId followUpOf) implements TicketEvent {
}
