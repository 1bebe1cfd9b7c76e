package io.madoguchi.core.store.memory;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.DuplicateRequestException;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.internal.StepClaims;
import io.madoguchi.core.store.CheckpointStore;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe in-memory {@link EventLog} with its idempotency claims. Appends and reads take one lock; positions
 * are assigned under it, so position order is commit order.
 *
 * <p>Bounded: events every known subscriber has passed (by the checkpoints of the {@link CheckpointStore} given at
 * construction) are dropped once more than {@code retainedEvents} of them are kept. Events a subscriber has not yet
 * passed are never dropped; if more than {@code maxUnconsumed} pile up (a subscriber failing for long), appends are
 * refused with a transient {@link StoreException} instead of losing events. Claims are kept for
 * {@code claimRetention} (a redelivery after that writes again) and at most {@code maxClaims}, oldest dropped first;
 * except that the claims of the steps a subscriber committed for an event it has not finished (beyond its
 * checkpoint, or parked) are kept past both bounds until it is finished (handled, redelivered, or dropped by the
 * checkpoint store's own bound), however late it is retried or redelivered, so a redelivery never repeats a
 * committed step. They are bounded by the events not yet passed and the parked ones.
 */
public final class InMemoryEventLog implements EventLog {

    /** Default number of consumed events kept for late readers. */
    public static final int DEFAULT_RETAINED_EVENTS = 10_000;
    /** Default number of unconsumed events at which appends are refused. */
    public static final int DEFAULT_MAX_UNCONSUMED = 1_000_000;
    /** Default time a claim is kept. */
    public static final Duration DEFAULT_CLAIM_RETENTION = Duration.ofDays(7);
    /** Default number of claims kept. */
    public static final int DEFAULT_MAX_CLAIMS = 1_000_000;
    /** How often the kept claims of parked events are looked through for events no longer parked. */
    private static final Duration RELEASE_EVERY = Duration.ofMinutes(10);

    private final CheckpointStore checkpoints;
    private final Clock clock;
    private final int retainedEvents;
    private final int maxUnconsumed;
    private final Duration claimRetention;
    private final int maxClaims;

    private EventEnvelope[] ring = new EventEnvelope[1024];
    /** Index in {@code ring} of the oldest retained event. */
    private int start;
    private int size;
    private long head;
    private final LinkedHashMap<IdempotencyKey, Claim> claims = new LinkedHashMap<>();
    /**
     * Claims past the retention or the size bound that are kept because they are steps of an unfinished event (see
     * {@link StepClaims}); released once their event is finished.
     */
    private final HashMap<IdempotencyKey, Claim> heldForParked = new HashMap<>();
    /** When {@link #heldForParked} is next looked through for claims whose event is finished. */
    private Instant nextRelease = Instant.MIN;

    private record Claim(String result, Instant at) {
    }

    /**
     * @param checkpoints the subscribers' checkpoints, which say which events every subscriber has passed
     * @param clock the clock claims are aged on
     */
    public InMemoryEventLog(CheckpointStore checkpoints, Clock clock) {
        this(checkpoints, clock, DEFAULT_RETAINED_EVENTS, DEFAULT_MAX_UNCONSUMED, DEFAULT_CLAIM_RETENTION,
            DEFAULT_MAX_CLAIMS);
    }

    /**
     * @param checkpoints the subscribers' checkpoints, which say which events every subscriber has passed
     * @param clock the clock claims are aged on
     * @param retainedEvents consumed events kept for late readers; not negative
     * @param maxUnconsumed unconsumed events at which appends are refused; positive
     * @param claimRetention how long a claim is kept; positive
     * @param maxClaims how many claims are kept; positive
     * @throws IllegalArgumentException if a bound is out of range
     */
    public InMemoryEventLog(CheckpointStore checkpoints, Clock clock, int retainedEvents, int maxUnconsumed,
                            Duration claimRetention, int maxClaims) {
        this.checkpoints = requireNonNull(checkpoints, "checkpoints");
        this.clock = requireNonNull(clock, "clock");
        if (retainedEvents < 0 || maxUnconsumed <= 0 || maxClaims <= 0 || claimRetention.isNegative()
            || claimRetention.isZero()) {
            throw new IllegalArgumentException("bounds must be positive (retained events may be 0)");
        }
        this.retainedEvents = retainedEvents;
        this.maxUnconsumed = maxUnconsumed;
        this.claimRetention = claimRetention;
        this.maxClaims = maxClaims;
    }

    @Override
    public long append(List<? extends SupportEvent> events, Map<IdempotencyKey, String> newClaims) {
        return commit(events, newClaims, () -> { }, () -> { });
    }

    /**
     * Appends events and claims together with other writes, atomically: claims are checked first, then
     * {@code check} runs (it may throw to refuse the change), then {@code apply}, then the events are appended.
     *
     * @param events the events
     * @param newClaims the claims and their results
     * @param check validation of the other writes; throwing refuses everything
     * @param apply the other writes; must not throw
     * @return the position of the last event, or the head if there are none
     */
    synchronized long commit(List<? extends SupportEvent> events, Map<IdempotencyKey, String> newClaims,
                             Runnable check, Runnable apply) {
        Instant now = clock.instant();
        expireClaims(now);
        boolean claiming = !newClaims.isEmpty(); // most commits claim nothing: no iterator for them
        if (claiming) {
            for (IdempotencyKey key : newClaims.keySet()) {
                Claim c = held(key);
                if (c != null) {
                    throw new DuplicateRequestException(key.scope(), c.result());
                }
            }
        }
        if (!events.isEmpty() && size + events.size() > retainedEvents + maxUnconsumed) {
            trim();
            if (size + events.size() > retainedEvents + maxUnconsumed) {
                throw new StoreException("the in-memory event log holds " + size
                    + " events a subscriber has not passed; a subscriber is failing", true);
            }
        }
        check.run();
        apply.run();
        if (claiming) {
            for (Map.Entry<IdempotencyKey, String> e : newClaims.entrySet()) {
                claims.put(e.getKey(), new Claim(requireNonNull(e.getValue(), "claim result"), now));
            }
            while (claims.size() > maxClaims) {
                dropOldestClaim();
            }
        }
        for (int i = 0; i < events.size(); i++) {
            SupportEvent e = events.get(i);
            if (size == ring.length) {
                grow();
            }
            ring[(start + size) % ring.length] = new EventEnvelope(++head, e);
            size++;
        }
        if (size > retainedEvents + 1024 && (head & 1023) < events.size()) {
            trim();
        }
        return head;
    }

    private void grow() {
        EventEnvelope[] bigger = new EventEnvelope[ring.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(start + i) % ring.length];
        }
        ring = bigger;
        start = 0;
    }

    /** Drops consumed events beyond the retained number. */
    private void trim() {
        long passed = head;
        for (Map.Entry<String, Long> c : checkpoints.checkpoints().entrySet()) {
            passed = Math.min(passed, c.getValue());
            List<io.madoguchi.core.store.ParkedEvent> parked = checkpoints.parked(c.getKey());
            if (!parked.isEmpty()) {
                // a parked event stays readable until it is redelivered or dismissed
                passed = Math.min(passed, parked.get(0).position() - 1);
            }
        }
        long oldest = head - size + 1;
        long droppable = Math.min(passed - oldest + 1, size - retainedEvents);
        for (long i = 0; i < droppable; i++) {
            ring[start] = null;
            start = (start + 1) % ring.length;
            size--;
        }
        if (ring.length > 4096 && size < ring.length / 4) {
            EventEnvelope[] smaller = new EventEnvelope[Math.max(1024, ring.length / 2)];
            for (int i = 0; i < size; i++) {
                smaller[i] = ring[(start + i) % ring.length];
            }
            ring = smaller;
            start = 0;
        }
    }

    private void expireClaims(Instant now) {
        Instant cutoff = now.minus(claimRetention);
        while (!claims.isEmpty() && claims.values().iterator().next().at().isBefore(cutoff)) {
            dropOldestClaim();
        }
        if (!heldForParked.isEmpty() && !now.isBefore(nextRelease)) {
            // expired already: once its event is redelivered (or no longer parked), nothing needs the claim
            heldForParked.keySet().removeIf(key -> !StepClaims.ofUnfinishedEvent(key, checkpoints));
            nextRelease = now.plus(RELEASE_EVERY);
        }
    }

    /** Drops the oldest claim, unless it is a step of an unfinished event: that one is kept until it is finished. */
    private void dropOldestClaim() {
        var it = claims.entrySet().iterator();
        Map.Entry<IdempotencyKey, Claim> oldest = it.next();
        it.remove();
        if (StepClaims.ofUnfinishedEvent(oldest.getKey(), checkpoints)) {
            heldForParked.put(oldest.getKey(), oldest.getValue());
        }
    }

    private @Nullable Claim held(IdempotencyKey key) {
        Claim c = claims.get(key);
        return c != null || heldForParked.isEmpty() ? c : heldForParked.get(key);
    }

    @Override
    public synchronized List<EventEnvelope> read(long after, int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive, was " + max);
        }
        long oldest = head - size + 1;
        long from = Math.max(after + 1, oldest);
        if (from > head) {
            return List.of();
        }
        int n = (int) Math.min(max, head - from + 1);
        int offset = (int) (from - oldest);
        if (n == 1) {
            // the common case of synchronous delivery: one commit's event, read by each subscriber
            return List.of(ring[(start + offset) % ring.length]);
        }
        if (n == 2) {
            return List.of(ring[(start + offset) % ring.length], ring[(start + offset + 1) % ring.length]);
        }
        EventEnvelope[] out = new EventEnvelope[n];
        for (int i = 0; i < n; i++) {
            out[i] = ring[(start + offset + i) % ring.length];
        }
        return Arrays.asList(out);
    }

    @Override
    public synchronized long head() {
        return head;
    }

    @Override
    public synchronized long oldest() {
        return head - size + 1;
    }

    @Override
    public synchronized Optional<String> claimed(IdempotencyKey key) {
        expireClaims(clock.instant());
        Claim c = held(key);
        return c == null ? Optional.empty() : Optional.of(c.result());
    }

    /** @return how many events are retained (for tests of the bound) */
    public synchronized int retained() {
        return size;
    }

    /** @return how many claims are kept, those of parked events included (for tests of the bound) */
    public synchronized int claimCount() {
        return claims.size() + heldForParked.size();
    }
}
