package io.madoguchi.core.feedback;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of asking for a survey: scheduled, or why not.
 *
 * @param status what happened
 * @param invitation the invitation when {@code status} is {@link Status#SCHEDULED} or {@link Status#RESCHEDULED}
 */
public record ScheduleResult(Status status, @Nullable Invitation invitation) {

    /** What happened to a survey request. */
    public enum Status {
        /** An invitation was created. */
        SCHEDULED,
        /** The ticket was solved again before its invitation was sent: the invitation is due from this solve. */
        RESCHEDULED,
        /** The customer was invited too recently. */
        THROTTLED,
        /** The ticket was merged. */
        SUPPRESSED_MERGED,
        /** The ticket was spam. */
        SUPPRESSED_SPAM,
        /** The ticket is a complaint and the policy suppresses those. */
        SUPPRESSED_COMPLAINT,
        /** The policy sends no survey on the ticket's channel. */
        CHANNEL_DISABLED,
        /** This ticket already has an invitation. */
        ALREADY_INVITED
    }

    /** @return the invitation, if one was scheduled or rescheduled */
    public Optional<Invitation> scheduled() {
        return Optional.ofNullable(invitation);
    }
}
