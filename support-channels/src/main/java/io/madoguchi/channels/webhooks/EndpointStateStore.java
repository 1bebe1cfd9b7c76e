package io.madoguchi.channels.webhooks;

import io.madoguchi.core.TenantId;
import java.time.Instant;
import java.util.Set;

/**
 * Which Standard Webhooks endpoints a {@code 410 Gone} disabled, kept where a restart does not lose it (in memory for
 * tests and single-process hosts: {@link InMemoryEndpointStateStore}; on the database:
 * {@link io.madoguchi.channels.webhooks.jdbc.JdbcEndpointStateStore}). An endpoint stays disabled until the host
 * enables it. Endpoints are keyed by their tenant and their id within it: disabling tenant A's {@code crm} leaves
 * tenant B's {@code crm} enabled, and one tenant's calls never read or change another's. Implementations are
 * thread-safe.
 */
public interface EndpointStateStore {

    /**
     * Disables an endpoint, atomically: of two senders that see the same 410 only one is told it disabled it.
     *
     * @param tenant the endpoint's tenant
     * @param endpointId the endpoint's id within its tenant
     * @param at when (microseconds)
     * @return true if it was enabled until now, false if it was disabled already
     */
    boolean disable(TenantId tenant, String endpointId, Instant at);

    /**
     * @param tenant the endpoint's tenant
     * @param endpointId the endpoint's id within its tenant
     * @return true if it was disabled
     */
    boolean enable(TenantId tenant, String endpointId);

    /**
     * @param tenant a tenant
     * @return the ids of that tenant's disabled endpoints
     */
    Set<String> disabled(TenantId tenant);

    /**
     * @param tenant the endpoint's tenant
     * @param endpointId the endpoint's id within its tenant
     * @return whether it is disabled
     */
    boolean isDisabled(TenantId tenant, String endpointId);
}
