package io.madoguchi.core.customer;

/** The kinds of channel identity a customer can have. Immutable and thread-safe. */
public enum IdentityKind {
    /** An email address (compared case-insensitively). */
    EMAIL,
    /** A phone number (compared by its digits and a leading {@code +}). */
    PHONE,
    /** A LINE user id. */
    LINE_USER,
    /** A Slack user id. */
    SLACK_USER,
    /** A web chat visitor id. */
    CHAT_VISITOR,
    /** An id in the host's own system. */
    EXTERNAL
}
