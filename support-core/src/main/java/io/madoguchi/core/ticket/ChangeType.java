package io.madoguchi.core.ticket;

import io.madoguchi.core.TicketId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Changes a ticket's type. Immutable and thread-safe.
 *
 * @param ticketId the ticket
 * @param type the new value
 * @param expectedVersion the version the change is based on, or {@link TicketCommand#LATEST}
 */
public record ChangeType(@NotNull TicketId ticketId, @NotNull TicketType type, @PositiveOrZero long expectedVersion)
    implements TicketCommand {

    /**
     * @param ticketId the ticket
     * @param type the new value
     * @return the command, applied to the current version
     */
    public static ChangeType of(TicketId ticketId, TicketType type) {
        return new ChangeType(ticketId, type, LATEST);
    }
}
