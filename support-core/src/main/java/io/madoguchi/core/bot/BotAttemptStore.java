package io.madoguchi.core.bot;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the self-service bot keeps what must survive a restart (SPI): which FAQ it showed on which ticket (so a
 * "yes" after a restart still teaches the matcher, and the no-verdict wait still runs out) and which tickets it
 * handed over while the desk was closed (so they are routed when it opens). Keys are (tenant, ticket). Every entry
 * a customer can make is bounded by size and age: implementations document their bound and drop the oldest entries
 * beyond it.
 *
 * <p>Implementations must be thread-safe and pass {@code BotAttemptStoreContract} (support-core test-jar).
 * {@link InMemoryBotAttemptStore} is the default.
 */
public interface BotAttemptStore {

    /**
     * Records an attempt, replacing the one of the same ticket.
     *
     * @param attempt the attempt
     * @throws io.madoguchi.core.store.StoreException if the store failed; nothing is written
     */
    void save(BotAttempt attempt);

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @return the attempt the bot waits on for that ticket, if any
     */
    Optional<BotAttempt> find(TenantId tenant, TicketId ticket);

    /**
     * Forgets an attempt, atomically: of two callers only one gets it back, so a verdict teaches the matcher once.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @return the attempt that was removed, if there was one
     */
    Optional<BotAttempt> remove(TenantId tenant, TicketId ticket);

    /**
     * @param now the instant
     * @param max the most to return; positive
     * @return attempts whose {@link BotAttempt#verdictDueAt()} is not after {@code now}, earliest first
     */
    List<BotAttempt> verdictDue(Instant now, int max);

    /**
     * Records that a ticket goes to routing at {@link BotRouting#at()}, replacing an earlier record of the ticket.
     *
     * @param routing the routing
     */
    void scheduleRouting(BotRouting routing);

    /**
     * @param now the instant
     * @param max the most to return; positive
     * @return routings whose instant is not after {@code now}, earliest first
     */
    List<BotRouting> routingDue(Instant now, int max);

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @return whether a routing of that ticket was recorded (and is no longer)
     */
    boolean removeRouting(TenantId tenant, TicketId ticket);

    /**
     * @return the earliest instant at which an attempt's wait runs out or a routing is due, if any: the bot arms
     *     its timer there
     */
    Optional<Instant> nextDue();

    /** @return how many attempts the store holds, for a gauge */
    long attemptCount();

    /** @return how many routings the store holds, for a gauge */
    long routingCount();
}
