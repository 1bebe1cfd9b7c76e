package io.madoguchi.core.ticket;

import java.util.Locale;

/** What kind of request a ticket is. Incidents may link to a problem. Immutable and thread-safe. */
public enum TicketType {
    /** A question. */
    QUESTION,
    /** Something is broken for this customer. */
    INCIDENT,
    /** The cause behind one or more incidents. */
    PROBLEM,
    /** Work to do. */
    TASK;

    /** Computed once: a label is written into every audit entry, so it is not a new string each time. */
    private final String label = name().toLowerCase(Locale.ROOT);

    /** @return the lower-case name */
    public String label() {
        return label;
    }
}
