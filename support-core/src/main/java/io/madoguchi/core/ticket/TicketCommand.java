package io.madoguchi.core.ticket;

import io.madoguchi.core.TicketId;

/**
 * A change to one existing ticket, applied as one atomic step by {@code SupportDesk#apply}. Implementations are
 * immutable and thread-safe.
 *
 * <p>{@code expectedVersion} is the ticket version the caller based the change on: when it is positive and the
 * stored version differs, the change is refused with a {@code ConflictException}; {@link #LATEST} (0) applies
 * the change to whatever version is current (the step itself is still atomic).
 */
public sealed interface TicketCommand
    permits AddMessage, ChangeStatus, ChangePriority, ChangeType, SetComplaint, ChangeTags, SetCustomFields, Assign {

    /** {@code expectedVersion} meaning "apply to the current version". */
    long LATEST = 0;

    /** @return the ticket to change */
    TicketId ticketId();

    /** @return the version the change is based on, or {@link #LATEST} */
    long expectedVersion();
}
