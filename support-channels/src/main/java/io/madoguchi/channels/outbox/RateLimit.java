package io.madoguchi.channels.outbox;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A rate limit of the outbound path: at most {@code permits} requests in any window of length {@code per}, spread
 * evenly once the burst is spent (a token bucket of {@code permits} tokens refilled at {@code permits / per}).
 * Measured on the sender's injected clock; a request over the limit waits through the scheduler, never in a sleep.
 *
 * @param permits the requests allowed per window, at least 1
 * @param per the window, positive
 */
public record RateLimit(int permits, Duration per) {

    /**
     * @param permits the requests allowed per window
     * @param per the window
     * @throws IllegalArgumentException if permits is below 1 or the window is not positive
     */
    public RateLimit {
        requireNonNull(per, "per");
        if (permits < 1 || per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("a rate limit needs permits >= 1 and a positive window, was " + permits
                + " per " + per);
        }
    }

    /**
     * @param permits requests per second
     * @return that many requests per second
     * @throws IllegalArgumentException if permits is below 1
     */
    public static RateLimit perSecond(int permits) {
        return new RateLimit(permits, Duration.ofSeconds(1));
    }
}
