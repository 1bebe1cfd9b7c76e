package io.madoguchi.core.feedback;

/** Where a survey invitation stands, as its {@link SurveyStore} keeps it. */
public enum InvitationState {
    /** Waiting until it is due, then to be sent. */
    SCHEDULED,
    /** Handed to the transport; its link can be answered until it expires. */
    SENT,
    /** Answered: its token is refused from now on. */
    ANSWERED,
    /** Withdrawn before it was sent (the ticket was merged or marked spam). */
    WITHDRAWN,
    /** It expired before it could be sent; it is never sent. */
    EXPIRED;

    /** @return whether its token may still be answered (it is scheduled or sent) */
    public boolean answerable() {
        return this == SCHEDULED || this == SENT;
    }
}
