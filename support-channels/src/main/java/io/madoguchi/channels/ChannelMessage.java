package io.madoguchi.channels;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.Channel;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.ticket.Attachment;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One event of a provider's webhook, normalized: what an adapter's {@code parse} returns. Immutable;
 * {@code toString} never prints the text or the identity.
 *
 * @param channel the channel
 * @param kind what happened
 * @param identity who it came from
 * @param displayName the name for a new customer (the provider's display name, or a placeholder)
 * @param text the message text; empty for follow and unfollow
 * @param attachments attachments (metadata; the bytes stay with the provider)
 * @param context thread hints and reply token for the answer
 * @param providerEventId the provider's id of the event, the key of the dedupe claim; never null. For a message
 *     that the provider may send as more than one event (Slack's {@code message} and {@code app_mention}), an id
 *     of the message itself, so that each of those events dedupes to one stored message
 * @param occurredAt when the provider says it happened
 * @param ticketHint the ticket the channel knows the message belongs to (an email's known Message-ID or ticket
 *     token), or null
 * @param subject the subject for a new ticket, or null to take the start of the text
 * @param hintOnly whether only the hint may thread it (email): without a usable hint it opens a new ticket
 */
public record ChannelMessage(Channel channel, Kind kind, ChannelIdentity identity, String displayName, String text,
                             List<Attachment> attachments, ReplyContext context, String providerEventId,
                             Instant occurredAt, @Nullable TicketId ticketHint, @Nullable String subject,
                             boolean hintOnly) {

    /** Hint key of a {@link Kind#DELIVERY_STATUS} message: the provider's error code, if it reported one. */
    public static final String HINT_ERROR_CODE = "provider.errorCode";

    /** What a webhook event is. */
    public enum Kind {
        /** A customer wrote: stored as a message on a ticket. */
        MESSAGE,
        /** A button or quick reply was pressed: stored as a message with its data as the text. */
        POSTBACK,
        /** The customer added the account: the customer is created, no ticket. */
        FOLLOW,
        /** The customer blocked or removed the account: recorded as a channel event only. */
        UNFOLLOW,
        /**
         * The provider reported the status of a message the desk sent (its text is the status, the provider event
         * id {@code <message id>/<status>}): recorded as a channel event only, once per message and status.
         */
        DELIVERY_STATUS
    }

    /**
     * @param channel the channel
     * @param kind what happened
     * @param identity who it came from
     * @param displayName the name for a new customer (the provider's display name, or a placeholder)
     * @param text the message text; empty for follow and unfollow
     * @param attachments attachments (metadata; the bytes stay with the provider)
     * @param context thread hints and reply token for the answer
     * @param providerEventId the provider's id of the event, the key of the dedupe claim; never null
     * @param occurredAt when the provider says it happened
     * @param ticketHint the ticket the channel knows it belongs to, or null
     * @param subject the subject for a new ticket, or null
     * @param hintOnly whether only the hint may thread it
     * @throws NullPointerException if an argument is null
     */
    public ChannelMessage {
        requireNonNull(channel, "channel");
        requireNonNull(kind, "kind");
        requireNonNull(identity, "identity");
        requireNonNull(displayName, "displayName");
        requireNonNull(text, "text");
        attachments = List.copyOf(attachments);
        requireNonNull(context, "context");
        requireNonNull(providerEventId, "providerEventId");
        requireNonNull(occurredAt, "occurredAt");
    }

    /**
     * An event that joins the customer's latest ticket on the channel, without hint or subject.
     *
     * @param channel the channel
     * @param kind what happened
     * @param identity who it came from
     * @param displayName the name for a new customer
     * @param text the message text
     * @param attachments attachments
     * @param context thread hints and reply token
     * @param providerEventId the provider's id of the event
     * @param occurredAt when it happened
     */
    public ChannelMessage(Channel channel, Kind kind, ChannelIdentity identity, String displayName, String text,
                          List<Attachment> attachments, ReplyContext context, String providerEventId,
                          Instant occurredAt) {
        this(channel, kind, identity, displayName, text, attachments, context, providerEventId, occurredAt, null, null,
            false);
    }

    /** @return whether it is stored as a message on a ticket */
    public boolean carriesMessage() {
        return kind == Kind.MESSAGE || kind == Kind.POSTBACK;
    }

    /**
     * @param language the language tag, or null
     * @return the message for {@code SupportDesk.receive}, keyed by the provider event id
     */
    public InboundMessage toInbound(@Nullable String language) {
        return new InboundMessage(channel, identity, displayName, text, attachments, providerEventId, ticketHint,
            subject, language, hintOnly);
    }

    @Override
    public String toString() {
        return "ChannelMessage[" + channel + " " + kind + ", " + text.length() + " chars]";
    }
}
