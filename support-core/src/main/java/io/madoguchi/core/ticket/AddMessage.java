package io.madoguchi.core.ticket;

import io.madoguchi.core.TicketId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Adds a public reply or an internal note. Immutable and thread-safe.
 *
 * @param ticketId the ticket
 * @param visibility public reply or internal note (customers may only add public replies)
 * @param body the text, 1 to 65,536 characters
 * @param attachments attachment metadata, at most 20
 * @param expectedVersion the version the change is based on, or {@link TicketCommand#LATEST}
 */
public record AddMessage(
    @NotNull TicketId ticketId,
    @NotNull Visibility visibility,
    @NotBlank @Size(max = 65_536) String body,
    @NotNull @Size(max = 20) List<@NotNull @Valid Attachment> attachments,
    @PositiveOrZero long expectedVersion) implements TicketCommand {

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
        return new AddMessage(ticketId, visibility, body, files, expectedVersion);
    }

    /**
     * @param version the version the change is based on
     * @return a copy that fails with a conflict unless the ticket is still at {@code version}
     */
    public AddMessage basedOn(long version) {
        return new AddMessage(ticketId, visibility, body, attachments, version);
    }
}
