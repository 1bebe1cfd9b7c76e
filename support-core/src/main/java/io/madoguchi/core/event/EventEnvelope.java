package io.madoguchi.core.event;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import java.time.Instant;

/**
 * One committed event in the log: its position, which is its unique id and its place in the log's order, and the
 * event. Events are committed in the same change set as the writes that caused them, so the log holds exactly the
 * changes that were stored, in commit order. Immutable; {@link #toString()} names the event but never prints its
 * content (which may hold personal data).
 *
 * @param position the event's id: unique, increasing in commit order, starting at 1
 * @param event the event
 */
public record EventEnvelope(long position, SupportEvent event) {

    /**
     * @param position the event's id: unique, increasing in commit order, starting at 1
     * @param event the event
     * @throws IllegalArgumentException if {@code position} is not positive
     * @throws NullPointerException if {@code event} is null
     */
    public EventEnvelope {
        if (position <= 0) {
            throw new IllegalArgumentException("position must be positive, was " + position);
        }
        requireNonNull(event, "event");
    }

    /** @return the event's tenant */
    public TenantId tenantId() {
        return event.tenantId();
    }

    /** @return the event's type name */
    public String type() {
        return event.type();
    }

    /** @return when the event happened */
    public Instant occurredAt() {
        return event.occurredAt();
    }

    @Override
    public String toString() {
        return "EventEnvelope[#" + position + " " + event.type() + " v" + event.schemaVersion() + " tenant="
            + event.tenantId().value() + " stream=" + event.streamKey() + "]";
    }
}
