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

    /** Computed once: a label is written into every audit entry, so it is not a new string each time. */
    private final String label = name().toLowerCase(Locale.ROOT);

    /** @return the lower-case name */
    public String label() {
        return label;
    }
}
