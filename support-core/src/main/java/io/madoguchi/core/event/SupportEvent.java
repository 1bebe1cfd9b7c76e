package io.madoguchi.core.event;

import io.madoguchi.core.TenantId;
import java.time.Instant;

/**
 * Something that happened anywhere in the library: the payload of the one event envelope
 * ({@link EventEnvelope}) that the event log stores and subscribers read. Each area has its own sealed hierarchy
 * under this interface: {@link DeskEvent} (tickets and customers), {@code SlaEvent}, {@code FeedbackEvent} and
 * {@code BotEvent}. Implementations are immutable records; their {@code toString} must not print message text or
 * other personal data.
 */
public interface SupportEvent {

    /** @return the tenant it happened in */
    TenantId tenantId();

    /** @return when it happened (the clock of the component that made it) */
    Instant occurredAt();

    /**
     * @return the stream the event belongs to: events of one stream (a ticket, or a tenant for events about no
     *     ticket) are delivered in the order they were committed
     */
    String streamKey();

    /** @return the event's type name, stable across releases, for example {@code desk.TicketCreated} */
    default String type() {
        return area() + "." + getClass().getSimpleName();
    }

    /** @return the area that made it: {@code desk}, {@code sla}, {@code feedback} or {@code bot} */
    String area();

    /** @return the version of this type's schema; raised when a field's meaning changes or a field goes away */
    default int schemaVersion() {
        return 1;
    }
}
