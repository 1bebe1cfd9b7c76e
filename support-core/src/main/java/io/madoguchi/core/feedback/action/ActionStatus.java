package io.madoguchi.core.feedback.action;

/**
 * An improvement action's status. Allowed moves: OPEN → IN_PROGRESS, DONE or CANCELLED;
 * IN_PROGRESS → OPEN, DONE or CANCELLED; DONE and CANCELLED are final.
 */
public enum ActionStatus {
    /** Not started. */
    OPEN,
    /** Being worked on. */
    IN_PROGRESS,
    /** Finished; customers are told. */
    DONE,
    /** Dropped. */
    CANCELLED;

    /**
     * @param target the status to move to
     * @return whether the move is allowed
     */
    public boolean canMoveTo(ActionStatus target) {
        return switch (this) {
            case OPEN -> target == IN_PROGRESS || target == DONE || target == CANCELLED;
            case IN_PROGRESS -> target == OPEN || target == DONE || target == CANCELLED;
            case DONE, CANCELLED -> false;
        };
    }
}
