package io.madoguchi.core.feedback.action;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A thread-safe in-memory {@link ImprovementActionStore}; every method takes one lock. Not bounded: only staff create
 * actions (customers cannot make it grow).
 */
public final class InMemoryImprovementActionStore implements ImprovementActionStore {

    private final Map<String, ImprovementAction> actions = new HashMap<>();

    /** Creates an empty store. */
    public InMemoryImprovementActionStore() {
    }

    @Override
    public synchronized void insert(ImprovementAction action) {
        requireNonNull(action, "action");
        if (actions.containsKey(action.id())) {
            throw new IllegalArgumentException("an action with this id is already stored");
        }
        actions.put(action.id(), action);
    }

    @Override
    public synchronized Optional<ImprovementAction> get(String actionId) {
        return Optional.ofNullable(actions.get(actionId));
    }

    @Override
    public synchronized boolean replace(ImprovementAction current, ImprovementAction next) {
        if (!current.id().equals(next.id()) || !current.equals(actions.get(current.id()))) {
            return false;
        }
        actions.put(next.id(), next);
        return true;
    }

    @Override
    public synchronized List<ImprovementAction> list(TenantId tenant) {
        return actions.values().stream().filter(a -> a.tenant().equals(tenant))
            .sorted(Comparator.comparing(ImprovementAction::createdAt).thenComparing(ImprovementAction::id)).toList();
    }

    @Override
    public synchronized String toString() {
        return "InMemoryImprovementActionStore[actions=" + actions.size() + "]";
    }
}
