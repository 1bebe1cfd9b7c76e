package io.madoguchi.core.sla;

/** A ticket's priority as the SLA engine sees it, lowest first. */
public enum SlaPriority {
    /** Low. */
    LOW,
    /** Normal (the default). */
    NORMAL,
    /** High. */
    HIGH,
    /** Urgent. */
    URGENT
}
