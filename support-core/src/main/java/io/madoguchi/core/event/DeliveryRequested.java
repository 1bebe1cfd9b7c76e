package io.madoguchi.core.event;

import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import java.time.Instant;

/**
 * A public reply is to be sent to the customer on the ticket's channel. Committed in the same change set as the
 * message, so the channel outbox (a subscriber) sends every stored reply exactly once and never one that was not
 * stored. Immutable and thread-safe.
 *
 * @param ticket the ticket after the change
 * @param principal who wrote the reply
 * @param occurredAt when
 * @param message the reply to send
 * @param channel the channel to send it on (the ticket's)
 */
public record DeliveryRequested(Ticket ticket, Principal principal, Instant occurredAt, Message message,
                                Channel channel) implements TicketEvent {

    @Override
    public boolean visibleTo(Principal viewer) {
        return viewer.tenantId().equals(tenantId()) && viewer.isStaff();
    }
}
