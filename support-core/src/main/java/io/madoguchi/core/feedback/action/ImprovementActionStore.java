package io.madoguchi.core.feedback.action;

import io.madoguchi.core.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link ImprovementActions} keeps its actions (SPI). Every instance of a host built on the same store sees the
 * same actions, so they survive a restart. Implementations must be thread-safe and pass
 * {@code ImprovementActionStoreContract} (in the support-core test-jar); each method is atomic.
 */
public interface ImprovementActionStore {

    /** @return a new in-memory store */
    static ImprovementActionStore inMemory() {
        return new InMemoryImprovementActionStore();
    }

    /**
     * @param action a new action
     * @throws IllegalArgumentException if an action with its id is stored already
     */
    void insert(ImprovementAction action);

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
