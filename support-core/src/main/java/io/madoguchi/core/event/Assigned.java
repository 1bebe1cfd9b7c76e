package io.madoguchi.core.event;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.ticket.Ticket;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A ticket was assigned (or unassigned). Immutable and thread-safe.
 *
 * @param ticket the ticket after the change
 * @param principal who did it
 * @param occurredAt when
 * @param from the agent before, if any
 * @param to the agent after, if any
 * @param group the group after, if any
 * @param automatic whether an assignment strategy chose the agent (false: manual)
 * @param strategy the strategy's name, or {@code manual}
 */
public record Assigned(Ticket ticket, Principal principal, Instant occurredAt, @Nullable AgentId from,
        @Nullable AgentId to, @Nullable GroupId group, boolean automatic, String strategy) implements TicketEvent {

    /** Staff-only: customers never see this event. */
    @Override
    public boolean visibleTo(Principal viewer) {
        return viewer.isStaff() && viewer.tenantId().equals(tenantId());
    }
}
