package io.madoguchi.core.store.memory;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.store.CheckpointStore;
import io.madoguchi.core.store.ParkedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A thread-safe in-memory {@link CheckpointStore}. Parked events are kept per subscriber, at most
 * {@link #MAX_PARKED} each (the oldest is dropped and logged by the caller's subscriber runner when more are
 * parked).
 */
public final class InMemoryCheckpointStore implements CheckpointStore {

    /** The most parked events kept per subscriber. */
    public static final int MAX_PARKED = 10_000;

    private final Map<String, Long> positions = new HashMap<>();
    private final Map<String, TreeMap<Long, ParkedEvent>> parked = new HashMap<>();

    /** Creates an empty store. */
    public InMemoryCheckpointStore() {
    }

    @Override
    public synchronized long checkpoint(String subscriber) {
        return positions.getOrDefault(subscriber, 0L);
    }

    @Override
    public synchronized void register(String subscriber) {
        positions.putIfAbsent(subscriber, 0L);
    }

    @Override
    public synchronized boolean remove(String subscriber) {
        parked.remove(subscriber);
        return positions.remove(subscriber) != null;
    }

    @Override
    public synchronized Map<String, Long> checkpoints() {
        return Map.copyOf(positions);
    }

    @Override
    public synchronized void advance(String subscriber, long expected, long to) {
        if (to <= expected) {
            throw new IllegalArgumentException("a checkpoint only moves forward: " + expected + " -> " + to);
        }
        long at = positions.getOrDefault(subscriber, 0L);
        if (at != expected) {
            throw new ConflictException("checkpoint of " + subscriber + " is at " + at + ", not " + expected);
        }
        positions.put(subscriber, to);
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
            mine.pollFirstEntry();
        }
    }

    @Override
    public synchronized List<ParkedEvent> parked(String subscriber) {
        TreeMap<Long, ParkedEvent> mine = parked.get(subscriber);
        return mine == null ? List.of() : List.copyOf(new ArrayList<>(mine.values()));
    }

    @Override
    public synchronized boolean unpark(String subscriber, long position) {
        TreeMap<Long, ParkedEvent> mine = parked.get(subscriber);
        return mine != null && mine.remove(position) != null;
    }
}
