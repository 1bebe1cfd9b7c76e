package io.madoguchi.core;

/**
 * A change is not allowed from the current state (for example a ticket status transition the table forbids).
 */
public class IllegalTransitionException extends MadoguchiException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, with the offending value
     */
    public IllegalTransitionException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, with the offending value
     * @param cause the underlying failure
     */
    public IllegalTransitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
