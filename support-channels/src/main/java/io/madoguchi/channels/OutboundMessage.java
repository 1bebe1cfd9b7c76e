package io.madoguchi.channels;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import java.util.List;

/**
 * One request's worth of a reply, as the outbox hands it to an adapter's {@code send}: already split to the
 * channel's limits. Immutable; {@code toString} never prints the texts or the recipient.
 *
 * @param tenantId the tenant
 * @param ticketId the ticket the reply belongs to
 * @param recipient who receives it (the ticket requester's identity on the channel)
 * @param texts the text messages of this request, each within the channel's length limit, at most
 *     {@link ChannelCapabilities#messagesPerRequest()}
 * @param context thread hints and, while fresh and unused, the reply token
 * @param idempotencyKey the provider idempotency key of this request: the same on every attempt (a UUID)
 * @param attempt the attempt number of this request, from 1
 */
public record OutboundMessage(TenantId tenantId, TicketId ticketId, ChannelIdentity recipient, List<String> texts,
                              ReplyContext context, String idempotencyKey, int attempt) {

    /**
     * @param tenantId the tenant
     * @param ticketId the ticket the reply belongs to
     * @param recipient who receives it (the ticket requester's identity on the channel)
     * @param texts the text messages of this request, each within the channel's length limit, at most
     *     {@link ChannelCapabilities#messagesPerRequest()}
     * @param context thread hints and, while fresh and unused, the reply token
     * @param idempotencyKey the provider idempotency key of this request: the same on every attempt (a UUID)
     * @param attempt the attempt number of this request, from 1
     * @throws NullPointerException if an argument is null
     */
    public OutboundMessage {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(ticketId, "ticketId");
        requireNonNull(recipient, "recipient");
        texts = List.copyOf(texts);
        requireNonNull(context, "context");
        requireNonNull(idempotencyKey, "idempotencyKey");
    }

    @Override
    public String toString() {
        return "OutboundMessage[" + ticketId + ", " + texts.size() + " texts, attempt " + attempt + "]";
    }
}
