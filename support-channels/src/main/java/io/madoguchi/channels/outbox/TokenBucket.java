package io.madoguchi.channels.outbox;

import java.time.Instant;

/**
 * The state of one {@link RateLimit}, as the generic cell rate algorithm keeps it: one instant (when the bucket would
 * be full again), no timer. A reservation never waits; it answers when its permit is granted, and the caller waits
 * through its scheduler. Thread-safe.
 */
final class TokenBucket {

    private final long intervalNanos;
    private final long burstNanos;
    private Instant full = Instant.MIN;

    TokenBucket(RateLimit limit) {
        this.intervalNanos = Math.max(1, limit.per().toNanos() / limit.permits());
        this.burstNanos = intervalNanos * (limit.permits() - 1L);
    }

    /**
     * Takes a permit.
     *
     * @param now the current instant
     * @return when the permit is granted: {@code now} while the burst lasts, later once it is spent
     */
    synchronized Instant reserve(Instant now) {
        Instant base = full.isAfter(now) ? full : now;
        Instant granted = base.minusNanos(burstNanos);
        full = base.plusNanos(intervalNanos);
        return granted.isAfter(now) ? granted : now;
    }
}
