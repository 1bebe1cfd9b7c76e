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

    /** @return the lower-case name */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
