package io.madoguchi.core;

/**
 * The principal may not do this: another tenant's data, another customer's ticket, or a role without the right.
 */
public class AccessDeniedException extends MadoguchiException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, with the offending value
     */
    public AccessDeniedException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, with the offending value
     * @param cause the underlying failure
     */
    public AccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
