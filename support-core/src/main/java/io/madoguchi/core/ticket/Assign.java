package io.madoguchi.core.ticket;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.TicketId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;

/**
 * Assigns a ticket manually to an agent (null unassigns) and optionally a group (null keeps the current group).
 * Manual assignment always wins over the
 * automatic strategy. Immutable and thread-safe.
 *
 * @param ticketId the ticket
 * @param agent the agent, or null for none
 * @param group the group, or null to keep the current one
 * @param expectedVersion the version the change is based on, or {@link TicketCommand#LATEST}
 */
public record Assign(@NotNull TicketId ticketId, @Nullable AgentId agent, @Nullable GroupId group,
                     @PositiveOrZero long expectedVersion) implements TicketCommand {

    /**
     * @param ticketId the ticket
     * @param agent the agent
     * @return the command, keeping the group, applied to the current version
     */
    public static Assign toAgent(TicketId ticketId, AgentId agent) {
        return new Assign(ticketId, agent, null, LATEST);
    }
}
