package io.madoguchi.core.feedback.review;

import java.util.Set;

/**
 * Where a review is in moderation. Allowed moves: PENDING → APPROVED or REJECTED; APPROVED → HIDDEN;
 * HIDDEN → APPROVED; REJECTED → PENDING (sent back for another look). Only APPROVED reviews are public.
 */
public enum ModerationState {
    /** Waiting for a moderator. */
    PENDING,
    /** Public. */
    APPROVED,
    /** Refused. */
    REJECTED,
    /** Was public, taken down. */
    HIDDEN;

    /**
     * @param target the state to move to
     * @return whether the move is allowed
     */
    public boolean canMoveTo(ModerationState target) {
        return switch (this) {
            case PENDING -> Set.of(APPROVED, REJECTED).contains(target);
            case APPROVED -> target == HIDDEN;
            case HIDDEN -> target == APPROVED;
            case REJECTED -> target == PENDING;
        };
    }
}
