package io.madoguchi.core.ticket;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TicketId;

/**
 * A link from a ticket to another. Immutable and thread-safe.
 *
 * @param type what the other ticket is to this one
 * @param other the other ticket
 */
public record TicketLink(LinkType type, TicketId other) {

    /**
     * @param type what the other ticket is to this one
     * @param other the other ticket
     * @throws NullPointerException if an argument is null
     */
    public TicketLink {
        requireNonNull(type, "type");
        requireNonNull(other, "other");
    }

    @Override
    public String toString() {
        return type.label() + ":" + other;
    }
}
