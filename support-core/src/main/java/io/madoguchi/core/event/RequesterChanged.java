package io.madoguchi.core.event;

import io.madoguchi.core.Principal;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.ticket.Ticket;
import java.time.Instant;

/**
 * A ticket's requester changed, for example by a customer merge. Immutable and thread-safe.
 *
 * @param ticket the ticket after the change
 * @param principal who did it
 * @param occurredAt when
 * @param from the requester before
 * @param to the requester after
 */
public record RequesterChanged(Ticket ticket, Principal principal, Instant occurredAt, CustomerId from,
        CustomerId to) implements TicketEvent {
}
