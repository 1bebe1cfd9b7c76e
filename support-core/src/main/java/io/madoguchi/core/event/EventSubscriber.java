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
}
