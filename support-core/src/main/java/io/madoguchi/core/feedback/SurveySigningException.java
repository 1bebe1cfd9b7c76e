package io.madoguchi.core.feedback;

import io.madoguchi.core.MadoguchiException;

/**
 * A survey invitation could not be signed because the key ring has no active key (every key was retired). Nothing
 * was scheduled: once a key is configured, scheduling the same ticket again succeeds (a desk subscriber's retry or
 * {@code desk.redeliver} does it).
 */
public class SurveySigningException extends MadoguchiException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, never with a secret
     */
    public SurveySigningException(String message) {
        super(message);
    }
}
