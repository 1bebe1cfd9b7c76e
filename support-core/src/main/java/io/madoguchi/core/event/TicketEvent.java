package io.madoguchi.core.event;

import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ticket.Ticket;

/**
 * An event about one ticket, carrying the ticket's snapshot after the change. Implementations are immutable and
 * thread-safe.
 */
public sealed interface TicketEvent extends DeskEvent
    permits TicketCreated, MessageAdded, StatusChanged, PriorityChanged, TypeChanged, ComplaintChanged,
    TagsChanged, CustomFieldsChanged, Assigned, TicketMerged, TicketLinked, RequesterChanged, DeliveryRequested {

    /** @return the ticket after the change */
    Ticket ticket();

    /** @return the ticket's id */
    default TicketId ticketId() {
        return ticket().id();
    }

    @Override
    default String streamKey() {
        return "ticket:" + ticket().id().value();
    }

    @Override
    default TenantId tenantId() {
        return ticket().tenantId();
    }

    @Override
    default boolean visibleTo(Principal viewer) {
        if (!viewer.tenantId().equals(tenantId())) {
            return false;
        }
        return viewer.isStaff() || ticket().requester().value().equals(viewer.id());
    }
}
