package io.madoguchi.core.inbound;

import io.madoguchi.core.Channel;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.internal.LanguageTag;
import io.madoguchi.core.internal.PlainText;
import io.madoguchi.core.ticket.Attachment;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A customer's message as a channel received it, normalized: what {@code SupportDesk.receive} takes. Immutable;
 * {@code toString} never prints the text or the identity.
 *
 * @param channel the channel it came on
 * @param identity who sent it, as the channel knows them (LINE user id, phone number, email address…)
 * @param displayName the name to give the customer if they are new: one line of visible text (see
 *     {@link io.madoguchi.core.ticket.CreateTicket} for what text is refused)
 * @param text the message text: visible text; tab and line breaks are the only control characters allowed
 * @param attachments attachments, at most 20
 * @param providerMessageId the provider's id of the message (LINE message id, Twilio MessageSid, email Message-ID):
 *     a redelivery with the same id returns the stored message instead of writing twice; null if the provider has
 *     none
 * @param ticketHint a ticket the channel knows the message belongs to (a reply token, a ticket token in an email
 *     address); used only if it is the same customer's ticket; null if none
 * @param subject the subject for a new ticket, one line; null to take the start of the text
 * @param language the customer's language tag if the channel knows it (for example {@code ja}, {@code en-US}); null
 *     if not
 * @param hintOnly whether only the ticket hint may thread the message: without a usable hint it opens a new ticket
 *     instead of joining the customer's latest one on the channel (email, which threads by its headers and a ticket
 *     token and never by sender alone)
 */
public record InboundMessage(
    @NotNull Channel channel,
    @NotNull @Valid ChannelIdentity identity,
    @NotNull @PlainText @Size(max = 200) String displayName,
    @NotNull @PlainText(multiline = true) @Size(max = 65_536) String text,
    @NotNull @Size(max = 20) List<@NotNull @Valid Attachment> attachments,
    @Nullable @Size(min = 1, max = 500) String providerMessageId,
    @Nullable TicketId ticketHint,
    @Nullable @PlainText @Size(max = 250) String subject,
    @Nullable @LanguageTag String language,
    boolean hintOnly) {

    /**
     * Copies the attachments.
     *
     * @param channel the channel it came on
     * @param identity who sent it, as the channel knows them (LINE user id, phone number, email address…)
     * @param displayName the name to give the customer if they are new: one line of visible text (see
     *     {@link io.madoguchi.core.ticket.CreateTicket} for what text is refused)
     * @param text the message text: visible text; tab and line breaks are the only control characters allowed
     * @param attachments attachments, at most 20
     * @param providerMessageId the provider's id of the message (LINE message id, Twilio MessageSid, email Message-ID):
     *     a redelivery with the same id returns the stored message instead of writing twice; null if the provider has
     *     none
     * @param ticketHint a ticket the channel knows the message belongs to (a reply token, a ticket token in an email
     *     address); used only if it is the same customer's ticket; null if none
     * @param subject the subject for a new ticket, one line; null to take the start of the text
     * @param language the customer's language tag if the channel knows it (for example {@code ja}, {@code en-US}); null
     *     if not
     * @param hintOnly whether only the ticket hint may thread the message (without a usable one it opens a new ticket)
     */
    public InboundMessage {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /**
     * A message that joins the customer's latest ticket on the channel when it has no usable hint.
     *
     * @param channel the channel
     * @param identity the sender
     * @param displayName the name for a new customer
     * @param text the text
     * @param attachments the attachments
     * @param providerMessageId the provider's message id, or null
     * @param ticketHint the ticket the channel knows it belongs to, or null
     * @param subject the subject for a new ticket, or null
     * @param language the language tag, or null
     */
    public InboundMessage(Channel channel, ChannelIdentity identity, String displayName, String text,
                          List<Attachment> attachments, @Nullable String providerMessageId,
                          @Nullable TicketId ticketHint, @Nullable String subject, @Nullable String language) {
        this(channel, identity, displayName, text, attachments, providerMessageId, ticketHint, subject, language,
            false);
    }

    /**
     * @param channel the channel
     * @param identity the sender
     * @param displayName the name for a new customer
     * @param text the text
     * @param providerMessageId the provider's message id, or null
     * @return a message without attachments, hint, subject or language
     */
    public static InboundMessage of(Channel channel, ChannelIdentity identity, String displayName, String text,
                                    @Nullable String providerMessageId) {
        return new InboundMessage(channel, identity, displayName, text, List.of(), providerMessageId, null, null,
            null);
    }

    @Override
    public String toString() {
        return "InboundMessage[" + channel + ", " + identity.kind() + ", " + text.length() + " chars, "
            + attachments.size() + " attachments]";
    }
}
