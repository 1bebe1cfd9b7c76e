package io.madoguchi.core.event;

import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import java.time.Instant;

/**
 * Something that changed at the desk, announced after it was stored. Immutable. Sealed: switch over the
 * subtypes to handle each kind.
 */
public sealed interface DeskEvent permits TicketEvent, CustomerMerged {

    /** @return the tenant it happened in */
    TenantId tenantId();

    /** @return when it happened (the desk clock) */
    Instant occurredAt();

    /** @return who did it */
    Principal principal();

    /**
     * Whether {@code viewer} may see this event: staff of the same tenant see everything of their tenant; a
     * customer sees only events of their own tickets, and never internal notes.
     *
     * @param viewer who would see it
     * @return whether the event may be shown to {@code viewer}
     */
    boolean visibleTo(Principal viewer);
}
