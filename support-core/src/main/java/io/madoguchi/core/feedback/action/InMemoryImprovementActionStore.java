package io.madoguchi.core.feedback.action;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.internal.GroupedKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A thread-safe in-memory {@link ImprovementActionStore}; every method takes one lock. Actions are not bounded: only
 * staff create actions (customers cannot make it grow). The idempotency keys they are created under are bounded by
 * size and age, like the other stores' records: a key is held for {@code keyRetention} from its creation, and a
 * tenant's oldest keys are dropped first when it holds more than {@code maxKeys}; the size bound is for each tenant,
 * so one tenant's keys never push out another's.
 */
public final class InMemoryImprovementActionStore implements ImprovementActionStore {

    /** Default number of idempotency keys kept for each tenant. */
    public static final int DEFAULT_MAX_KEYS = 100_000;
    /**
     * Default time an idempotency key is held (90 days): longer than a parked event is kept (30 days by default), so
     * a redelivered handling finds the action it created.
     */
    public static final Duration DEFAULT_KEY_RETENTION = Duration.ofDays(90);

    private final int maxKeys;
    private final Duration keyRetention;
    private final Map<String, ImprovementAction> actions = new HashMap<>();
    /** The creations under keys, in the order inserted. */
    private final LinkedHashMap<TenantKey, ActionCreation> creations = new LinkedHashMap<>();
    /** Each tenant's keys in the order inserted, for the size bound. */
    private final GroupedKeys<TenantId, String> byTenant = new GroupedKeys<>();

    private record TenantKey(TenantId tenant, String key) {
    }

    /** Creates an empty store with the default bounds of its keys. */
    public InMemoryImprovementActionStore() {
        this(DEFAULT_MAX_KEYS, DEFAULT_KEY_RETENTION);
    }

    /**
     * @param maxKeys idempotency keys kept for each tenant; positive
     * @param keyRetention how long an idempotency key is held; positive
     * @throws IllegalArgumentException if a bound is not positive
     */
    public InMemoryImprovementActionStore(int maxKeys, Duration keyRetention) {
        requireNonNull(keyRetention, "keyRetention");
        if (maxKeys <= 0 || keyRetention.isNegative() || keyRetention.isZero()) {
            throw new IllegalArgumentException("maxKeys and keyRetention must be positive, were " + maxKeys + " and "
                + keyRetention);
        }
        this.maxKeys = maxKeys;
        this.keyRetention = keyRetention;
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
    public synchronized Optional<ActionCreation> insert(ImprovementAction action, String key,
                                                        NewImprovementAction request) {
        requireNonNull(action, "action");
        requireNonNull(key, "key");
        requireNonNull(request, "request");
        sweep(action.createdAt());
        TenantKey k = new TenantKey(action.tenant(), key);
        ActionCreation held = creations.get(k);
        if (held != null) {
            return Optional.of(held);
        }
        insert(action);
        creations.put(k, new ActionCreation(action.tenant(), key, request, action.id(), action.createdAt()));
        byTenant.add(action.tenant(), key);
        for (String oldest; (oldest = byTenant.oldestBeyond(action.tenant(), maxKeys)) != null; ) {
            creations.remove(new TenantKey(action.tenant(), oldest));
            byTenant.remove(action.tenant(), oldest);
        }
        return Optional.empty();
    }

    @Override
    public synchronized Optional<ActionCreation> creation(TenantId tenant, String key, Instant now) {
        requireNonNull(tenant, "tenant");
        requireNonNull(key, "key");
        ActionCreation c = creations.get(new TenantKey(tenant, key));
        return c == null || expired(c, now) ? Optional.empty() : Optional.of(c);
    }

    private boolean expired(ActionCreation c, Instant now) {
        return !c.at().isAfter(now.minus(keyRetention));
    }

    /** Drops the keys past the retention at {@code now}, oldest inserted first. */
    private void sweep(Instant now) {
        Iterator<ActionCreation> it = creations.values().iterator();
        while (it.hasNext()) {
            ActionCreation c = it.next();
            if (!expired(c, now)) {
                return;
            }
            it.remove();
            byTenant.remove(c.tenant(), c.key());
        }
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
        return "InMemoryImprovementActionStore[actions=" + actions.size() + ", keys=" + creations.size() + "]";
    }
}
