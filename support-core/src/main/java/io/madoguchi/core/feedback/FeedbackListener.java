package io.madoguchi.core.feedback;

/**
 * Receives feedback events, synchronously on the thread that caused them. Implementations must be thread-safe
 * and quick; an exception thrown by a listener is logged and does not undo the change.
 */
@FunctionalInterface
public interface FeedbackListener {

    /**
     * @param event what happened
     */
    void onEvent(FeedbackEvent event);
}
