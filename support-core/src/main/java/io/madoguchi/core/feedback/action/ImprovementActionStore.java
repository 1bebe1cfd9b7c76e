package io.madoguchi.core.feedback.action;

import io.madoguchi.core.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link ImprovementActions} keeps its actions (SPI), and the idempotency keys hosts create them under. Every
 * instance of a host built on the same store sees the same actions and keys, so they survive a restart. Implementations
 * must be thread-safe and pass {@code ImprovementActionStoreContract} (in the support-core test-jar); each method is
 * atomic.
 *
 * <p>Actions are not bounded: only staff create them. Keys are, by size and age: a key is held for the store's key
 * retention from its creation (measured on the instants given: the action's creation time, the {@code now} of a
 * look-up), and a tenant holding more than the store's maximum keeps only its newest; one tenant's keys never push
 * out another's.
 */
public interface ImprovementActionStore {

    /** @return a new in-memory store with the default bounds of its keys */
    static ImprovementActionStore inMemory() {
        return new InMemoryImprovementActionStore();
    }

    /**
     * @param action a new action
     * @throws IllegalArgumentException if an action with its id is stored already
     */
    void insert(ImprovementAction action);

    /**
     * Inserts a new action together with the idempotency key it is created under, atomically: unless the action's
     * tenant holds the key already, in which case nothing is written. The store keeps the creation
     * ({@link ActionCreation}, made at the action's creation time) while the key is held; keys past the retention at
     * that time are not held, and the tenant's oldest beyond the size bound are dropped. Of two instances inserting
     * under one key at once, one inserts and the other gets its creation.
     *
     * @param action a new action
     * @param key the host's idempotency key, 1–255 characters
     * @param request what the create asked for
     * @return the creation already holding the key (nothing was written), or empty if the action was inserted
     * @throws IllegalArgumentException if an action with its id is stored already (nothing was written)
     */
    Optional<ActionCreation> insert(ImprovementAction action, String key, NewImprovementAction request);

    /**
     * @param tenant the tenant
     * @param key a host's idempotency key
     * @param now the current time
     * @return the creation made under the key, if the tenant holds it at {@code now} (made less than the key
     *     retention before)
     */
    Optional<ActionCreation> creation(TenantId tenant, String key, Instant now);

    /**
     * @param actionId an action
     * @return it, if stored
     */
    Optional<ImprovementAction> get(String actionId);

    /**
     * Replaces an action if it is still exactly {@code current} (compare and set).
     *
     * @param current the action as read
     * @param next its new version (same id)
     * @return whether it was replaced
     */
    boolean replace(ImprovementAction current, ImprovementAction next);

    /**
     * @param tenant the tenant
     * @return the tenant's actions, oldest first (then by id)
     */
    List<ImprovementAction> list(TenantId tenant);
}
