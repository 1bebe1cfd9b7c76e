package io.madoguchi.core;

/**
 * A write was based on a stale version: someone else changed the thing first. Nothing was written; re-read and retry.
 */
public class ConflictException extends MadoguchiException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, with the offending value
     */
    public ConflictException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, with the offending value
     * @param cause the underlying failure
     */
    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
