package io.madoguchi.core.automation;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where {@link io.madoguchi.core.integration.Automations} keep what their time rules need across a restart (SPI): each
 * tracked ticket's facts, the
 * moments time rules count from, and the period each rule last fired in, so a rebuilt engine neither forgets a
 * pending ticket nor fires a rule twice in one period. Keys are (tenant, ticket). Bounded by size and age:
 * implementations document their bound and drop the least recently updated tickets beyond it.
 *
 * <p>Implementations must be thread-safe and pass {@code AutomationStoreContract} (support-core test-jar).
 * {@link InMemoryAutomationStore} is the default.
 */
public interface AutomationStore {

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @return what is tracked about it, if anything
     */
    Optional<TrackedTicket> find(TenantId tenant, TicketId ticket);

    /**
     * Records a ticket, replacing what was tracked about it, except that a rule's fired period is never taken back
     * to an earlier one (or dropped): another instance may have marked it after the caller read the ticket.
     *
     * @param ticket the ticket's state
     */
    void save(TrackedTicket ticket);

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @return whether it was tracked (and is no longer)
     */
    boolean remove(TenantId tenant, TicketId ticket);

    /**
     * Marks a time rule as fired in a period, atomically: of two callers for the same rule, ticket and period only
     * one gets {@code true}.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param rule the time rule's name
     * @param periodStart the start of the period (truncated to microseconds)
     * @return whether it was not yet marked for that period (and now is); false too if the ticket is not tracked
     */
    boolean markFired(TenantId tenant, TicketId ticket, String rule, Instant periodStart);

    /**
     * Reads the tracked tickets in pages, ordered by tenant id then ticket id.
     *
     * @param after the last ticket of the previous page; null for the first page
     * @param max the most to return; positive
     * @return the next tickets after {@code after}
     */
    List<TrackedTicket> page(@Nullable TrackedTicket after, int max);

    /** @return how many tickets are tracked, for a gauge */
    long count();
}
