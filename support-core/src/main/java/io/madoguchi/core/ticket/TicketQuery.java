package io.madoguchi.core.ticket;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.OrganizationId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.internal.Masked;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A ticket search: filters (all must match; a null or empty filter matches everything), sort, page size and the
 * cursor of the page to read. Build with {@link #builder()}. Immutable.
 *
 * @param statuses statuses to include
 * @param priorities priorities to include
 * @param types types to include
 * @param assignee only this agent's tickets
 * @param group only this group's tickets
 * @param tag only tickets with this tag (compared after NFKC and lower-casing)
 * @param channel only tickets from this channel
 * @param requester only this customer's tickets
 * @param organization only this organization's tickets
 * @param complaint only complaints (true) or only non-complaints (false)
 * @param createdFrom created at or after
 * @param createdTo created before
 * @param updatedFrom updated at or after
 * @param updatedTo updated before
 * @param text subject or message text containing this (case- and width-insensitive, NFKC)
 * @param sort the sort key
 * @param descending whether to sort from high to low
 * @param limit the page size, 1 to 1,000
 * @param cursor the cursor from the previous page, or empty text for the first page
 */
public record TicketQuery(
    Set<TicketStatus> statuses, Set<Priority> priorities, Set<TicketType> types,
    @Nullable AgentId assignee, @Nullable GroupId group, @Nullable String tag, @Nullable Channel channel,
    @Nullable CustomerId requester, @Nullable OrganizationId organization, @Nullable Boolean complaint,
    @Nullable Instant createdFrom, @Nullable Instant createdTo,
    @Nullable Instant updatedFrom, @Nullable Instant updatedTo,
    @Nullable String text, TicketSort sort, boolean descending, int limit, String cursor) {

    /** The largest page. */
    public static final int MAX_LIMIT = 1000;

    /**
     * @param statuses statuses to include
     * @param priorities priorities to include
     * @param types types to include
     * @param assignee only this agent's tickets
     * @param group only this group's tickets
     * @param tag only tickets with this tag (compared after NFKC and lower-casing)
     * @param channel only tickets from this channel
     * @param requester only this customer's tickets
     * @param organization only this organization's tickets
     * @param complaint only complaints (true) or only non-complaints (false)
     * @param createdFrom created at or after
     * @param createdTo created before
     * @param updatedFrom updated at or after
     * @param updatedTo updated before
     * @param text subject or message text containing this (case- and width-insensitive, NFKC)
     * @param sort the sort key
     * @param descending whether to sort from high to low
     * @param limit the page size, 1 to 1,000
     * @param cursor the cursor from the previous page, or empty text for the first page
     * @throws NullPointerException if a required argument is null
     * @throws ValidationException if the limit is out of range
     */
    public TicketQuery {
        statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(statuses);
        priorities = priorities.isEmpty() ? Set.of() : Set.copyOf(priorities);
        types = types.isEmpty() ? Set.of() : Set.copyOf(types);
        requireNonNull(sort, "sort");
        requireNonNull(cursor, "cursor");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ValidationException.of("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** @return a builder matching every ticket, newest first, 50 per page */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this query */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.statuses.addAll(statuses);
        b.priorities.addAll(priorities);
        b.types.addAll(types);
        b.assignee = assignee;
        b.group = group;
        b.tag = tag;
        b.channel = channel;
        b.requester = requester;
        b.organization = organization;
        b.complaint = complaint;
        b.createdFrom = createdFrom;
        b.createdTo = createdTo;
        b.updatedFrom = updatedFrom;
        b.updatedTo = updatedTo;
        b.text = text;
        b.sort = sort;
        b.descending = descending;
        b.limit = limit;
        b.cursor = cursor;
        return b;
    }

    /**
     * @param next the cursor of a page
     * @return the same query reading that page
     */
    public TicketQuery after(String next) {
        return toBuilder().cursor(next).build();
    }

    /** Builds a {@link TicketQuery}. Not thread-safe. */
    public static final class Builder {
        private final Set<TicketStatus> statuses = EnumSet.noneOf(TicketStatus.class);
        private final Set<Priority> priorities = EnumSet.noneOf(Priority.class);
        private final Set<TicketType> types = EnumSet.noneOf(TicketType.class);
        private @Nullable AgentId assignee;
        private @Nullable GroupId group;
        private @Nullable String tag;
        private @Nullable Channel channel;
        private @Nullable CustomerId requester;
        private @Nullable OrganizationId organization;
        private @Nullable Boolean complaint;
        private @Nullable Instant createdFrom;
        private @Nullable Instant createdTo;
        private @Nullable Instant updatedFrom;
        private @Nullable Instant updatedTo;
        private @Nullable String text;
        private TicketSort sort = TicketSort.CREATED;
        private boolean descending = true;
        private int limit = 50;
        private String cursor = "";

        private Builder() {
        }

        /**
         * @param v statuses to include
         * @return this
         */
        public Builder status(TicketStatus... v) {
            for (TicketStatus s : v) {
                statuses.add(requireNonNull(s));
            }
            return this;
        }

        /**
         * @param v priorities to include
         * @return this
         */
        public Builder priority(Priority... v) {
            for (Priority p : v) {
                priorities.add(requireNonNull(p));
            }
            return this;
        }

        /**
         * @param v types to include
         * @return this
         */
        public Builder type(TicketType... v) {
            for (TicketType t : v) {
                types.add(requireNonNull(t));
            }
            return this;
        }

        /**
         * @param v the agent
         * @return this
         */
        public Builder assignee(AgentId v) {
            assignee = requireNonNull(v);
            return this;
        }

        /**
         * @param v the group
         * @return this
         */
        public Builder group(GroupId v) {
            group = requireNonNull(v);
            return this;
        }

        /**
         * @param v the tag
         * @return this
         */
        public Builder tag(String v) {
            tag = requireNonNull(v);
            return this;
        }

        /**
         * @param v the channel
         * @return this
         */
        public Builder channel(Channel v) {
            channel = requireNonNull(v);
            return this;
        }

        /**
         * @param v the requester
         * @return this
         */
        public Builder requester(CustomerId v) {
            requester = requireNonNull(v);
            return this;
        }

        /**
         * @param v the organization
         * @return this
         */
        public Builder organization(OrganizationId v) {
            organization = requireNonNull(v);
            return this;
        }

        /**
         * @param v whether only complaints or only non-complaints
         * @return this
         */
        public Builder complaint(boolean v) {
            complaint = v;
            return this;
        }

        /**
         * @param from inclusive
         * @param to exclusive
         * @return this
         */
        public Builder createdBetween(Instant from, Instant to) {
            createdFrom = requireNonNull(from);
            createdTo = requireNonNull(to);
            return this;
        }

        /**
         * @param from inclusive
         * @param to exclusive
         * @return this
         */
        public Builder updatedBetween(Instant from, Instant to) {
            updatedFrom = requireNonNull(from);
            updatedTo = requireNonNull(to);
            return this;
        }

        /**
         * @param v text to search for
         * @return this
         */
        public Builder text(String v) {
            text = requireNonNull(v);
            return this;
        }

        /**
         * @param v the key
         * @param desc whether high to low
         * @return this
         */
        public Builder sort(TicketSort v, boolean desc) {
            sort = requireNonNull(v);
            descending = desc;
            return this;
        }

        /**
         * @param v the page size
         * @return this
         */
        public Builder limit(int v) {
            limit = v;
            return this;
        }

        /**
         * @param v the cursor of the page to read
         * @return this
         */
        public Builder cursor(String v) {
            cursor = requireNonNull(v);
            return this;
        }

        /**
         * @return the query
         * @throws ValidationException if the limit is out of range
         */
        public TicketQuery build() {
            return new TicketQuery(statuses, priorities, types, assignee, group, tag, channel, requester,
                organization, complaint, createdFrom, createdTo, updatedFrom, updatedTo, text, sort, descending,
                limit, cursor);
        }
    }

    /** @return a description without the search text (often a name, address or phone number), for logs */
    @Override
    public String toString() {
        return "TicketQuery[statuses=" + statuses + ", priorities=" + priorities + ", types=" + types + ", assignee="
            + assignee + ", group=" + group + ", tag=" + tag + ", channel=" + channel + ", requester=" + requester
            + ", organization=" + organization + ", complaint=" + complaint + ", created=" + createdFrom + ".."
            + createdTo + ", updated=" + updatedFrom + ".." + updatedTo + ", text="
            + (text == null ? "none" : Masked.chars(text)) + ", sort=" + sort + (descending ? " desc" : " asc")
            + ", limit=" + limit + ", cursor=" + cursor + "]";
    }
}
