package io.madoguchi.core.ticket;

/** What queries sort by; ties are broken by ticket number, so the order is total. Immutable and thread-safe. */
public enum TicketSort {
    /** Creation time. */
    CREATED,
    /** Last change time. */
    UPDATED,
    /** Priority (low to urgent). */
    PRIORITY
}
