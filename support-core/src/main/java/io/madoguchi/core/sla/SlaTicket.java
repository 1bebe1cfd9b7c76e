package io.madoguchi.core.sla;

import io.madoguchi.core.ticket.TicketStatus;

import io.madoguchi.core.ticket.Priority;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import java.util.Map;
import java.util.Set;

/**
 * The facts about a ticket that SLA policies and automation rules look at. Immutable.
 *
 * @param tenant the tenant
 * @param id the ticket
 * @param priority its priority
 * @param type its type ({@code question}, {@code incident}, ...), lower case; empty if none
 * @param channel the channel it came in through
 * @param tags its tags
 * @param complaint whether it is flagged as a complaint (クレーム)
 * @param customerAttributes attributes of the requester (for example {@code tier=vip})
 * @param organizationAttributes attributes of the requester's organization (for example {@code plan=enterprise})
 * @param status its status
 */
public record SlaTicket(TenantId tenant, TicketId id, Priority priority, String type, Channel channel,
                        Set<String> tags, boolean complaint, Map<String, String> customerAttributes,
                        Map<String, String> organizationAttributes, TicketStatus status) {

    /**
     * @param tenant the tenant
     * @param id the ticket
     * @param priority its priority
     * @param type its type ({@code question}, {@code incident}, ...), lower case; empty if none
     * @param channel the channel it came in through
     * @param tags its tags
     * @param complaint whether it is flagged as a complaint (クレーム)
     * @param customerAttributes attributes of the requester (for example {@code tier=vip})
     * @param organizationAttributes attributes of the requester's organization (for example {@code plan=enterprise})
     * @param status its status
     * @throws NullPointerException if any component is null
     * @throws ValidationException if a tag is blank
     */
    public SlaTicket {
        requireNonNull(tenant, "tenant");
        requireNonNull(id, "id");
        requireNonNull(priority, "priority");
        requireNonNull(type, "type");
        requireNonNull(channel, "channel");
        requireNonNull(status, "status");
        tags = Set.copyOf(tags);
        for (String tag : tags) {
            if (tag.isBlank()) {
                throw ValidationException.of("tags", "a tag must not be blank");
            }
        }
        customerAttributes = Map.copyOf(customerAttributes);
        organizationAttributes = Map.copyOf(organizationAttributes);
    }

    /**
     * A new, normal-priority ticket without type, tags or attributes.
     *
     * @param tenant the tenant
     * @param id the ticket
     * @param channel its channel
     * @return the facts
     */
    public static SlaTicket of(TenantId tenant, TicketId id, Channel channel) {
        return new SlaTicket(tenant, id, Priority.NORMAL, "", channel, Set.of(), false, Map.of(), Map.of(),
            TicketStatus.NEW);
    }

    /**
     * @param newPriority the priority
     * @return a copy with that priority
     */
    public SlaTicket withPriority(Priority newPriority) {
        return new SlaTicket(tenant, id, newPriority, type, channel, tags, complaint, customerAttributes,
            organizationAttributes, status);
    }

    /**
     * @param newType the type
     * @return a copy with that type
     */
    public SlaTicket withType(String newType) {
        return new SlaTicket(tenant, id, priority, newType, channel, tags, complaint, customerAttributes,
            organizationAttributes, status);
    }

    /**
     * @param newTags the tags
     * @return a copy with exactly those tags
     */
    public SlaTicket withTags(Set<String> newTags) {
        return new SlaTicket(tenant, id, priority, type, channel, newTags, complaint, customerAttributes,
            organizationAttributes, status);
    }

    /**
     * @param newStatus the status
     * @return a copy with that status
     */
    public SlaTicket withStatus(TicketStatus newStatus) {
        return new SlaTicket(tenant, id, priority, type, channel, tags, complaint,
            customerAttributes, organizationAttributes, newStatus);
    }

    /**
     * @param flag whether it is a complaint
     * @return a copy with that complaint flag
     */
    public SlaTicket withComplaint(boolean flag) {
        return new SlaTicket(tenant, id, priority, type, channel, tags, flag, customerAttributes,
            organizationAttributes, status);
    }

    /**
     * @param customer the requester's attributes
     * @param organization the organization's attributes
     * @return a copy with those attributes
     */
    public SlaTicket withAttributes(Map<String, String> customer, Map<String, String> organization) {
        return new SlaTicket(tenant, id, priority, type, channel, tags, complaint, customer, organization, status);
    }
}
