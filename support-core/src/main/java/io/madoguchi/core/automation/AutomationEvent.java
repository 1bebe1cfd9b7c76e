package io.madoguchi.core.automation;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.event.TicketEvent;
import io.madoguchi.core.sla.SlaTicket;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Visibility;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a ticket, as triggers see it. Immutable.
 *
 * @param kind what happened
 * @param ticket the ticket's facts after it happened
 * @param text the message text for message events; empty otherwise
 * @param at when
 */
public record AutomationEvent(Kind kind, SlaTicket ticket, String text, Instant at) {

    /** What happened. */
    public enum Kind {
        /** The ticket was created (its first message is {@link #text()}). */
        CREATED,
        /** The customer wrote. */
        CUSTOMER_MESSAGE,
        /** An agent replied publicly. */
        AGENT_REPLY,
        /** The ticket's fields or status changed. */
        UPDATED
    }

    /**
     * @param kind what happened
     * @param ticket the ticket's facts after it happened
     * @param text the message text for message events; empty otherwise
     * @param at when
     * @throws NullPointerException if a component is null
     */
    public AutomationEvent {
        requireNonNull(kind, "kind");
        requireNonNull(ticket, "ticket");
        requireNonNull(text, "text");
        requireNonNull(at, "at");
    }

    /**
     * What triggers see of a committed desk event: a new ticket with its first message, a public message by the
     * customer or an agent, or any other change as {@link Kind#UPDATED}.
     *
     * @param event a desk ticket event
     * @param facts the ticket's facts after it
     * @return the automation event; null for an internal note, which triggers do not see
     */
    public static @Nullable AutomationEvent of(TicketEvent event, SlaTicket facts) {
        requireNonNull(event, "event");
        requireNonNull(facts, "facts");
        if (event instanceof TicketCreated c) {
            return new AutomationEvent(Kind.CREATED, facts, c.firstMessage().body(), event.occurredAt());
        } else if (event instanceof MessageAdded m) {
            Message msg = m.message();
            if (msg.visibility() != Visibility.PUBLIC) {
                return null;
            }
            Kind kind = msg.authorKind() == AuthorKind.CUSTOMER ? Kind.CUSTOMER_MESSAGE
                : msg.authorKind() == AuthorKind.AGENT ? Kind.AGENT_REPLY : Kind.UPDATED;
            return new AutomationEvent(kind, facts, msg.body(), event.occurredAt());
        }
        return new AutomationEvent(Kind.UPDATED, facts, "", event.occurredAt());
    }

    /** @return a description without the message text (personal data), for logs */
    @Override
    public String toString() {
        return "AutomationEvent[" + kind + " " + ticket.id() + ", text=" + text.length() + " chars, at=" + at + "]";
    }
}
