package io.madoguchi.channels.webhooks;

import java.time.Instant;
import java.util.Set;

/**
 * Which Standard Webhooks endpoints a {@code 410 Gone} disabled, kept where a restart does not lose it (in memory for
 * tests and single-process hosts: {@link InMemoryEndpointStateStore}; on the database:
 * {@link io.madoguchi.channels.webhooks.jdbc.JdbcEndpointStateStore}). An endpoint stays disabled until the host
 * enables it. Implementations are thread-safe.
 */
public interface EndpointStateStore {

    /**
     * Disables an endpoint, atomically: of two senders that see the same 410 only one is told it disabled it.
     *
     * @param endpointId the endpoint's id
     * @param at when (microseconds)
     * @return true if it was enabled until now, false if it was disabled already
     */
    boolean disable(String endpointId, Instant at);

    /**
     * @param endpointId the endpoint's id
     * @return true if it was disabled
     */
    boolean enable(String endpointId);

    /** @return the ids of the disabled endpoints */
    Set<String> disabled();

    /**
     * @param endpointId the endpoint's id
     * @return whether it is disabled
     */
    boolean isDisabled(String endpointId);
}
