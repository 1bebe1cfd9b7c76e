package io.madoguchi.core.sla;

/** A ticket's status as the SLA engine sees it. */
public enum SlaStatus {
    /** Created, nobody has worked on it yet. */
    NEW,
    /** Being worked on. */
    OPEN,
    /** Waiting on the customer. */
    PENDING,
    /** Waiting on a third party. */
    ON_HOLD,
    /** Solved; a customer reply reopens it. */
    SOLVED,
    /** Closed for good. */
    CLOSED;

    /**
     * @return whether the ticket is still being handled (new, open, pending or on-hold)
     */
    public boolean isActive() {
        return ordinal() <= ON_HOLD.ordinal();
    }
}
