package io.madoguchi.core.store;

import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.SupportEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The committed event log and the idempotency claims (SPI). Desk steps append through
 * {@link DeskStore#commit(ChangeSet)}, in the same unit of work as their ticket writes; components that write no
 * ticket (SLA firing, surveys) append through {@link #append}. Positions are assigned at commit, unique and
 * increasing in commit order: a reader that has seen position {@code p} never later finds a new event below
 * {@code p}. Positions have no gaps: an append that is refused or rolled back takes none, and the log drops only its
 * oldest events, so a position missing below {@link #oldest()} was an event that was dropped (a reader without a
 * checkpoint is told so, see {@code EventSubscriber.missed}). Implementations must be thread-safe and pass
 * {@code DeskStoreContract} and {@code FollowerPruningContract} (support-core test-jar).
 */
public interface EventLog {

    /**
     * Appends events and claims atomically.
     *
     * @param events the events, in order
     * @param claims idempotency claims and their results
     * @return the position of the last appended event, or the head if {@code events} is empty
     * @throws io.madoguchi.core.DuplicateRequestException if a claim is already held; nothing is written
     * @throws StoreException if the store failed; nothing is written
     */
    long append(List<? extends SupportEvent> events, Map<IdempotencyKey, String> claims);

    /**
     * @param after the position to read after (0 for the start)
     * @param max the most events to return; positive
     * @return the committed events with positions above {@code after}, ascending, at most {@code max}; events the
     *     log no longer retains are not returned (see {@link #oldest()})
     */
    List<EventEnvelope> read(long after, int max);

    /** @return the highest committed position, 0 if the log is empty */
    long head();

    /** @return the lowest position still retained, {@code head() + 1} if none is */
    long oldest();

    /**
     * @param key a claim
     * @return the result stored with it, if it was claimed
     */
    Optional<String> claimed(IdempotencyKey key);
}
