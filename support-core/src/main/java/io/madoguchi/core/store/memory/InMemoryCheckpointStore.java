package io.madoguchi.core.store.memory;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.store.CheckpointStore;
import io.madoguchi.core.store.ParkedEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread-safe in-memory {@link CheckpointStore}. Parked events are kept per subscriber, at most
 * {@link #MAX_PARKED} each (when more are parked the oldest is dropped, with a warning in the log), and for at most
 * {@code maxParkedAge} ({@link #DEFAULT_MAX_PARKED_AGE} unless given) after they were parked, measured on the store's
 * clock: an older one is dropped, with a warning in the log naming the subscriber, how many were dropped and their
 * positions, as soon as the store is next used after it became too old. A dropped event is no longer parked, so the
 * claims of its steps are released as for any finished event (see {@link InMemoryEventLog}); it is never
 * redelivered. Neither bound drops an event while a redelivery's claim on it ({@link #claimRedelivery}) lasts (so the
 * size bound may keep as many more as there are redeliveries running): once the claim is given back or expires, an
 * event still parked is dropped by the age bound on the next use if it is too old, and by the size bound on the next
 * park if it is beyond the newest {@link #MAX_PARKED}.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryCheckpointStore.class);

    /** The most parked events kept per subscriber. */
    public static final int MAX_PARKED = 10_000;
    /** How long a parked event is kept by default (then dropped, with a warning, and never redelivered). */
    public static final Duration DEFAULT_MAX_PARKED_AGE = Duration.ofDays(30);

    private final ConcurrentHashMap<String, AtomicLong> positions = new ConcurrentHashMap<>();
    private final Map<String, TreeMap<Long, ParkedEvent>> parked = new HashMap<>();
    /** The redeliveries' claims on parked events; an entry is removed with its event. Guarded by this. */
    private final Map<Parked, Redelivery> redeliveries = new HashMap<>();
    private final Clock clock;
    private final Duration maxParkedAge;
    /** Until this instant no parked event is older than {@link #maxParkedAge}; guarded by this. */
    private Instant nextExpiry = Instant.MAX;

    private record Parked(String subscriber, long position) {
    }

    private record Redelivery(String owner, Instant until) {
    }

    /** Creates an empty store whose parked events age on the system clock, kept {@link #DEFAULT_MAX_PARKED_AGE}. */
    public InMemoryCheckpointStore() {
        this(Clock.systemUTC(), DEFAULT_MAX_PARKED_AGE);
    }

    /**
     * @param clock the clock parked events age on (the desk's clock, which stamps them)
     * @param maxParkedAge how long a parked event is kept; positive
     * @throws IllegalArgumentException if {@code maxParkedAge} is not positive
     */
    public InMemoryCheckpointStore(Clock clock, Duration maxParkedAge) {
        this.clock = requireNonNull(clock, "clock");
        requireNonNull(maxParkedAge, "maxParkedAge");
        if (maxParkedAge.isNegative() || maxParkedAge.isZero()) {
            throw new IllegalArgumentException("maxParkedAge must be positive, was " + maxParkedAge);
        }
        this.maxParkedAge = maxParkedAge;
    }

    @Override
    public long checkpoint(String subscriber) {
        AtomicLong at = positions.get(subscriber);
        return at == null ? 0L : at.get();
    }

    @Override
    public void register(String subscriber) {
        positions.putIfAbsent(subscriber, new AtomicLong());
    }

    @Override
    public synchronized boolean remove(String subscriber) {
        parked.remove(subscriber);
        redeliveries.keySet().removeIf(k -> k.subscriber().equals(subscriber));
        return positions.remove(subscriber) != null;
    }

    @Override
    public Map<String, Long> checkpoints() {
        Map<String, Long> out = new HashMap<>();
        positions.forEach((name, at) -> out.put(name, at.get()));
        return Map.copyOf(out);
    }

    @Override
    public void advance(String subscriber, long expected, long to) {
        if (to <= expected) {
            throw new IllegalArgumentException("a checkpoint only moves forward: " + expected + " -> " + to);
        }
        AtomicLong at = positions.get(subscriber);
        if (at == null) {
            if (expected != 0) {
                throw new ConflictException("checkpoint of " + subscriber + " is at 0, not " + expected);
            }
            at = positions.computeIfAbsent(subscriber, n -> new AtomicLong());
        }
        if (!at.compareAndSet(expected, to)) {
            throw new ConflictException("checkpoint of " + subscriber + " is at " + at.get() + ", not " + expected);
        }
    }

    @Override
    public synchronized void park(ParkedEvent event, long expected) {
        if (event.position() <= expected) {
            throw new IllegalArgumentException("a parked event lies after the checkpoint");
        }
        advance(event.subscriber(), expected, event.position());
        TreeMap<Long, ParkedEvent> mine = parked.computeIfAbsent(event.subscriber(), s -> new TreeMap<>());
        mine.put(event.position(), event);
        Instant expiry = expiry(event);
        if (expiry.isBefore(nextExpiry)) {
            nextExpiry = expiry;
        }
        dropAged();
        if (mine.size() > MAX_PARKED) {
            // the oldest beyond the newest MAX_PARKED, but not one being redelivered (dropped by a later park)
            Instant now = clock.instant();
            int beyond = mine.size() - MAX_PARKED;
            for (Iterator<Long> it = mine.keySet().iterator(); beyond-- > 0; ) {
                long dropped = it.next();
                Parked key = new Parked(event.subscriber(), dropped);
                if (redelivering(key, now) != null) {
                    continue;
                }
                it.remove();
                redeliveries.remove(key);
                LOG.warn("subscriber {} has more than {} parked events: the oldest, at position {}, dropped and will "
                    + "not be redelivered", event.subscriber(), MAX_PARKED, dropped);
            }
        }
    }

    /** @return a redelivery's claim on the event that has not expired at {@code now}, or null */
    private @Nullable Redelivery redelivering(Parked key, Instant now) {
        Redelivery r = redeliveries.get(key);
        return r != null && !r.until().isBefore(now) ? r : null;
    }

    @Override
    public synchronized List<ParkedEvent> parked(String subscriber) {
        dropAged();
        TreeMap<Long, ParkedEvent> mine = parked.get(subscriber);
        return mine == null ? List.of() : List.copyOf(new ArrayList<>(mine.values()));
    }

    @Override
    public synchronized boolean isParked(String subscriber, long position) {
        dropAged();
        TreeMap<Long, ParkedEvent> mine = parked.get(subscriber);
        return mine != null && mine.containsKey(position);
    }

    @Override
    public synchronized boolean unpark(String subscriber, long position) {
        dropAged();
        redeliveries.remove(new Parked(subscriber, position));
        TreeMap<Long, ParkedEvent> mine = parked.get(subscriber);
        return mine != null && mine.remove(position) != null;
    }

    @Override
    public synchronized boolean claimRedelivery(String subscriber, long position, String owner, Duration ttl) {
        requireNonNull(owner, "owner");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a redelivery's claim lasts a positive time, was " + ttl);
        }
        dropAged();
        TreeMap<Long, ParkedEvent> mine = parked.get(subscriber);
        if (mine == null || !mine.containsKey(position)) {
            return false;
        }
        Parked key = new Parked(subscriber, position);
        Instant now = clock.instant();
        Redelivery held = redelivering(key, now);
        if (held != null && !held.owner().equals(owner)) {
            throw new ConflictException("the event at position " + position + " parked by subscriber " + subscriber
                + " is being redelivered (claimed until " + held.until() + ")");
        }
        Instant until = ttl.compareTo(Duration.between(now, Instant.MAX)) >= 0 ? Instant.MAX : now.plus(ttl);
        redeliveries.put(key, new Redelivery(owner, until));
        return true;
    }

    @Override
    public synchronized boolean finishRedelivery(String subscriber, long position, String owner) {
        dropAged();
        Parked key = new Parked(subscriber, position);
        Redelivery held = redeliveries.get(key);
        if (held == null || !held.owner().equals(owner)) {
            return false;
        }
        redeliveries.remove(key);
        TreeMap<Long, ParkedEvent> mine = parked.get(subscriber);
        return mine != null && mine.remove(position) != null;
    }

    @Override
    public synchronized void releaseRedelivery(String subscriber, long position, String owner) {
        Parked key = new Parked(subscriber, position);
        Redelivery held = redeliveries.get(key);
        if (held == null || !held.owner().equals(owner)) {
            return;
        }
        redeliveries.remove(key);
        TreeMap<Long, ParkedEvent> mine = parked.get(subscriber);
        ParkedEvent p = mine == null ? null : mine.get(position);
        if (p != null && expiry(p).isBefore(nextExpiry)) {
            nextExpiry = expiry(p); // under the age bound again: dropped on the next use if it is too old by now
        }
        dropAged();
    }

    /** @return the instant after which a parked event is older than the bound */
    private Instant expiry(ParkedEvent p) {
        return maxParkedAge.compareTo(Duration.between(p.parkedAt(), Instant.MAX)) >= 0 ? Instant.MAX
            : p.parkedAt().plus(maxParkedAge);
    }

    /**
     * Drops the parked events older than the bound once one may be (the clock passed {@link #nextExpiry}), each
     * subscriber's with one warning, as the size bound drops the oldest: no longer parked, never redelivered. An
     * event a redelivery has claimed is kept until its claim expires.
     */
    private void dropAged() {
        Instant now = clock.instant();
        if (!now.isAfter(nextExpiry)) {
            return;
        }
        Instant next = Instant.MAX;
        for (Map.Entry<String, TreeMap<Long, ParkedEvent>> e : parked.entrySet()) {
            int dropped = 0;
            long first = 0;
            long last = 0;
            for (Iterator<ParkedEvent> it = e.getValue().values().iterator(); it.hasNext(); ) {
                ParkedEvent p = it.next();
                Instant expiry = expiry(p);
                if (!now.isAfter(expiry)) {
                    if (expiry.isBefore(next)) {
                        next = expiry;
                    }
                    continue;
                }
                Parked key = new Parked(e.getKey(), p.position());
                Redelivery claim = redeliveries.isEmpty() ? null : redelivering(key, now);
                if (claim != null) {
                    // looked at again once the claim has expired (or at once when it is given back)
                    if (claim.until().isBefore(next)) {
                        next = claim.until();
                    }
                } else {
                    it.remove();
                    redeliveries.remove(key);
                    if (dropped++ == 0) {
                        first = p.position();
                    }
                    last = p.position();
                }
            }
            if (dropped > 0) {
                LOG.warn("subscriber {} had {} parked events older than {}, at positions {} to {}: dropped and will "
                    + "not be redelivered", e.getKey(), dropped, maxParkedAge, first, last);
            }
        }
        nextExpiry = next;
    }
}
