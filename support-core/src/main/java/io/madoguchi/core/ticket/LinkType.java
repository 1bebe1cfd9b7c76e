package io.madoguchi.core.ticket;

import java.util.Locale;

/**
 * How one ticket relates to another. Each link is stored on both tickets, once from each side. Immutable and
 * thread-safe.
 */
public enum LinkType {
    /** The other ticket is this ticket's parent. */
    PARENT,
    /** The other ticket is a child of this one. */
    CHILD,
    /** The other ticket is the problem this incident belongs to. */
    PROBLEM,
    /** The other ticket is an incident of this problem. */
    INCIDENT,
    /** The other ticket is a follow-up opened after this one was closed. */
    FOLLOW_UP,
    /** This ticket is a follow-up of the other (closed) ticket. */
    FOLLOW_UP_OF;

    /** Computed once: a label is written into every audit entry, so it is not a new string each time. */
    private final String label = name().toLowerCase(Locale.ROOT);

    /** @return the link as seen from the other ticket */
    public LinkType inverse() {
        return switch (this) {
            case PARENT -> CHILD;
            case CHILD -> PARENT;
            case PROBLEM -> INCIDENT;
            case INCIDENT -> PROBLEM;
            case FOLLOW_UP -> FOLLOW_UP_OF;
            case FOLLOW_UP_OF -> FOLLOW_UP;
        };
    }

    /** @return the lower-case name */
    public String label() {
        return label;
    }
}
