package io.madoguchi.core.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keys grouped (by tenant, by customer), each group in the order its keys were added, and no empty group left
 * behind: the index an in-memory store keeps to find a group's keys and to bound each group's size on its own, so
 * one tenant's volume never pushes out another's. Not thread-safe: the owning store's lock guards it.
 *
 * @param <G> the group, such as a tenant id
 * @param <K> the key, such as a record's id
 */
public final class GroupedKeys<G, K> {

    private final Map<G, LinkedHashSet<K>> groups = new HashMap<>();

    /**
     * @param group a group
     * @param key a key, added last to its group (where it stays if it was there)
     */
    public void add(G group, K key) {
        groups.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(key);
    }

    /**
     * @param group the key's group
     * @param key a key; the group goes when it was its last
     */
    public void remove(G group, K key) {
        Set<K> keys = groups.get(group);
        if (keys != null && keys.remove(key) && keys.isEmpty()) {
            groups.remove(group);
        }
    }

    /**
     * @param group a group
     * @return its keys, first added first (a view; empty for an unknown group)
     */
    public Set<K> of(G group) {
        Set<K> keys = groups.get(group);
        return keys == null ? Set.of() : Collections.unmodifiableSet(keys);
    }

    /**
     * @param group a group
     * @param max the keys it may hold
     * @return its first added key while it holds more than {@code max}, else null: the caller drops it (removing it
     *     here too) and asks again
     */
    public @Nullable K oldestBeyond(G group, int max) {
        Set<K> keys = groups.get(group);
        return keys == null || keys.size() <= max ? null : keys.iterator().next();
    }
}
