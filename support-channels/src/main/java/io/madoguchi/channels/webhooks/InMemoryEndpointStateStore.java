package io.madoguchi.channels.webhooks;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.store.StoreException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Disabled endpoints in memory: lost on restart (a durable host uses the JDBC store). Bounded: at most
 * {@code maxEndpoints} disabled endpoints of all tenants together (a delivery has at most
 * {@link WebhookDelivery#MAX_ENDPOINTS_PER_TENANT} per tenant and any number of tenants: a host with more endpoints
 * than the bound passes a larger one); one more is refused with a {@link StoreException}. Entries do not age out: a
 * disabled endpoint stays disabled until enabled. Keyed by tenant and endpoint id. Thread-safe.
 */
public final class InMemoryEndpointStateStore implements EndpointStateStore {

    private final int maxEndpoints;
    private final Map<Key, Instant> disabled = new HashMap<>();

    private record Key(TenantId tenant, String endpointId) {
        Key {
            requireNonNull(tenant, "tenant");
            requireNonNull(endpointId, "endpointId");
        }
    }

    /** A store of at most 10,000 disabled endpoints. */
    public InMemoryEndpointStateStore() {
        this(10_000);
    }

    /**
     * @param maxEndpoints the most disabled endpoints kept; positive
     * @throws IllegalArgumentException if it is not positive
     */
    public InMemoryEndpointStateStore(int maxEndpoints) {
        if (maxEndpoints <= 0) {
            throw new IllegalArgumentException("maxEndpoints must be positive, was " + maxEndpoints);
        }
        this.maxEndpoints = maxEndpoints;
    }

    @Override
    public synchronized boolean disable(TenantId tenant, String endpointId, Instant at) {
        Key key = new Key(tenant, endpointId);
        requireNonNull(at, "at");
        if (disabled.containsKey(key)) {
            return false;
        }
        if (disabled.size() >= maxEndpoints) {
            throw new StoreException("the endpoint state store holds " + maxEndpoints
                + " disabled endpoints, its limit", false);
        }
        disabled.put(key, at);
        return true;
    }

    @Override
    public synchronized boolean enable(TenantId tenant, String endpointId) {
        return disabled.remove(new Key(tenant, endpointId)) != null;
    }

    @Override
    public synchronized Set<String> disabled(TenantId tenant) {
        requireNonNull(tenant, "tenant");
        Set<String> out = new HashSet<>();
        for (Key k : disabled.keySet()) {
            if (k.tenant().equals(tenant)) {
                out.add(k.endpointId());
            }
        }
        return Set.copyOf(out);
    }

    @Override
    public synchronized boolean isDisabled(TenantId tenant, String endpointId) {
        return disabled.containsKey(new Key(tenant, endpointId));
    }
}
