package io.madoguchi.core.ticket;

import io.madoguchi.core.TicketId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Changes a ticket's priority. Immutable and thread-safe.
 *
 * @param ticketId the ticket
 * @param priority the new value
 * @param expectedVersion the version the change is based on, or {@link TicketCommand#LATEST}
 */
public record ChangePriority(@NotNull TicketId ticketId, @NotNull Priority priority,
        @PositiveOrZero long expectedVersion)
    implements TicketCommand {

    /**
     * @param ticketId the ticket
     * @param priority the new value
     * @return the command, applied to the current version
     */
    public static ChangePriority of(TicketId ticketId, Priority priority) {
        return new ChangePriority(ticketId, priority, LATEST);
    }
}
