package io.madoguchi.core.ticket;

import io.madoguchi.core.Principal;

/** Who wrote a message. Immutable and thread-safe. */
public enum AuthorKind {
    /** The customer. */
    CUSTOMER,
    /** An agent (or admin). */
    AGENT,
    /** A system component. */
    SYSTEM,
    /** A bot. */
    BOT;

    /**
     * @param principal the writer
     * @return the author kind of that principal
     */
    public static AuthorKind of(Principal principal) {
        return switch (principal.kind()) {
            case CUSTOMER -> CUSTOMER;
            case AGENT, ADMIN -> AGENT;
            case SYSTEM -> SYSTEM;
            case BOT -> BOT;
        };
    }
}
