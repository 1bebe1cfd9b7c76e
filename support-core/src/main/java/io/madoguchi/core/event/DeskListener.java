package io.madoguchi.core.event;

import io.madoguchi.core.Principal;

/**
 * Receives desk events, synchronously, after the change is stored, in order per ticket. A listener that throws is
 * logged; the change stays and the other listeners still run. Listeners should be quick; events of changes a
 * listener makes itself are delivered after the current event. Implementations must be thread-safe when the desk is
 * used from several threads.
 */
@FunctionalInterface
public interface DeskListener {

    /**
     * @param event what happened
     */
    void onEvent(DeskEvent event);

    /**
     * A listener that passes on only the events {@code viewer} may see (for example to push updates to a
     * customer's browser): their own tickets, never internal notes. Staff get the events as they are. A customer
     * gets them in the customer's view, the one the desk's reads give them: the ticket snapshot is
     * {@link io.madoguchi.core.ticket.Ticket#forCustomer() the customer's view}, and of a merge of their ticket into
     * another customer's ticket they see their ticket closed (its {@link StatusChanged}, without
     * {@code mergedInto}) but not the {@link TicketMerged} event, which names the other customer's ticket. A merge
     * into another of their own tickets is passed with its survivor; the snapshots of a merged ticket in other events
     * leave {@code mergedInto} empty for a customer.
     *
     * @param viewer who will see the events
     * @param delegate where visible events go
     * @return the filtering listener
     */
    static DeskListener visibleTo(Principal viewer, DeskListener delegate) {
        java.util.Objects.requireNonNull(viewer, "viewer");
        java.util.Objects.requireNonNull(delegate, "delegate");
        return event -> {
            if (!event.visibleTo(viewer)) {
                return;
            }
            DeskEvent shown = viewer.isStaff() ? event : CustomerView.of(event);
            if (shown != null) {
                delegate.onEvent(shown);
            }
        };
    }
}
