package io.madoguchi.core.store;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;

/**
 * A unique key claimed by a change set so that a retried or redelivered request returns the stored result instead
 * of writing twice: for example {@code (tenant, "inbound:line", provider message id)}, or
 * {@code (tenant, "subscriber:sla", event position)} for a subscriber's effect. A claim is written in the same
 * change set as the writes it guards, so either both exist or neither does. Immutable.
 *
 * @param tenantId the tenant (claims are per tenant: the same provider id in two tenants is two claims)
 * @param scope what kind of key it is; at most 100 characters
 * @param key the key within the scope; at most 500 characters
 */
public record IdempotencyKey(TenantId tenantId, String scope, String key) {

    /**
     * @param tenantId the tenant (claims are per tenant: the same provider id in two tenants is two claims)
     * @param scope what kind of key it is; at most 100 characters
     * @param key the key within the scope; at most 500 characters
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the scope or key is empty or too long
     */
    public IdempotencyKey {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(scope, "scope");
        requireNonNull(key, "key");
        if (scope.isEmpty() || scope.length() > 100) {
            throw new IllegalArgumentException("scope must have 1 to 100 characters");
        }
        if (key.isEmpty() || key.length() > 500) {
            throw new IllegalArgumentException("key must have 1 to 500 characters");
        }
    }

    /**
     * The claim a desk's receive takes, with the message, for a provider's message id: scope {@code "inbound:"}
     * followed by the channel's name. What a component that kept something beside an inbound message looks up to
     * find the message as stored.
     *
     * @param tenantId the tenant
     * @param channel the channel the message came on
     * @param providerMessageId the provider's message id; at most 500 characters
     * @return the key
     * @throws IllegalArgumentException if the id is empty or too long
     */
    public static IdempotencyKey inbound(TenantId tenantId, Channel channel, String providerMessageId) {
        return new IdempotencyKey(tenantId, "inbound:" + channel.name(), providerMessageId);
    }

    /** Keys may be provider ids tied to a person's account: {@code toString} prints only the scope. */
    @Override
    public String toString() {
        return "IdempotencyKey[" + tenantId.value() + "/" + scope + "/…]";
    }
}
