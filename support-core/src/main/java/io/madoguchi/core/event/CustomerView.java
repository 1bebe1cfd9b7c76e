package io.madoguchi.core.event;

import io.madoguchi.core.ticket.Ticket;
import org.jspecify.annotations.Nullable;

/**
 * The customer's view of a desk event, as {@link DeskListener#visibleTo} passes it on: the ticket snapshot is
 * {@link Ticket#forCustomer() the customer's view}, and a ticket merged into another customer's ticket is shown
 * merged and closed without that ticket's id, as the desk's reads show it. Stateless.
 */
final class CustomerView {

    private CustomerView() {
    }

    /**
     * @param event an event the customer may see ({@link DeskEvent#visibleTo})
     * @return the event as the customer sees it, or {@code null} when it is not shown to them at all (the merge of
     *     their ticket into another customer's ticket: its close is shown by the {@link StatusChanged} of the same
     *     step)
     */
    static @Nullable DeskEvent of(DeskEvent event) {
        if (!(event instanceof TicketEvent e)) {
            return event;
        }
        boolean intoOwnTicket = e instanceof TicketMerged m && m.intoOwnTicket();
        if (e instanceof TicketMerged && !intoOwnTicket) {
            return null;
        }
        Ticket t = e.ticket().forCustomer();
        if (t.mergedInto() != null && !intoOwnTicket) {
            // an event's snapshot does not tell whose the survivor is: the customer is told it only by the
            // TicketMerged of a merge into their own ticket (and by the reads)
            t = t.toBuilder().mergedInto(null).build();
        }
        return withTicket(e, t);
    }

    /** @return {@code e} with the snapshot {@code t}; null for the kinds never shown to a customer */
    private static @Nullable TicketEvent withTicket(TicketEvent e, Ticket t) {
        if (e instanceof TicketCreated x) {
            return new TicketCreated(t, x.principal(), x.occurredAt(), x.firstMessage(), x.followUpOf());
        } else if (e instanceof MessageAdded x) {
            return new MessageAdded(t, x.principal(), x.occurredAt(), x.message());
        } else if (e instanceof StatusChanged x) {
            return new StatusChanged(t, x.principal(), x.occurredAt(), x.from(), x.to());
        } else if (e instanceof PriorityChanged x) {
            return new PriorityChanged(t, x.principal(), x.occurredAt(), x.from(), x.to());
        } else if (e instanceof TypeChanged x) {
            return new TypeChanged(t, x.principal(), x.occurredAt(), x.from(), x.to());
        } else if (e instanceof TicketMerged x) {
            return new TicketMerged(t, x.principal(), x.occurredAt(), x.survivor(), x.survivorRequester());
        } else if (e instanceof TicketLinked x) {
            return new TicketLinked(t, x.principal(), x.occurredAt(), x.link());
        } else if (e instanceof RequesterChanged x) {
            return new RequesterChanged(t, x.principal(), x.occurredAt(), x.from(), x.to());
        }
        // staff-only kinds (tags, custom fields, complaint flag, assignment, delivery), and any kind added later
        // until it is given a customer's view here
        return null;
    }
}
