package io.madoguchi.core;

import static java.util.Objects.requireNonNull;

/**
 * A change set claimed an idempotency key that an earlier change set already holds: the request was a retry or a
 * redelivery. Nothing was written; {@link #existingResult()} is what the earlier change stored (for example the id
 * of the message it created). The desk catches this and returns the stored result; store implementations throw it.
 */
public class DuplicateRequestException extends ConflictException {

    private static final long serialVersionUID = 1L;

    /** The scope of the key that was already claimed. */
    private final String scope;
    /** The result stored with the earlier claim. */
    private final String existingResult;

    /**
     * @param scope the scope of the key that was already claimed
     * @param existingResult the result stored with the earlier claim
     */
    public DuplicateRequestException(String scope, String existingResult) {
        super("the request was already handled (idempotency scope " + scope + ")");
        this.scope = requireNonNull(scope, "scope");
        this.existingResult = requireNonNull(existingResult, "existingResult");
    }

    /** @return the scope of the key that was already claimed */
    public String scope() {
        return scope;
    }

    /** @return the result stored with the earlier claim */
    public String existingResult() {
        return existingResult;
    }
}
