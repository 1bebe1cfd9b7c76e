package io.madoguchi.core.store;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import java.util.List;

/**
 * One ticket's part of an atomic write: the new snapshot, the messages to append and the audit entry. A snapshot
 * with version 1 creates the ticket; a higher version replaces version {@code version - 1}. Immutable and thread-safe.
 *
 * @param ticket the snapshot after the change
 * @param newMessages messages to append, in order (their {@code seq} continue the ticket's), unmodifiable
 * @param audit the history entry of this step (its version equals the snapshot's)
 */
public record TicketWrite(Ticket ticket, List<Message> newMessages, AuditEntry audit) {

    /**
     * @param ticket the snapshot after the change
     * @param newMessages messages to append, in order (their {@code seq} continue the ticket's), unmodifiable
     * @param audit the history entry of this step (its version equals the snapshot's)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the audit entry's version differs from the snapshot's
     */
    public TicketWrite {
        requireNonNull(ticket, "ticket");
        newMessages = List.copyOf(newMessages);
        requireNonNull(audit, "audit");
        if (audit.version() != ticket.version()) {
            throw new IllegalArgumentException("audit version " + audit.version() + " != ticket version "
                    + ticket.version());
        }
    }
}
