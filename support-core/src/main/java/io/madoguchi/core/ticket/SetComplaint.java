package io.madoguchi.core.ticket;

import io.madoguchi.core.TicketId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Flags or unflags a ticket as a complaint (クレーム). Flagging raises the priority to at least high. Immutable and
 * thread-safe.
 *
 * @param ticketId the ticket
 * @param complaint the new value
 * @param expectedVersion the version the change is based on, or {@link TicketCommand#LATEST}
 */
public record SetComplaint(@NotNull TicketId ticketId,  boolean complaint, @PositiveOrZero long expectedVersion)
    implements TicketCommand {

    /**
     * @param ticketId the ticket
     * @param complaint the new value
     * @return the command, applied to the current version
     */
    public static SetComplaint of(TicketId ticketId, boolean complaint) {
        return new SetComplaint(ticketId, complaint, LATEST);
    }
}
