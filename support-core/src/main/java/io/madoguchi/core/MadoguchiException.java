package io.madoguchi.core;

/**
 * The root of every exception Madoguchi throws. Unchecked; catch a subclass to handle one kind of
 * failure, or this class to handle them all.
 *
 * <p>Messages name what was wrong and the offending value, but never a secret (keys, tokens,
 * passwords) and never personal data beyond an identifier.
 */
public class MadoguchiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong
     */
    public MadoguchiException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public MadoguchiException(String message, Throwable cause) {
        super(message, cause);
    }
}
