package io.madoguchi.core.event;

import io.madoguchi.core.Principal;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.Visibility;
import java.time.Instant;

/**
 * A public reply or an internal note was added to a ticket. Immutable and thread-safe.
 *
 * @param ticket the ticket after the change
 * @param principal who did it
 * @param occurredAt when
 * @param message the message
 */
public record MessageAdded(Ticket ticket, Principal principal, Instant occurredAt, Message message)
    implements TicketEvent {

    /** @return public reply or internal note */
    public Visibility visibility() {
        return message.visibility();
    }

    /** @return who wrote it */
    public AuthorKind authorKind() {
        return message.authorKind();
    }

    /** @return whether this is a public reply */
    public boolean isPublicReply() {
        return message.visibility() == Visibility.PUBLIC;
    }

    @Override
    public boolean visibleTo(Principal viewer) {
        return TicketEvent.super.visibleTo(viewer) && (viewer.isStaff() || isPublicReply());
    }
}
