package io.madoguchi.core.event;

/**
 * Reads the committed event log, from its own checkpoint (SPI). This is where anything that must happen after a
 * change happens: SLA clocks, automations, surveys, the bot, the channel outbox, metrics.
 *
 * <p>Delivery is <em>at least once</em>, in log order: after a crash or a failure the events after the last
 * checkpoint are delivered again. A subscriber therefore makes its effects idempotent, best by writing them in the
 * same change set as a record of what it did (an idempotency key such as its name plus the event's position). An
 * event whose handling throws is retried with backoff and never skipped; after the configured number of attempts it
 * is parked with its error, visible to the host, and the subscriber goes on with the next event.
 *
 * <p>Implementations must be thread-safe if the desk is used from several threads; the desk never delivers two
 * events to one subscriber at once.
 */
public interface EventSubscriber {

    /**
     * @return the subscriber's stable name, under which its checkpoint is stored: a restarted host resumes where a
     *     subscriber of the same name stopped. Letters, digits, {@code .}, {@code -} and {@code _}; at most 100.
     */
    String name();

    /**
     * Handles one event. Returning normally advances the checkpoint past it.
     *
     * @param event the committed event
     * @throws RuntimeException to have the event retried later
     */
    void handle(EventEnvelope event);

    /**
     * Says that the log no longer retains events this reader has not read: called only for a reader without a
     * checkpoint ({@code SupportDesk.follow}, listeners), whose position does not hold back the log's pruning, when
     * it fell further behind than the store keeps consumed events, or was started before the oldest retained event.
     * The positions after {@code afterPosition} and before {@code nextPosition} were dropped before it read them
     * (the stores' positions have no gaps, so each was an event); the desk logs one warning and then delivers from
     * {@code nextPosition} on. A reader whose state is built from every event (a KPI engine) records it, to show that
     * its figures lack those events. Called on the delivering thread, before the event at {@code nextPosition}; a
     * failure is logged and ignored. The default does nothing.
     *
     * @param afterPosition the position of the last event the reader was given, or the position it started after
     * @param nextPosition the oldest position the log still retains after it, greater than {@code afterPosition + 1}
     */
    default void missed(long afterPosition, long nextPosition) {
    }
}
