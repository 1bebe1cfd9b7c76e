package io.madoguchi.core.sla;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.sla.store.SlaDueRow;
import io.madoguchi.core.sla.store.SlaState;
import io.madoguchi.core.sla.store.SlaStore;
import io.madoguchi.core.store.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An SLA store whose saves fail as an unreachable database's would (a transient {@link StoreException}): every save
 * while {@link #failing} is set, and the next one after {@link #failNextSave} is set. Reads go to the delegate.
 */
final class FailingSlaStore implements SlaStore {
    private final SlaStore delegate;
    /** Every save fails while set. */
    volatile boolean failing;
    /** The next save fails, then this is cleared. */
    volatile boolean failNextSave;

    FailingSlaStore(SlaStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<SlaState> state(TenantId tenant, TicketId ticket) {
        return delegate.state(tenant, ticket);
    }

    @Override
    public void save(SlaState state, long expectedVersion) {
        if (failing || failNextSave) {
            failNextSave = false;
            throw new StoreException("接続が切れました", true);
        }
        delegate.save(state, expectedVersion);
    }

    @Override
    public boolean remove(TenantId tenant, TicketId ticket) {
        return delegate.remove(tenant, ticket);
    }

    @Override
    public List<SlaDueRow> due(Instant until, int max) {
        return delegate.due(until, max);
    }

    @Override
    public List<SlaState> states(@Nullable TenantId afterTenant, @Nullable TicketId afterTicket, int max) {
        return delegate.states(afterTenant, afterTicket, max);
    }

    @Override
    public Optional<Instant> nextDue() {
        return delegate.nextDue();
    }

    @Override
    public List<SlaState> breached() {
        return delegate.breached();
    }

    @Override
    public long count() {
        return delegate.count();
    }
}
