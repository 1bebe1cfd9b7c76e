package io.madoguchi.core.feedback;

import io.madoguchi.core.AccessDeniedException;
import java.util.Objects;

/**
 * A survey token was refused; nothing was recorded. The message never contains the token or a key.
 */
public class InvalidSurveyTokenException extends AccessDeniedException {

    private static final long serialVersionUID = 1L;

    /** Why a token was refused. */
    public enum Reason {
        /** Malformed, altered, or its MAC does not match; or it names no invitation of ours. */
        FORGED,
        /** Its expiry time has passed. */
        EXPIRED,
        /** The survey was already answered with it. */
        USED,
        /** Someone other than the ticket's customer tried to answer. */
        WRONG_CUSTOMER,
        /** It was presented to another tenant than the one it is bound to. */
        WRONG_TENANT,
        /** It was signed with a key that is unknown or retired. */
        UNKNOWN_KEY
    }

    /** Why the token was refused. */
    private final Reason reason;

    /**
     * @param reason why the token was refused
     * @param message details, without the token or any key
     */
    public InvalidSurveyTokenException(Reason reason, String message) {
        super("survey token refused (" + Objects.requireNonNull(reason, "reason") + "): " + message);
        this.reason = reason;
    }

    /** @return why the token was refused */
    public Reason reason() {
        return reason;
    }
}
