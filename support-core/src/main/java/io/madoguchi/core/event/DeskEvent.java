package io.madoguchi.core.event;

import io.madoguchi.core.Principal;

/**
 * Something that changed at the desk, announced after it was stored. Immutable. Sealed: switch over the
 * subtypes to handle each kind.
 */
public sealed interface DeskEvent extends SupportEvent permits TicketEvent, CustomerMerged, CustomerCreated {

    @Override
    default String area() {
        return "desk";
    }

    @Override
    default String streamKey() {
        return "tenant:" + tenantId().value();
    }


    /** @return who did it */
    Principal principal();

    /**
     * Whether {@code viewer} may see this event: staff of the same tenant see everything of their tenant; a
     * customer sees only events of their own tickets, never internal notes, and never staff-only changes (tags,
     * custom fields, complaint flag, assignment). The ticket snapshot inside an event is the staff view; a customer
     * is shown the event as {@link DeskListener#visibleTo} passes it on (the customer's view of the snapshot, and no
     * other customer's ticket id from a merge).
     *
     * @param viewer who would see it
     * @return whether the event may be shown to {@code viewer}
     */
    boolean visibleTo(Principal viewer);
}
