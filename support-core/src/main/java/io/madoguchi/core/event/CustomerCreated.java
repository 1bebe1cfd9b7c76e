package io.madoguchi.core.event;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.customer.IdentityKind;
import java.time.Instant;
import java.util.List;

/**
 * A customer was created (explicitly, or on first contact through a channel). Carries the kinds of identities the
 * customer was created with, never the identities themselves (they are personal data). Immutable and thread-safe.
 *
 * @param tenantId the tenant
 * @param principal who did it
 * @param occurredAt when
 * @param customer the new customer
 * @param identityKinds the kinds of the customer's first identities, in order
 */
public record CustomerCreated(TenantId tenantId, Principal principal, Instant occurredAt, CustomerId customer,
                              List<IdentityKind> identityKinds) implements DeskEvent {

    /**
     * Copies the list.
     *
     * @param tenantId the tenant
     * @param principal who did it
     * @param occurredAt when
     * @param customer the new customer
     * @param identityKinds the kinds of the customer's first identities, in order
     */
    public CustomerCreated {
        identityKinds = List.copyOf(identityKinds);
    }

    @Override
    public boolean visibleTo(Principal viewer) {
        return viewer.tenantId().equals(tenantId) && (viewer.isStaff() || viewer.id().equals(customer.value()));
    }
}
