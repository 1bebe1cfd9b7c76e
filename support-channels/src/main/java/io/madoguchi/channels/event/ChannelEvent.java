package io.madoguchi.channels.event;

import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.SupportEvent;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the channel layer records in the desk's event log, under the common envelope, area {@code channel}: a webhook
 * event received or ignored as a redelivery, every step of an outbound delivery and the provider's later delivery
 * receipts. Immutable records; none
 * carries message text, identities or secrets, so {@code toString} is safe to log.
 */
public sealed interface ChannelEvent extends SupportEvent {

    /** @return the channel */
    Channel channel();

    /** @return the ticket it is about, if any (a follow event has none) */
    @Nullable TicketId ticketId();

    /** @return when it happened */
    Instant at();

    @Override
    default Instant occurredAt() {
        return at();
    }

    @Override
    default String area() {
        return "channel";
    }

    /** @return {@code ticket:<id>} for an event about a ticket, else {@code tenant:<id>} */
    @Override
    default String streamKey() {
        TicketId t = ticketId();
        return t != null ? "ticket:" + t.value() : "tenant:" + tenantId().value();
    }

    /**
     * A webhook event was received and stored (a message on a ticket, or a follow / unfollow).
     *
     * @param tenantId the tenant
     * @param channel the channel
     * @param ticketId the ticket the message went to; null for follow and unfollow
     * @param kind the event's kind, for example {@code MESSAGE} or {@code FOLLOW}
     * @param at when
     */
    record MessageReceived(TenantId tenantId, Channel channel, @Nullable TicketId ticketId, String kind, Instant at)
        implements ChannelEvent {
    }

    /**
     * A webhook event came again (the provider's redelivery, or a concurrent duplicate): nothing was written.
     *
     * @param tenantId the tenant
     * @param channel the channel
     * @param ticketId the ticket of the stored message, if any
     * @param at when
     */
    record DuplicateIgnored(TenantId tenantId, Channel channel, @Nullable TicketId ticketId, Instant at)
        implements ChannelEvent {
    }

    /**
     * An outbox row is about to be sent (one request).
     *
     * @param tenantId the tenant
     * @param channel the channel
     * @param ticketId the ticket
     * @param outboxId the row (the position of the DeliveryRequested event)
     * @param attempt the attempt number of this request, from 1
     * @param at when
     */
    record DeliveryAttempted(TenantId tenantId, Channel channel, TicketId ticketId, long outboxId, int attempt,
                             Instant at) implements ChannelEvent {
    }

    /**
     * A reply was delivered completely (every part accepted by the provider).
     *
     * @param tenantId the tenant
     * @param channel the channel
     * @param ticketId the ticket
     * @param outboxId the row
     * @param requests how many requests it took (parts / messages per request)
     * @param at when
     */
    record DeliveryDelivered(TenantId tenantId, Channel channel, TicketId ticketId, long outboxId, int requests,
                             Instant at) implements ChannelEvent {
    }

    /**
     * An attempt failed and will be retried.
     *
     * @param tenantId the tenant
     * @param channel the channel
     * @param ticketId the ticket
     * @param outboxId the row
     * @param attempt the failed attempt's number
     * @param detail what the provider or network said (status, error code); never message text
     * @param retryAt when the next attempt is due
     * @param at when
     */
    record DeliveryFailed(TenantId tenantId, Channel channel, TicketId ticketId, long outboxId, int attempt,
                          String detail, Instant retryAt, Instant at) implements ChannelEvent {
    }

    /**
     * A reply could not be delivered: the last attempt failed, or the provider refused it for good. An internal
     * note on the ticket tells the agents.
     *
     * @param tenantId the tenant
     * @param channel the channel
     * @param ticketId the ticket
     * @param outboxId the row
     * @param attempts attempts made on the failing request
     * @param detail the last failure
     * @param at when
     */
    record DeliveryDeadLettered(TenantId tenantId, Channel channel, TicketId ticketId, long outboxId, int attempts,
                                String detail, Instant at) implements ChannelEvent {
    }

    /**
     * A provider reported what became of a message the desk sent (a Twilio status callback: {@code queued},
     * {@code sent}, {@code delivered}, {@code undelivered}, {@code failed}, …). Recorded once per message and status:
     * a redelivered callback is ignored.
     *
     * @param tenantId the tenant
     * @param channel the channel
     * @param providerMessageId the provider's id of the sent message (Twilio's {@code MessageSid})
     * @param status the reported status, as the provider spells it
     * @param errorCode the provider's error code for a failed or undelivered message, or null
     * @param at when it was received
     */
    record DeliveryStatusReported(TenantId tenantId, Channel channel, String providerMessageId, String status,
                                  @Nullable String errorCode, Instant at) implements ChannelEvent {

        /** @return null: the provider names its message, not the ticket */
        @Override
        public @Nullable TicketId ticketId() {
            return null;
        }
    }
}
