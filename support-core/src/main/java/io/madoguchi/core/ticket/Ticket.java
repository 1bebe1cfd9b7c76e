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
 * @param publicMessageCount how many of them are public replies: what the requester sees (at most
 *     {@code messageCount})
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
    int messageCount,
    int publicMessageCount) {

    /**
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
     * @param publicMessageCount how many of them are public replies: what the requester sees (at most
     *     {@code messageCount})
     * @throws NullPointerException if a required argument is null
     */
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
        if (publicMessageCount < 0 || publicMessageCount > messageCount) {
            throw new IllegalArgumentException("publicMessageCount " + publicMessageCount + " is not within 0.."
                + messageCount);
        }
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

    /**
     * The customer's view of this ticket: without the staff-only data (tags, custom fields, complaint flag,
     * assignee, group), and counting only the public messages, the ones the customer can read.
     *
     * @return the redacted snapshot
     */
    public Ticket forCustomer() {
        return new Ticket(id, tenantId, number, subject, requester, organization, channel, status, priority, type,
            false, List.of(), Map.of(), null, null, language, createdAt, updatedAt, solvedAt, version, mergedInto,
            links, publicMessageCount, publicMessageCount);
    }

    /**
     * A builder for snapshots: how a store (or a test) makes a {@code Ticket} without naming every component, so a
     * component added in a later release does not break it. Unset components take the values of a new ticket
     * (number 1, version 1, new, normal, question, no tags, fields or links).
     *
     * @param id the id
     * @param tenantId the tenant
     * @param requester the requester
     * @param channel the channel
     * @param createdAt when it was created (also the initial {@code updatedAt})
     * @return the builder
     */
    public static Builder builder(TicketId id, TenantId tenantId, CustomerId requester, Channel channel,
                                  Instant createdAt) {
        Builder b = new Builder();
        b.id = requireNonNull(id, "id");
        b.tenantId = requireNonNull(tenantId, "tenantId");
        b.requester = requireNonNull(requester, "requester");
        b.channel = requireNonNull(channel, "channel");
        b.createdAt = requireNonNull(createdAt, "createdAt");
        b.updatedAt = createdAt;
        return b;
    }

    /** @return a builder holding every component of this snapshot */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.tenantId = tenantId;
        b.number = number;
        b.subject = subject;
        b.requester = requester;
        b.organization = organization;
        b.channel = channel;
        b.status = status;
        b.priority = priority;
        b.type = type;
        b.complaint = complaint;
        b.tags = tags;
        b.customFields = customFields;
        b.assignee = assignee;
        b.group = group;
        b.language = language;
        b.createdAt = createdAt;
        b.updatedAt = updatedAt;
        b.solvedAt = solvedAt;
        b.version = version;
        b.mergedInto = mergedInto;
        b.links = links;
        b.messageCount = messageCount;
        b.publicMessageCount = publicMessageCount;
        return b;
    }

    /** Builds {@link Ticket} snapshots (see {@link #builder}). Not thread-safe. */
    @SuppressWarnings("NullAway.Init")
    public static final class Builder {
        private TicketId id;
        private TenantId tenantId;
        private long number = 1;
        private String subject = "";
        private CustomerId requester;
        private @Nullable OrganizationId organization;
        private Channel channel;
        private TicketStatus status = TicketStatus.NEW;
        private Priority priority = Priority.NORMAL;
        private TicketType type = TicketType.QUESTION;
        private boolean complaint;
        private List<String> tags = List.of();
        private Map<String, Object> customFields = Map.of();
        private @Nullable AgentId assignee;
        private @Nullable GroupId group;
        private @Nullable String language;
        private Instant createdAt;
        private Instant updatedAt;
        private @Nullable Instant solvedAt;
        private long version = 1;
        private @Nullable TicketId mergedInto;
        private List<TicketLink> links = List.of();
        private int messageCount;
        private int publicMessageCount;

        private Builder() {
        }

        /**
         * @param value the {@code id} component
         * @return this
         */
        public Builder id(TicketId value) {
            this.id = value;
            return this;
        }

        /**
         * @param value the {@code tenantId} component
         * @return this
         */
        public Builder tenantId(TenantId value) {
            this.tenantId = value;
            return this;
        }

        /**
         * @param value the {@code number} component
         * @return this
         */
        public Builder number(long value) {
            this.number = value;
            return this;
        }

        /**
         * @param value the {@code subject} component
         * @return this
         */
        public Builder subject(String value) {
            this.subject = value;
            return this;
        }

        /**
         * @param value the {@code requester} component
         * @return this
         */
        public Builder requester(CustomerId value) {
            this.requester = value;
            return this;
        }

        /**
         * @param value the {@code organization} component
         * @return this
         */
        public Builder organization(@Nullable OrganizationId value) {
            this.organization = value;
            return this;
        }

        /**
         * @param value the {@code channel} component
         * @return this
         */
        public Builder channel(Channel value) {
            this.channel = value;
            return this;
        }

        /**
         * @param value the {@code status} component
         * @return this
         */
        public Builder status(TicketStatus value) {
            this.status = value;
            return this;
        }

        /**
         * @param value the {@code priority} component
         * @return this
         */
        public Builder priority(Priority value) {
            this.priority = value;
            return this;
        }

        /**
         * @param value the {@code type} component
         * @return this
         */
        public Builder type(TicketType value) {
            this.type = value;
            return this;
        }

        /**
         * @param value the {@code complaint} component
         * @return this
         */
        public Builder complaint(boolean value) {
            this.complaint = value;
            return this;
        }

        /**
         * @param value the {@code tags} component
         * @return this
         */
        public Builder tags(List<String> value) {
            this.tags = value;
            return this;
        }

        /**
         * @param value the {@code customFields} component
         * @return this
         */
        public Builder customFields(Map<String, Object> value) {
            this.customFields = value;
            return this;
        }

        /**
         * @param value the {@code assignee} component
         * @return this
         */
        public Builder assignee(@Nullable AgentId value) {
            this.assignee = value;
            return this;
        }

        /**
         * @param value the {@code group} component
         * @return this
         */
        public Builder group(@Nullable GroupId value) {
            this.group = value;
            return this;
        }

        /**
         * @param value the {@code language} component
         * @return this
         */
        public Builder language(@Nullable String value) {
            this.language = value;
            return this;
        }

        /**
         * @param value the {@code createdAt} component
         * @return this
         */
        public Builder createdAt(Instant value) {
            this.createdAt = value;
            return this;
        }

        /**
         * @param value the {@code updatedAt} component
         * @return this
         */
        public Builder updatedAt(Instant value) {
            this.updatedAt = value;
            return this;
        }

        /**
         * @param value the {@code solvedAt} component
         * @return this
         */
        public Builder solvedAt(@Nullable Instant value) {
            this.solvedAt = value;
            return this;
        }

        /**
         * @param value the {@code version} component
         * @return this
         */
        public Builder version(long value) {
            this.version = value;
            return this;
        }

        /**
         * @param value the {@code mergedInto} component
         * @return this
         */
        public Builder mergedInto(@Nullable TicketId value) {
            this.mergedInto = value;
            return this;
        }

        /**
         * @param value the {@code links} component
         * @return this
         */
        public Builder links(List<TicketLink> value) {
            this.links = value;
            return this;
        }

        /**
         * @param value the {@code messageCount} component
         * @return this
         */
        public Builder messageCount(int value) {
            this.messageCount = value;
            return this;
        }

        /**
         * @param value the {@code publicMessageCount} component (default 0)
         * @return this
         */
        public Builder publicMessageCount(int value) {
            this.publicMessageCount = value;
            return this;
        }

        /**
         * @return the snapshot
         * @throws NullPointerException if a required component is null
         */
        public Ticket build() {
            return new Ticket(id, tenantId, number, subject, requester, organization, channel, status, priority, type,
                    complaint, tags, customFields, assignee, group, language, createdAt, updatedAt, solvedAt, version,
                    mergedInto, links, messageCount, publicMessageCount);
        }
    }

    /** @return a short description without personal data, for logs */
    @Override
    public String toString() {
        return "Ticket[" + id + " #" + number + " v" + version + " " + status.label() + "/" + priority.label() + "]";
    }
}
