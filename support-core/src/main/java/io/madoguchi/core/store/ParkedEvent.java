package io.madoguchi.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An event a subscriber failed on as many times as it may: set aside with its error so the subscriber goes on, and
 * kept until the host redelivers or dismisses it. Immutable.
 *
 * @param subscriber the subscriber's name
 * @param position the event's position in the log
 * @param type the event's type name
 * @param error the last failure's class and message
 * @param attempts how many times delivery was tried
 * @param parkedAt when it was parked
 */
public record ParkedEvent(String subscriber, long position, String type, String error, int attempts,
                          Instant parkedAt) {

    /**
     * @param subscriber the subscriber's name
     * @param position the event's position in the log
     * @param type the event's type name
     * @param error the last failure's class and message
     * @param attempts how many times delivery was tried
     * @param parkedAt when it was parked
     * @throws NullPointerException if an argument is null
     */
    public ParkedEvent {
        requireNonNull(subscriber, "subscriber");
        requireNonNull(type, "type");
        requireNonNull(error, "error");
        requireNonNull(parkedAt, "parkedAt");
    }
}
