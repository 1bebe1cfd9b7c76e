package io.madoguchi.core.sla;

import io.madoguchi.core.ticket.Priority;

import io.madoguchi.core.GroupId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;

/**
 * Carries out escalations; the desk implements it (acting as the system principal). Called outside
 * the engine's lock, after the triggering event was delivered to listeners; may call back into the
 * engine (a raised priority feeds back as {@link SlaInput.FactsChanged}).
 */
public interface SlaActions {

    /** Does nothing: escalations are only visible as events. */
    SlaActions NONE = new SlaActions() {
        @Override
        public void raisePriority(TenantId tenant, TicketId ticket, Priority atLeast) {
        }

        @Override
        public void reassign(TenantId tenant, TicketId ticket, GroupId group) {
        }

        @Override
        public void addTag(TenantId tenant, TicketId ticket, String tag) {
        }

        @Override
        public void notify(TenantId tenant, TicketId ticket, String recipient, SlaEvent cause) {
        }
    };

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @param atLeast the priority to raise to; a ticket already at or above it keeps its priority
     */
    void raisePriority(TenantId tenant, TicketId ticket, Priority atLeast);

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @param group the group to assign it to
     */
    void reassign(TenantId tenant, TicketId ticket, GroupId group);

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @param tag the tag to add
     */
    void addTag(TenantId tenant, TicketId ticket, String tag);

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @param recipient who to notify
     * @param cause the warning or breach
     */
    void notify(TenantId tenant, TicketId ticket, String recipient, SlaEvent cause);
}
