package io.madoguchi.core.feedback.action;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import java.time.Instant;

/**
 * A create of an improvement action made under a host's idempotency key, as an {@link ImprovementActionStore} keeps
 * it: the key, what the create asked for and the action it made. Immutable.
 *
 * @param tenant the tenant; keys are per tenant
 * @param key the host's idempotency key
 * @param request what the create asked for
 * @param actionId the action it created
 * @param at when it was made (the action's creation time); the key ages from then
 */
public record ActionCreation(TenantId tenant, String key, NewImprovementAction request, String actionId,
                             Instant at) {

    /**
     * @param tenant the tenant; keys are per tenant
     * @param key the host's idempotency key
     * @param request what the create asked for
     * @param actionId the action it created
     * @param at when it was made (the action's creation time); the key ages from then
     * @throws NullPointerException if a value is null
     */
    public ActionCreation {
        requireNonNull(tenant, "tenant");
        requireNonNull(key, "key");
        requireNonNull(request, "request");
        requireNonNull(actionId, "actionId");
        requireNonNull(at, "at");
    }

    /** A host may derive its keys from a customer's data: {@code toString} leaves the key out. */
    @Override
    public String toString() {
        return "ActionCreation[tenant=" + tenant.value() + ", key=…, actionId=" + actionId + ", at=" + at + "]";
    }
}
