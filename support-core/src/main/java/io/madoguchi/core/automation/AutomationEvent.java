package io.madoguchi.core.automation;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.sla.SlaTicket;
import java.time.Instant;

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

    /** @throws NullPointerException if a component is null */
    public AutomationEvent {
        requireNonNull(kind, "kind");
        requireNonNull(ticket, "ticket");
        requireNonNull(text, "text");
        requireNonNull(at, "at");
    }
}
