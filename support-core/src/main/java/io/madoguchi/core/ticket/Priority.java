package io.madoguchi.core.ticket;

import java.util.Locale;

/** How urgent a ticket is; declared from lowest to highest. Immutable and thread-safe. */
public enum Priority {
    /** Low. */
    LOW,
    /** Normal, the default. */
    NORMAL,
    /** High. */
    HIGH,
    /** Urgent. */
    URGENT;

    /** @return the lower-case name */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
