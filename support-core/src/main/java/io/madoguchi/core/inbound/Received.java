package io.madoguchi.core.inbound;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;

/**
 * What {@code SupportDesk.receive} did with an inbound message. Immutable.
 *
 * @param customer the customer it was written for (found by the identity, or created)
 * @param ticket the ticket it went to, after the change (staff view)
 * @param message the stored message
 * @param outcome whether a ticket was opened, the message joined one, or it was a redelivery
 */
public record Received(Customer customer, Ticket ticket, Message message, Outcome outcome) {

    /**
     * @param customer the customer it was written for (found by the identity, or created)
     * @param ticket the ticket it went to, after the change (staff view)
     * @param message the stored message
     * @param outcome whether a ticket was opened, the message joined one, or it was a redelivery
     * @throws NullPointerException if an argument is null
     */
    public Received {
        requireNonNull(customer, "customer");
        requireNonNull(ticket, "ticket");
        requireNonNull(message, "message");
        requireNonNull(outcome, "outcome");
    }

    /** What happened to the message. */
    public enum Outcome {
        /** A new ticket was opened with it. */
        OPENED,
        /**
         * It was added to an existing ticket of the customer: their open (or solved, which it reopened) ticket on the
         * channel, or the open ticket the one it answered was merged into.
         */
        JOINED,
        /** The ticket it reached was closed: a new follow-up ticket was opened with it. */
        FOLLOW_UP,
        /** The provider delivered it before: nothing was written, this is the stored message. */
        DUPLICATE
    }
}
