package io.madoguchi.channels.outbox;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An outbox store that hands every call to another one: tests extend it and override the calls they count, fail or
 * interleave.
 */
public class ForwardingOutboxStore implements OutboxStore {

    /** The store the calls go to. */
    protected final OutboxStore delegate;

    /** @param delegate the store the calls go to */
    public ForwardingOutboxStore(OutboxStore delegate) {
        this.delegate = requireNonNull(delegate, "delegate");
    }

    @Override
    public boolean add(OutboxRow row) {
        return delegate.add(row);
    }

    @Override
    public boolean finishedBefore(OutboxRow row) {
        return delegate.finishedBefore(row);
    }

    @Override
    public Optional<OutboxRow> get(long id) {
        return delegate.get(id);
    }

    @Override
    public List<OutboxRow> between(long fromId, long toId, int max) {
        return delegate.between(fromId, toId, max);
    }

    @Override
    public OutboxRow update(OutboxRow row) {
        return delegate.update(row);
    }

    @Override
    public List<OutboxRow> due(Instant now, int max) {
        return delegate.due(now, max);
    }

    @Override
    public List<OutboxRow> claimDue(Instant now, Instant leaseUntil, int max) {
        return delegate.claimDue(now, leaseUntil, max);
    }

    @Override
    public List<OutboxRow> withStatus(OutboxRow.Status status, int max) {
        return delegate.withStatus(status, max);
    }

    @Override
    public boolean keepContext(TenantId tenantId, Channel channel, String providerMessageId, ChannelIdentity sender,
                               ReplyContext context) {
        return delegate.keepContext(tenantId, channel, providerMessageId, sender, context);
    }

    @Override
    public List<String> unresolvedContexts(TenantId tenantId, Channel channel, ChannelIdentity sender, int max) {
        return delegate.unresolvedContexts(tenantId, channel, sender, max);
    }

    @Override
    public boolean resolveContext(TenantId tenantId, Channel channel, String providerMessageId, TicketId ticketId,
                                  int seq) {
        return delegate.resolveContext(tenantId, channel, providerMessageId, ticketId, seq);
    }

    @Override
    public void forgetContext(TenantId tenantId, Channel channel, String providerMessageId) {
        delegate.forgetContext(tenantId, channel, providerMessageId);
    }

    @Override
    public Optional<ReplyContext> takeContext(TenantId tenantId, TicketId ticketId) {
        return delegate.takeContext(tenantId, ticketId);
    }
}
