package io.madoguchi.core.automation;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.GroupId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.sla.SlaTicket;
import java.util.HashSet;
import java.util.Set;

/**
 * What a rule does. Field changes are applied to the chain's view of the ticket (so later rules see
 * them) and carried out through {@link AutomationActions}. Immutable.
 */
public sealed interface RuleAction {

    /**
     * @param ticket the ticket as the chain sees it
     * @return the ticket after this action (unchanged for actions that change no field)
     */
    SlaTicket applyTo(SlaTicket ticket);

    /**
     * Set the priority.
     *
     * @param priority the priority
     */
    record SetPriority(Priority priority) implements RuleAction {
        /**
         * @param priority the priority
         * @throws NullPointerException if {@code priority} is null
         */
        public SetPriority {
            requireNonNull(priority, "priority");
        }

        @Override
        public SlaTicket applyTo(SlaTicket ticket) {
            return ticket.withPriority(priority);
        }
    }

    /**
     * Set the status.
     *
     * @param status the status
     */
    record SetStatus(TicketStatus status) implements RuleAction {
        /**
         * @param status the status
         * @throws NullPointerException if {@code status} is null
         */
        public SetStatus {
            requireNonNull(status, "status");
        }

        @Override
        public SlaTicket applyTo(SlaTicket ticket) {
            return ticket.withStatus(status);
        }
    }

    /**
     * Add a tag.
     *
     * @param tag the tag, not blank
     */
    record AddTag(String tag) implements RuleAction {
        /**
         * @param tag the tag, not blank
         * @throws ValidationException if the tag is blank
         */
        public AddTag {
            requireNonNull(tag, "tag");
            if (tag.isBlank()) {
                throw ValidationException.of("tag", "must not be blank");
            }
        }

        @Override
        public SlaTicket applyTo(SlaTicket ticket) {
            Set<String> tags = new HashSet<>(ticket.tags());
            return tags.add(tag) ? ticket.withTags(tags) : ticket;
        }
    }

    /**
     * Remove a tag.
     *
     * @param tag the tag
     */
    record RemoveTag(String tag) implements RuleAction {
        /**
         * @param tag the tag
         * @throws NullPointerException if the tag is null
         */
        public RemoveTag {
            requireNonNull(tag, "tag");
        }

        @Override
        public SlaTicket applyTo(SlaTicket ticket) {
            Set<String> tags = new HashSet<>(ticket.tags());
            return tags.remove(tag) ? ticket.withTags(tags) : ticket;
        }
    }

    /**
     * Assign the ticket to a group.
     *
     * @param group the group
     */
    record AssignGroup(GroupId group) implements RuleAction {
        /**
         * @param group the group
         * @throws NullPointerException if the group is null
         */
        public AssignGroup {
            requireNonNull(group, "group");
        }

        @Override
        public SlaTicket applyTo(SlaTicket ticket) {
            return ticket;
        }
    }

    /**
     * Send a message from a template (for example a reminder to the requester).
     *
     * @param recipient who: {@code requester}, a group, or an address the host understands
     * @param template the template's key
     */
    record Notify(String recipient, String template) implements RuleAction {
        /**
         * @param recipient who: {@code requester}, a group, or an address the host understands
         * @param template the template's key
         * @throws ValidationException if a component is blank
         */
        public Notify {
            requireNonNull(recipient, "recipient");
            requireNonNull(template, "template");
            if (recipient.isBlank() || template.isBlank()) {
                throw ValidationException.of(recipient.isBlank() ? "recipient" : "template", "must not be blank");
            }
        }

        @Override
        public SlaTicket applyTo(SlaTicket ticket) {
            return ticket;
        }
    }
}
