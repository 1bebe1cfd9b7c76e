package io.madoguchi.core.store;

import java.util.List;
import java.util.Map;

/**
 * Where each subscriber's place in the event log is kept, and the events it parked (SPI). Implementations must be
 * thread-safe and pass {@code CheckpointStoreContract} (support-core test-jar).
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
     * @param subscriber the subscriber's name
     * @param position the parked event's position
     * @return whether it was parked (and is no longer)
     */
    boolean unpark(String subscriber, long position);
}
