package io.madoguchi.core.event;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import java.time.Duration;

/**
 * How a subscriber that fails on an event is retried: after the n-th failure it waits
 * {@code min(initialBackoff * 2^(n-1), maxBackoff)} (through the desk's scheduler, never sleeping), and after
 * {@code maxAttempts} failures the event is parked. Immutable.
 *
 * @param maxAttempts attempts before the event is parked; 1 to 100
 * @param initialBackoff the wait after the first failure; positive
 * @param maxBackoff the longest wait; at least {@code initialBackoff}
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** 8 attempts, waiting 1 s, 2 s, 4 s … up to 10 minutes: about 2 minutes before an event is parked. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofMinutes(10));

    /**
     * @param maxAttempts attempts before the event is parked; 1 to 100
     * @param initialBackoff the wait after the first failure; positive
     * @param maxBackoff the longest wait; at least {@code initialBackoff}
     * @throws ValidationException if a value is out of range
     */
    public RetryPolicy {
        requireNonNull(initialBackoff, "initialBackoff");
        requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw ValidationException.of("maxAttempts", "must be 1 to 100, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw ValidationException.of("initialBackoff", "must be positive, was " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw ValidationException.of("maxBackoff", "must be at least initialBackoff, was " + maxBackoff);
        }
    }

    /**
     * @param failures how many times delivery failed so far; positive
     * @return how long to wait before the next attempt
     */
    public Duration backoff(int failures) {
        Duration d = initialBackoff;
        for (int i = 1; i < failures && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
