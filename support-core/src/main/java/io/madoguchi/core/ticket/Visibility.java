package io.madoguchi.core.ticket;

/**
 * Whether a message is a public reply (the customer sees it) or an internal note (staff only). Immutable and
 * thread-safe.
 */
public enum Visibility {
    /** A public reply, sent to and seen by the customer. */
    PUBLIC,
    /** An internal note: never shown to a customer, not in their events, queries or audit. */
    INTERNAL
}
