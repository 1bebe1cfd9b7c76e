package io.madoguchi.core;

/**
 * A thing that was asked for does not exist (or is not visible to the caller's tenant).
 */
public class NotFoundException extends MadoguchiException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, with the offending value
     */
    public NotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, with the offending value
     * @param cause the underlying failure
     */
    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
