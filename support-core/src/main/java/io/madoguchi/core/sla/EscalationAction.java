package io.madoguchi.core.sla;

import io.madoguchi.core.ticket.Priority;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.GroupId;
import io.madoguchi.core.ValidationException;

/** What an escalation does to a ticket; carried out through {@link SlaActions}. Immutable. */
public sealed interface EscalationAction {

    /**
     * Raise the priority to at least this (never lowers it).
     *
     * @param to the priority
     */
    record RaisePriority(Priority to) implements EscalationAction {
        /**
         * @param to the priority
         * @throws NullPointerException if {@code to} is null
         */
        public RaisePriority {
            requireNonNull(to, "to");
        }
    }

    /**
     * Reassign the ticket to a group.
     *
     * @param group the group
     */
    record Reassign(GroupId group) implements EscalationAction {
        /**
         * @param group the group
         * @throws NullPointerException if {@code group} is null
         */
        public Reassign {
            requireNonNull(group, "group");
        }
    }

    /**
     * Add a tag.
     *
     * @param tag the tag, not blank
     */
    record AddTag(String tag) implements EscalationAction {
        /**
         * @param tag the tag, not blank
         * @throws NullPointerException if {@code tag} is null
         * @throws ValidationException if it is blank
         */
        public AddTag {
            requireNonNull(tag, "tag");
            if (tag.isBlank()) {
                throw ValidationException.of("tag", "must not be blank");
            }
        }
    }

    /**
     * Notify people (through the desk's event publisher).
     *
     * @param recipient who: a group, a role or an address the host understands, not blank
     */
    record Notify(String recipient) implements EscalationAction {
        /**
         * @param recipient who: a group, a role or an address the host understands, not blank
         * @throws NullPointerException if {@code recipient} is null
         * @throws ValidationException if it is blank
         */
        public Notify {
            requireNonNull(recipient, "recipient");
            if (recipient.isBlank()) {
                throw ValidationException.of("recipient", "must not be blank");
            }
        }
    }
}
