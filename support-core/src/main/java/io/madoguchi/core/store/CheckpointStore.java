package io.madoguchi.core.store;

import java.util.List;
import java.util.Map;

/**
 * Where each subscriber's place in the event log is kept, and the events it parked (SPI). Implementations must be
 * thread-safe and pass {@code DeskStoreContract} and {@code ParkedRedeliveryContract} (support-core test-jar).
 */
public interface CheckpointStore {

    /**
     * @param subscriber the subscriber's name
     * @return the position of the last event it finished, 0 if none
     */
    long checkpoint(String subscriber);

    /**
     * Makes a subscriber known, with its checkpoint at 0 if it has none: from then on the log keeps the events it
     * has not passed.
     *
     * @param subscriber the subscriber's name
     */
    void register(String subscriber);

    /**
     * Forgets a subscriber that will not come back, with its parked events, so the log no longer keeps events for
     * it.
     *
     * @param subscriber the subscriber's name
     * @return whether it was known
     */
    boolean remove(String subscriber);

    /** @return every known subscriber's checkpoint */
    Map<String, Long> checkpoints();

    /**
     * Moves a checkpoint forward, only if it is still where the caller last saw it.
     *
     * @param subscriber the subscriber's name
     * @param expected where the caller last saw it
     * @param to the new position; greater than {@code expected}
     * @throws io.madoguchi.core.ConflictException if the checkpoint is not at {@code expected} (another instance
     *     moved it); nothing is written
     * @throws IllegalArgumentException if {@code to <= expected}
     */
    void advance(String subscriber, long expected, long to);

    /**
     * Parks an event and moves the checkpoint past it, atomically.
     *
     * @param parked the event, with its error
     * @param expected where the checkpoint must be (the position before the event)
     * @throws io.madoguchi.core.ConflictException if the checkpoint is not at {@code expected}; nothing is written
     */
    void park(ParkedEvent parked, long expected);

    /**
     * @param subscriber the subscriber's name
     * @return its parked events, by position
     */
    List<ParkedEvent> parked(String subscriber);

    /**
     * Removes a parked event, whether or not a redelivery has claimed it.
     *
     * @param subscriber the subscriber's name
     * @param position the parked event's position
     * @return whether it was parked (and is no longer)
     */
    boolean unpark(String subscriber, long position);

    /**
     * Claims a parked event for one redelivery, on the store, so that every host instance sharing it sees the claim.
     * Until the claim is given back ({@link #finishRedelivery}, {@link #releaseRedelivery}) or {@code ttl} has passed
     * on the store's clock, the event stays parked whatever its age and however many others are parked (the bounds
     * of size and age pass over it, so the claims of its steps are kept while its handling makes them), and no other
     * redelivery claims it. A claim that has expired (its instance died, or the handling ran longer than
     * {@code ttl}) no longer protects the event: the bounds may drop it and another redelivery may claim it. The same
     * owner claiming again renews its claim. A store may first drop the events its bounds drop anyway.
     *
     * @param subscriber the subscriber's name
     * @param position the parked event's position
     * @param owner who redelivers it, unique per redelivery
     * @param ttl how long the claim lasts unless given back or renewed; positive
     * @return whether it is parked, and now claimed by {@code owner}; false if it is not parked
     * @throws io.madoguchi.core.ConflictException if another owner's claim on it has not expired; nothing is written
     * @throws IllegalArgumentException if {@code ttl} is not positive
     */
    boolean claimRedelivery(String subscriber, long position, String owner, java.time.Duration ttl);

    /**
     * Ends a successful redelivery: removes the parked event if {@code owner}'s claim is still on it.
     *
     * @param subscriber the subscriber's name
     * @param position the parked event's position
     * @param owner who claimed it
     * @return whether it was parked under {@code owner}'s claim (and is no longer); false if the claim had expired and
     *     the event was dropped by a bound or claimed by another redelivery meanwhile
     */
    boolean finishRedelivery(String subscriber, long position, String owner);

    /**
     * Ends a failed redelivery: the event stays parked, without {@code owner}'s claim, under the bounds again (so one
     * older than the maximum age is dropped as the store drops others). Does nothing if {@code owner} does not hold
     * the claim.
     *
     * @param subscriber the subscriber's name
     * @param position the parked event's position
     * @param owner who claimed it
     */
    void releaseRedelivery(String subscriber, long position, String owner);

    /**
     * Whether an event is parked for a subscriber. The event log asks this to keep the claims of the steps the
     * subscriber committed for a parked event past their retention, so that redelivering it, however late, repeats
     * none of them. The default looks through {@link #parked(String)}; a store that can look one event up should.
     *
     * @param subscriber the subscriber's name
     * @param position the event's position
     * @return whether it is parked (not yet redelivered, dismissed or dropped by the store's bounds of size and age);
     *     an event claimed by a redelivery that is running is still parked
     */
    default boolean isParked(String subscriber, long position) {
        for (ParkedEvent p : parked(subscriber)) {
            if (p.position() == position) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes or renews the time-limited lease on delivering to a subscriber, so that of several host instances on
     * one store only one works through a subscriber's events at a time. The lease is taken if nobody holds it, its
     * holder's lease has expired (a dead instance), or the caller already holds it. Holding it is an optimisation,
     * not what makes delivery correct: checkpoints move by compare-and-set and subscriber effects are claimed, so
     * two instances delivering the same event still do its work once. The default (a store used by one process)
     * always grants it.
     *
     * @param subscriber the subscriber's name
     * @param owner the instance asking, unique per instance
     * @param ttl how long the lease lasts unless renewed; positive
     * @return whether the caller now holds the lease
     */
    default boolean tryLease(String subscriber, String owner, java.time.Duration ttl) {
        return true;
    }

    /**
     * Gives a lease back early, if the caller holds it.
     *
     * @param subscriber the subscriber's name
     * @param owner the instance that took it
     */
    default void releaseLease(String subscriber, String owner) {
    }
}
