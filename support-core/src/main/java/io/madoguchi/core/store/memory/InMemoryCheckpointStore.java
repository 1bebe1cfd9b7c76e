package io.madoguchi.core.store.memory;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.store.CheckpointStore;
import io.madoguchi.core.store.ParkedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread-safe in-memory {@link CheckpointStore}. Parked events are kept per subscriber, at most
 * {@link #MAX_PARKED} each (when more are parked the oldest is dropped, with a warning in the log).
 */
public final class InMemoryCheckpointStore implements CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryCheckpointStore.class);

    /** The most parked events kept per subscriber. */
    public static final int MAX_PARKED = 10_000;

    private final ConcurrentHashMap<String, AtomicLong> positions = new ConcurrentHashMap<>();
    private final Map<String, TreeMap<Long, ParkedEvent>> parked = new HashMap<>();

    /** Creates an empty store. */
    public InMemoryCheckpointStore() {
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
        while (mine.size() > MAX_PARKED) {
            long dropped = mine.pollFirstEntry().getKey();
            LOG.warn("subscriber {} has more than {} parked events: the oldest, at position {}, dropped and will not "
                + "be redelivered", event.subscriber(), MAX_PARKED, dropped);
        }
    }

    @Override
    public synchronized List<ParkedEvent> parked(String subscriber) {
        TreeMap<Long, ParkedEvent> mine = parked.get(subscriber);
        return mine == null ? List.of() : List.copyOf(new ArrayList<>(mine.values()));
    }

    @Override
    public synchronized boolean isParked(String subscriber, long position) {
        TreeMap<Long, ParkedEvent> mine = parked.get(subscriber);
        return mine != null && mine.containsKey(position);
    }

    @Override
    public synchronized boolean unpark(String subscriber, long position) {
        TreeMap<Long, ParkedEvent> mine = parked.get(subscriber);
        return mine != null && mine.remove(position) != null;
    }
}
