package io.madoguchi.core.ticket;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.util.List;

/**
 * One message on a ticket: a public reply or an internal note. Immutable.
 *
 * @param ticketId the ticket it belongs to
 * @param seq its position on the ticket, 1-based
 * @param visibility public reply or internal note
 * @param authorKind who wrote it
 * @param authorId the author's principal id (customer id, agent id, component or bot name)
 * @param body the text
 * @param attachments attachment metadata, unmodifiable
 * @param createdAt when it was added
 */
public record Message(TicketId ticketId, int seq, Visibility visibility, AuthorKind authorKind, String authorId,
                      String body, List<Attachment> attachments, Instant createdAt) {

    /**
     * @param ticketId the ticket it belongs to
     * @param seq its position on the ticket, 1-based
     * @param visibility public reply or internal note
     * @param authorKind who wrote it
     * @param authorId the author's principal id (customer id, agent id, component or bot name)
     * @param body the text
     * @param attachments attachment metadata, unmodifiable
     * @param createdAt when it was added
     * @throws NullPointerException if an argument is null
     */
    public Message {
        requireNonNull(ticketId, "ticketId");
        requireNonNull(visibility, "visibility");
        requireNonNull(authorKind, "authorKind");
        requireNonNull(authorId, "authorId");
        requireNonNull(body, "body");
        attachments = attachments.isEmpty() ? List.of() : List.copyOf(attachments);
        requireNonNull(createdAt, "createdAt");
    }

    /** @return whether this is an internal note */
    public boolean isInternal() {
        return visibility == Visibility.INTERNAL;
    }

    /**
     * @param newTicket the ticket the message moves to
     * @param newSeq its position there
     * @return a copy on another ticket (used by merge)
     */
    public Message movedTo(TicketId newTicket, int newSeq) {
        return new Message(newTicket, newSeq, visibility, authorKind, authorId, body, attachments, createdAt);
    }

    /**
     * @return this message as an internal note (for staff only), everything else kept: how a merge across
     *     requesters keeps the source customer's messages from the target's customer
     */
    public Message asInternal() {
        return new Message(ticketId, seq, Visibility.INTERNAL, authorKind, authorId, body, attachments, createdAt);
    }

    /** @return a description without the text (personal data), for logs */
    @Override
    public String toString() {
        return "Message[" + ticketId + "#" + seq + " " + visibility + " by " + authorKind + ", " + body.length()
                + " chars]";
    }
}
