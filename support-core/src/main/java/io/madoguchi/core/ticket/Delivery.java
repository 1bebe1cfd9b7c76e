package io.madoguchi.core.ticket;

/**
 * What should happen to a public reply besides being stored: sent to the customer on the ticket's channel, or only
 * recorded (it already reached the customer another way, for example by phone). Internal notes and customers' own
 * messages are never sent.
 */
public enum Delivery {
    /** Send it on the ticket's channel: the step commits a {@code DeliveryRequested} event the channel outbox reads. */
    SEND,
    /** Only record it on the ticket. */
    RECORD_ONLY
}
