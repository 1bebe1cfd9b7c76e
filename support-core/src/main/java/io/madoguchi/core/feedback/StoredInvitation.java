package io.madoguchi.core.feedback;

import java.time.Instant;
import java.util.Objects;

/**
 * An invitation as a {@link SurveyStore} keeps it: the invitation, its state and when the state last changed.
 * {@link #toString()} masks the token (through {@link Invitation#toString()}).
 *
 * @param invitation the invitation, with its signed token
 * @param state where it stands
 * @param changedAt when it entered that state
 */
public record StoredInvitation(Invitation invitation, InvitationState state, Instant changedAt) {

    /**
     * @param invitation the invitation, with its signed token
     * @param state where it stands
     * @param changedAt when it entered that state
     * @throws NullPointerException if an argument is null
     */
    public StoredInvitation {
        Objects.requireNonNull(invitation, "invitation");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(changedAt, "changedAt");
    }

    /** @return the invitation's id */
    public String id() {
        return invitation.id();
    }
}
