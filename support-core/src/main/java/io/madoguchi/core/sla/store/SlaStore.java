package io.madoguchi.core.sla.store;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the SLA engine keeps each ticket's SLA state and the due index (SPI). The engine reads a ticket's state,
 * applies an input or a firing to it and saves it back with the version it read, so several engines on one store
 * (or a restarted engine) continue the same clocks. A save replaces the ticket's due rows together with its state.
 * Whether a warning or breach already fired is recorded by the engine in the event log (a claim per
 * {@link SlaDueRow#claimKey()}), not here.
 *
 * <p>Implementations must be thread-safe and pass {@code SlaStoreContract} (support-core test-jar).
 */
public interface SlaStore {

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @return the ticket's state, if it is tracked
     */
    Optional<SlaState> state(TenantId tenant, TicketId ticket);

    /**
     * Saves a ticket's state and replaces its due rows with {@link SlaState#due()}, atomically, if the stored state
     * is still at {@code expectedVersion}.
     *
     * @param state the new state; its version must be {@code expectedVersion + 1}
     * @param expectedVersion the version the caller read; 0 for a ticket not tracked yet
     * @throws io.madoguchi.core.ConflictException if the stored version is not {@code expectedVersion} (another
     *     engine saved first, or the ticket is already tracked); nothing is written
     * @throws IllegalArgumentException if {@code state.version() != expectedVersion + 1}
     * @throws io.madoguchi.core.store.StoreException if the store failed; nothing is written
     */
    void save(SlaState state, long expectedVersion);

    /**
     * Stops tracking a ticket: its state and due rows go.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @return whether it was tracked
     */
    boolean remove(TenantId tenant, TicketId ticket);

    /**
     * @param until an instant
     * @param max the most rows to return; positive
     * @return due rows with {@link SlaDueRow#at()} at or before {@code until}, in {@link SlaDueRow#ORDER}, at most
     *     {@code max}
     * @throws IllegalArgumentException if {@code max} is not positive
     */
    List<SlaDueRow> due(Instant until, int max);

    /**
     * Leases due rows to one engine, so that engines sharing the store (several host instances on one database)
     * work on different rows: like {@link #due}, but skipping rows leased to another owner until a time after
     * {@code now}, and leasing each returned row to {@code owner} until {@code now + leaseFor}. Of several engines
     * asking at once, each row goes to one. A lease only divides the work: the firing's claim in the event log still
     * decides whether a warning or breach is recorded, so a row whose engine died is fired by another once its lease
     * ran out, and never twice. A save that replaces the ticket's due rows ends their leases. The default, for a
     * store only one engine uses, leases nothing and returns {@link #due(Instant, int)}.
     *
     * @param until an instant
     * @param max the most rows to return; positive
     * @param owner who takes the lease (an engine instance's name)
     * @param now the current time
     * @param leaseFor how long the lease holds; positive
     * @return the rows leased to {@code owner}, in {@link SlaDueRow#ORDER}, at most {@code max}
     * @throws IllegalArgumentException if {@code max} or {@code leaseFor} is not positive
     * @throws io.madoguchi.core.store.StoreException if the store failed
     */
    default List<SlaDueRow> lease(Instant until, int max, String owner, Instant now, Duration leaseFor) {
        if (leaseFor.isNegative() || leaseFor.isZero()) {
            throw new IllegalArgumentException("leaseFor must be positive, was " + leaseFor);
        }
        return due(until, max);
    }

    /**
     * Pages through every tracked ticket's state (for re-evaluating them when the policies change).
     *
     * @param afterTenant with {@code afterTicket}: the key to continue after; null for the start
     * @param afterTicket the ticket to continue after; null for the start
     * @param max the most states to return; positive
     * @return states ordered by tenant, then ticket (by their values), after the given key, at most {@code max}
     * @throws IllegalArgumentException if {@code max} is not positive, or only one of the two keys is given
     */
    List<SlaState> states(@Nullable TenantId afterTenant, @Nullable TicketId afterTicket, int max);

    /** @return the earliest {@link SlaDueRow#at()} in the due index, if it has rows */
    Optional<Instant> nextDue();

    /** @return the states for which {@link SlaState#breached()} holds, in no particular order */
    List<SlaState> breached();

    /** @return how many tickets are tracked */
    long count();
}
