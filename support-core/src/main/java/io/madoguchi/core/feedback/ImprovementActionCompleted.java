package io.madoguchi.core.feedback;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import java.time.Instant;
import java.util.Set;

/**
 * An improvement action was done: the customers whose feedback it answered should be told.
 *
 * @param tenant the tenant
 * @param actionId the action
 * @param title the action's title
 * @param customersToNotify the customers whose linked feedback it answered
 * @param at when it was completed
 */
public record ImprovementActionCompleted(TenantId tenant, String actionId, String title,
                                         Set<CustomerId> customersToNotify, Instant at) implements FeedbackEvent {

    @Override
    public TenantId tenantId() {
        return tenant;
    }

    /**
     * Copies the customers.
     *
     * @param tenant the tenant
     * @param actionId the action
     * @param title the action's title
     * @param customersToNotify the customers whose linked feedback it answered
     * @param at when it was completed
     */
    public ImprovementActionCompleted {
        customersToNotify = Set.copyOf(customersToNotify);
    }
}
