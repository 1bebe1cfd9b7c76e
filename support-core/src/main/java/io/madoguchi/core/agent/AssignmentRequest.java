package io.madoguchi.core.agent;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ticket.Ticket;
import java.util.List;

/**
 * What an {@link AssignmentStrategy} chooses from. Immutable and thread-safe.
 *
 * @param ticket the ticket to assign
 * @param candidates the active agents of the tenant (of the ticket's group, when it has one), sorted by id,
 *     with their current load
 */
public record AssignmentRequest(Ticket ticket, List<Candidate> candidates) {

    /**
     * @param ticket the ticket to assign
     * @param candidates the active agents of the tenant (of the ticket's group, when it has one), sorted by id,
     *     with their current load
     * @throws NullPointerException if an argument is null
     */
    public AssignmentRequest {
        requireNonNull(ticket, "ticket");
        candidates = List.copyOf(candidates);
    }

    /**
     * An agent who could take the ticket.
     *
     * @param agent the agent
     * @param openTickets how many unsolved tickets the agent has now
     */
    public record Candidate(Agent agent, int openTickets) {

        /** @return whether the agent is below capacity */
        public boolean hasRoom() {
            return openTickets < agent.capacity();
        }
    }
}
