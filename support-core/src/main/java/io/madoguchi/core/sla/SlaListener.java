package io.madoguchi.core.sla;

/**
 * Receives SLA events, after the engine's state has changed and outside its lock, on the thread that
 * caused them (the caller of {@code apply}, {@code fireDue} or the scheduler's thread). Must not block
 * for long; may call back into the engine.
 */
@FunctionalInterface
public interface SlaListener {

    /**
     * @param event what happened
     */
    void on(SlaEvent event);
}
