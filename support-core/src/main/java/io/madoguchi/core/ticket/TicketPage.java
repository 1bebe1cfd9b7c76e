package io.madoguchi.core.ticket;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One page of query results. Immutable and thread-safe.
 *
 * @param tickets the tickets, in the query's order, unmodifiable
 * @param nextCursor the opaque cursor of the next page, or empty text when this is the last page
 */
public record TicketPage(List<Ticket> tickets, String nextCursor) {

    /**
     * @param tickets the tickets, in the query's order, unmodifiable
     * @param nextCursor the opaque cursor of the next page, or empty text when this is the last page
     * @throws NullPointerException if an argument is null
     */
    public TicketPage {
        tickets = List.copyOf(tickets);
        requireNonNull(nextCursor, "nextCursor");
    }

    /** @return the cursor of the next page, if there is one */
    public Optional<String> next() {
        return nextCursor.isEmpty() ? Optional.empty() : Optional.of(nextCursor);
    }
}
