package io.madoguchi.core.agent;

import io.madoguchi.core.AgentId;
import java.util.Comparator;
import java.util.Optional;

/** The agent with the fewest unsolved tickets, below capacity; ties go to the lowest id. Stateless, thread-safe. */
final class LeastLoadedStrategy implements AssignmentStrategy {

    @Override
    public String name() {
        return "least_loaded";
    }

    @Override
    public Optional<AgentId> choose(AssignmentRequest request) {
        return request.candidates().stream()
            .filter(AssignmentRequest.Candidate::hasRoom)
            .min(Comparator.comparingInt(AssignmentRequest.Candidate::openTickets)
                .thenComparing(c -> c.agent().id()))
            .map(c -> c.agent().id());
    }
}
