package io.madoguchi.channels.outbox;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One reply to deliver: the row the outbox keeps from the moment its {@code DeliveryRequested} event is read until
 * every part was accepted or it was dead-lettered. Immutable; {@code toString} prints neither text nor recipient.
 *
 * @param id the position of the {@code DeliveryRequested} event (unique: a redelivered event finds its row)
 * @param tenantId the tenant
 * @param ticketId the ticket
 * @param messageSeq the reply's number on the ticket
 * @param channel the channel
 * @param recipient who receives it
 * @param parts the text split to the channel's limit
 * @param partsSent how many parts the provider accepted so far
 * @param context thread hints and the reply token (removed once used or refused)
 * @param status where it is
 * @param attempts attempts made on the current request (the next parts)
 * @param requests requests accepted so far
 * @param nextAttemptAt when it is due: the next attempt while pending, the end of the lease while sending
 * @param lastError the last failure, or null
 * @param createdAt when the row was written
 * @param version the optimistic version, 1 when written
 */
public record OutboxRow(long id, TenantId tenantId, TicketId ticketId, int messageSeq, Channel channel,
                        ChannelIdentity recipient, List<String> parts, int partsSent, ReplyContext context,
                        Status status, int attempts, int requests, Instant nextAttemptAt, @Nullable String lastError,
                        Instant createdAt, long version) {

    /** Where a row is. */
    public enum Status {
        /** Waiting for its next attempt. */
        PENDING,
        /** Leased by a sender until {@code nextAttemptAt}; due again if that passes (the sender died). */
        SENDING,
        /** Every part was accepted. */
        SENT,
        /** Given up after the last attempt or a permanent refusal. */
        DEAD
    }

    /**
     * Copies the parts; truncates instants to microseconds.
     *
     * @param id the position of the {@code DeliveryRequested} event (unique: a redelivered event finds its row)
     * @param tenantId the tenant
     * @param ticketId the ticket
     * @param messageSeq the reply's number on the ticket
     * @param channel the channel
     * @param recipient who receives it
     * @param parts the text split to the channel's limit
     * @param partsSent how many parts the provider accepted so far
     * @param context thread hints and the reply token (removed once used or refused)
     * @param status where it is
     * @param attempts attempts made on the current request (the next parts)
     * @param requests requests accepted so far
     * @param nextAttemptAt when it is due: the next attempt while pending, the end of the lease while sending
     * @param lastError the last failure, or null
     * @param createdAt when the row was written
     * @param version the optimistic version, 1 when written
     */
    public OutboxRow {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(ticketId, "ticketId");
        requireNonNull(channel, "channel");
        requireNonNull(recipient, "recipient");
        parts = List.copyOf(parts);
        requireNonNull(context, "context");
        requireNonNull(status, "status");
        nextAttemptAt = nextAttemptAt.truncatedTo(ChronoUnit.MICROS);
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        if (id <= 0 || partsSent < 0 || partsSent > parts.size() || attempts < 0 || version < 1) {
            throw new IllegalArgumentException("invalid outbox row " + id);
        }
    }

    /** @return whether it is finished (sent or dead) */
    public boolean finished() {
        return status == Status.SENT || status == Status.DEAD;
    }

    /**
     * @param status the new status
     * @param nextAttemptAt the new due instant
     * @return a copy with those (the version is the store's business)
     */
    public OutboxRow with(Status status, Instant nextAttemptAt) {
        return new OutboxRow(id, tenantId, ticketId, messageSeq, channel, recipient, parts, partsSent, context, status,
            attempts, requests, nextAttemptAt, lastError, createdAt, version);
    }

    /**
     * @param attempts attempts on the current request
     * @param context the reply context
     * @param lastError the last failure, or null
     * @return a copy with those
     */
    public OutboxRow withAttempt(int attempts, ReplyContext context, @Nullable String lastError) {
        return new OutboxRow(id, tenantId, ticketId, messageSeq, channel, recipient, parts, partsSent, context, status,
            attempts, requests, nextAttemptAt, lastError, createdAt, version);
    }

    /**
     * @param sent how many more parts were accepted
     * @return a copy with them counted, the attempts reset and the reply token gone
     */
    public OutboxRow withPartsSent(int sent) {
        return new OutboxRow(id, tenantId, ticketId, messageSeq, channel, recipient, parts, partsSent + sent,
            context.withoutToken(), status, 0, requests + 1, nextAttemptAt, null, createdAt, version);
    }

    /**
     * @param version the version
     * @return a copy at that version
     */
    public OutboxRow withVersion(long version) {
        return new OutboxRow(id, tenantId, ticketId, messageSeq, channel, recipient, parts, partsSent, context, status,
            attempts, requests, nextAttemptAt, lastError, createdAt, version);
    }

    @Override
    public String toString() {
        return "OutboxRow[#" + id + " " + channel + " " + ticketId + " " + status + ", parts " + partsSent + "/"
            + parts.size() + ", attempts " + attempts + "]";
    }
}
