package io.madoguchi.core;

/**
 * Too many requests or messages in a window; try again later.
 */
public class RateLimitedException extends MadoguchiException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, with the offending value
     */
    public RateLimitedException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, with the offending value
     * @param cause the underlying failure
     */
    public RateLimitedException(String message, Throwable cause) {
        super(message, cause);
    }
}
