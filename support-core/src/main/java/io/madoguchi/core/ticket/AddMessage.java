package io.madoguchi.core.ticket;

import io.madoguchi.core.TicketId;
import io.madoguchi.core.internal.Masked;
import io.madoguchi.core.internal.PlainText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Adds a public reply or an internal note. Immutable and thread-safe.
 *
 * @param ticketId the ticket
 * @param visibility public reply or internal note (customers may only add public replies)
 * @param body the text, 1 to 65,536 characters of visible text (tab and line breaks allowed, other control
 *     characters, lone surrogates and bidirectional controls not)
 * @param attachments attachment metadata, at most 20
 * @param expectedVersion the version the change is based on, or {@link TicketCommand#LATEST}
 * @param delivery for a public reply by staff or a bot: send it on the ticket's channel ({@link Delivery#SEND}, the
 *     default) or only record it; ignored for internal notes and customers' messages
 */
public record AddMessage(
    @NotNull TicketId ticketId,
    @NotNull Visibility visibility,
    @NotNull @PlainText(multiline = true) @Size(max = 65_536) String body,
    @NotNull @Size(max = 20) List<@NotNull @Valid Attachment> attachments,
    @PositiveOrZero long expectedVersion,
    @NotNull Delivery delivery) implements TicketCommand {

    /**
     * A message sent as the default {@link Delivery#SEND} says.
     *
     * @param ticketId the ticket
     * @param visibility public reply or internal note
     * @param body the text
     * @param attachments attachment metadata
     * @param expectedVersion the version the change is based on, or {@link TicketCommand#LATEST}
     */
    public AddMessage(TicketId ticketId, Visibility visibility, String body, List<Attachment> attachments,
                      long expectedVersion) {
        this(ticketId, visibility, body, attachments, expectedVersion, Delivery.SEND);
    }

    /**
     * @param ticketId the ticket
     * @param body the text
     * @return a public reply to the current version
     */
    public static AddMessage reply(TicketId ticketId, String body) {
        return new AddMessage(ticketId, Visibility.PUBLIC, body, List.of(), LATEST);
    }

    /**
     * @param ticketId the ticket
     * @param body the text
     * @return an internal note on the current version
     */
    public static AddMessage note(TicketId ticketId, String body) {
        return new AddMessage(ticketId, Visibility.INTERNAL, body, List.of(), LATEST);
    }

    /**
     * @param files attachment metadata
     * @return a copy with these attachments
     */
    public AddMessage withAttachments(List<Attachment> files) {
        return new AddMessage(ticketId, visibility, body, files, expectedVersion, delivery);
    }

    /**
     * @param version the version the change is based on
     * @return a copy that fails with a conflict unless the ticket is still at {@code version}
     */
    public AddMessage basedOn(long version) {
        return new AddMessage(ticketId, visibility, body, attachments, version, delivery);
    }

    /**
     * @return a copy that is only recorded, not sent (the reply reached the customer another way)
     */
    public AddMessage recordOnly() {
        return new AddMessage(ticketId, visibility, body, attachments, expectedVersion, Delivery.RECORD_ONLY);
    }

    /** @return a description without the text or attachment names (personal data), for logs */
    @Override
    public String toString() {
        return "AddMessage[" + ticketId + " " + visibility + ", body=" + Masked.chars(body) + ", attachments="
            + Masked.count(attachments) + ", expectedVersion=" + expectedVersion + ", " + delivery + "]";
    }
}
