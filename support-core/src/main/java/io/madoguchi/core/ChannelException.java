package io.madoguchi.core;

/**
 * A channel failed: a provider rejected, timed out or could not be reached, or a payload could not be read.
 */
public class ChannelException extends MadoguchiException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, with the offending value
     */
    public ChannelException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, with the offending value
     * @param cause the underlying failure
     */
    public ChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}
