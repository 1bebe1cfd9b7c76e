package io.madoguchi.core.feedback;

/**
 * Sends a due invitation to the customer (on its channel, with texts in its locale). Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface SurveyDispatcher {

    /**
     * @param invitation the invitation to send; its token goes into the survey link
     * @throws RuntimeException if it could not be sent; the invitation stays due and is retried
     */
    void deliver(Invitation invitation);
}
