package io.madoguchi.core;

/**
 * A ticket.
 *
 * @param value the identifier: 1 to 128 characters, not blank, no control characters
 */
public record TicketId(String value) implements Comparable<TicketId> {

    /**
     * @param value the identifier: 1 to 128 characters, not blank, no control characters
     * @throws ValidationException if {@code value} is null, blank, too long or has control characters
     */
    public TicketId {
        Ids.check("ticketId", value);
    }

    /**
     * @param value the identifier
     * @return the id
     * @throws ValidationException if {@code value} is not a valid identifier
     */
    public static TicketId of(String value) {
        return new TicketId(value);
    }

    @Override
    public int compareTo(TicketId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
