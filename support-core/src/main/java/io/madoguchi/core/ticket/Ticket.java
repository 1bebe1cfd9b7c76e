package io.madoguchi.core.ticket;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.OrganizationId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a ticket at one version. Immutable and thread-safe; messages and the audit history are read
 * separately ({@code SupportDesk#messages}, {@code SupportDesk#history}) so a snapshot stays small.
 *
 * @param id the ticket's id, unique across tenants
 * @param tenantId the tenant it belongs to
 * @param number the number shown to people, sequential per tenant
 * @param subject the subject
 * @param requester the customer who asked
 * @param organization the requester's organization at creation or merge, if any
 * @param channel the channel the ticket came in through
 * @param status the status
 * @param priority the priority
 * @param type the type
 * @param complaint whether this is a complaint (クレーム)
 * @param tags the tags, sorted, distinct, unmodifiable
 * @param customFields custom field values by key (String, BigDecimal, LocalDate, Boolean), unmodifiable
 * @param assignee the assigned agent, if any
 * @param group the assigned group, if any
 * @param language the customer's language tag (for example {@code ja}), if known
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param solvedAt when it was last solved, if it is solved or closed
 * @param version the optimistic version, 1 after creation, +1 per change
 * @param mergedInto the ticket this one was merged into, if it was
 * @param links links to other tickets, unmodifiable
 * @param messageCount how many messages (replies and notes) it has
 */
public record Ticket(
    TicketId id,
    TenantId tenantId,
    long number,
    String subject,
    CustomerId requester,
    @Nullable OrganizationId organization,
    Channel channel,
    TicketStatus status,
    Priority priority,
    TicketType type,
    boolean complaint,
    List<String> tags,
    Map<String, Object> customFields,
    @Nullable AgentId assignee,
    @Nullable GroupId group,
    @Nullable String language,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant solvedAt,
    long version,
    @Nullable TicketId mergedInto,
    List<TicketLink> links,
    int messageCount) {

    /** @throws NullPointerException if a required argument is null */
    public Ticket {
        requireNonNull(id, "id");
        requireNonNull(tenantId, "tenantId");
        requireNonNull(subject, "subject");
        requireNonNull(requester, "requester");
        requireNonNull(channel, "channel");
        requireNonNull(status, "status");
        requireNonNull(priority, "priority");
        requireNonNull(type, "type");
        tags = List.copyOf(tags);
        customFields = Map.copyOf(customFields);
        requireNonNull(createdAt, "createdAt");
        requireNonNull(updatedAt, "updatedAt");
        links = List.copyOf(links);
    }

    /** @return the assigned agent, if any */
    public Optional<AgentId> assigneeId() {
        return Optional.ofNullable(assignee);
    }

    /** @return the ticket this one was merged into, if any */
    public Optional<TicketId> mergedIntoId() {
        return Optional.ofNullable(mergedInto);
    }

    /**
     * @param tag a tag
     * @return whether the ticket has it
     */
    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }

    /**
     * @param type a link type
     * @return the ids of the tickets linked with that type, in link order
     */
    public List<TicketId> linked(LinkType type) {
        return links.stream().filter(l -> l.type() == type).map(TicketLink::other).toList();
    }

    /** @return a short description without personal data, for logs */
    @Override
    public String toString() {
        return "Ticket[" + id + " #" + number + " v" + version + " " + status.label() + "/" + priority.label() + "]";
    }
}
