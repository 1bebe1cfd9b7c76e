package io.madoguchi.core.ticket;

import io.madoguchi.core.TicketId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Moves a ticket to another status, as the transition table allows. Immutable and thread-safe.
 *
 * @param ticketId the ticket
 * @param status the new value
 * @param expectedVersion the version the change is based on, or {@link TicketCommand#LATEST}
 */
public record ChangeStatus(@NotNull TicketId ticketId, @NotNull TicketStatus status,
        @PositiveOrZero long expectedVersion)
    implements TicketCommand {

    /**
     * @param ticketId the ticket
     * @param status the new value
     * @return the command, applied to the current version
     */
    public static ChangeStatus of(TicketId ticketId, TicketStatus status) {
        return new ChangeStatus(ticketId, status, LATEST);
    }
}
