package io.madoguchi.core.store;

import io.madoguchi.core.MadoguchiException;

/**
 * A store could not do what it was asked for a reason that is not the caller's input: the database refused or went
 * away. {@link #isTransient()} says whether the same call may succeed if made again (connection lost, serialization
 * failure, deadlock); a permanent failure (a missing table, a constraint the schema does not expect) will not.
 * Nothing was written when this is thrown from a commit.
 */
public class StoreException extends MadoguchiException {

    private static final long serialVersionUID = 1L;

    /** Whether retrying the same operation may succeed. */
    private final boolean transientFailure;

    /**
     * @param message what failed, never with a secret or personal data
     * @param transientFailure whether a retry may succeed
     * @param cause the underlying failure
     */
    public StoreException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /**
     * @param message what failed, never with a secret or personal data
     * @param transientFailure whether a retry may succeed
     */
    public StoreException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    /** @return whether the same call may succeed if made again */
    public boolean isTransient() {
        return transientFailure;
    }
}
