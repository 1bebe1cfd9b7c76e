package io.madoguchi.core.feedback;

/** Marks on a solved ticket that can suppress a survey. */
public enum TicketMark {
    /** The ticket was merged into another. */
    MERGED,
    /** The ticket was marked as spam. */
    SPAM,
    /** The ticket was flagged as a complaint. */
    COMPLAINT
}
