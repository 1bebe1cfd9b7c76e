package io.madoguchi.core.sla;

import io.madoguchi.core.ticket.TicketStatus;

import io.madoguchi.core.ticket.Priority;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.Channel;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A condition on a ticket's facts, used by SLA policies and automation rules. Implementations must be
 * stateless and thread-safe; the factories here are.
 */
@FunctionalInterface
public interface TicketCondition {

    /**
     * @param ticket the ticket's facts
     * @return whether the condition holds
     */
    boolean test(SlaTicket ticket);

    /**
     * @return a condition that always holds
     */
    static TicketCondition always() {
        return ticket -> true;
    }

    /**
     * @param first a priority
     * @param more further priorities
     * @return holds when the ticket has one of these priorities
     */
    static TicketCondition priorityIn(Priority first, Priority... more) {
        EnumSet<Priority> set = EnumSet.of(requireNonNull(first, "first"), more);
        return ticket -> set.contains(ticket.priority());
    }

    /**
     * @param type a ticket type, compared ignoring case
     * @return holds when the ticket has this type
     */
    static TicketCondition typeIs(String type) {
        requireNonNull(type, "type");
        return ticket -> ticket.type().equalsIgnoreCase(type);
    }

    /**
     * @param channel a channel
     * @return holds when the ticket came in through this channel
     */
    static TicketCondition channelIs(Channel channel) {
        requireNonNull(channel, "channel");
        return ticket -> ticket.channel().equals(channel);
    }

    /**
     * @param tag a tag
     * @return holds when the ticket carries this tag
     */
    static TicketCondition hasTag(String tag) {
        requireNonNull(tag, "tag");
        return ticket -> ticket.tags().contains(tag);
    }

    /**
     * @param tags tags
     * @return holds when the ticket carries any of these tags
     */
    static TicketCondition hasAnyTag(Set<String> tags) {
        Set<String> copy = Set.copyOf(tags);
        return ticket -> ticket.tags().stream().anyMatch(copy::contains);
    }

    /**
     * @return holds when the ticket is flagged as a complaint
     */
    static TicketCondition isComplaint() {
        return SlaTicket::complaint;
    }

    /**
     * @param key an attribute of the requester
     * @param value the value it must have
     * @return holds when the requester's attribute has this value
     */
    static TicketCondition customerAttribute(String key, String value) {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        return ticket -> value.equals(ticket.customerAttributes().get(key));
    }

    /**
     * @param key an attribute of the requester's organization
     * @param value the value it must have
     * @return holds when the organization's attribute has this value
     */
    static TicketCondition organizationAttribute(String key, String value) {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        return ticket -> value.equals(ticket.organizationAttributes().get(key));
    }

    /**
     * @param first a status
     * @param more further statuses
     * @return holds when the ticket has one of these statuses
     */
    static TicketCondition statusIn(TicketStatus first, TicketStatus... more) {
        EnumSet<TicketStatus> set = EnumSet.of(requireNonNull(first, "first"), more);
        return ticket -> set.contains(ticket.status());
    }

    /**
     * @param conditions conditions
     * @return holds when all hold (and when there are none)
     */
    static TicketCondition allOf(TicketCondition... conditions) {
        List<TicketCondition> list = List.copyOf(Arrays.asList(conditions));
        return ticket -> list.stream().allMatch(c -> c.test(ticket));
    }

    /**
     * @param conditions conditions
     * @return holds when any holds (never when there are none)
     */
    static TicketCondition anyOf(TicketCondition... conditions) {
        List<TicketCondition> list = List.copyOf(Arrays.asList(conditions));
        return ticket -> list.stream().anyMatch(c -> c.test(ticket));
    }

    /**
     * @param other another condition
     * @return holds when this and {@code other} hold
     */
    default TicketCondition and(TicketCondition other) {
        requireNonNull(other, "other");
        return ticket -> test(ticket) && other.test(ticket);
    }

    /**
     * @return holds when this does not
     */
    default TicketCondition negate() {
        return ticket -> !test(ticket);
    }
}
