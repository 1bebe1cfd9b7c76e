package io.madoguchi.core.agent;

import io.madoguchi.core.AgentId;
import java.util.Optional;

/**
 * Chooses an agent for a ticket (SPI). Implementations must be thread-safe. Manual assignment always wins: the
 * desk asks the strategy only for tickets without an agent.
 */
public interface AssignmentStrategy {

    /** @return a short name, recorded on {@code Assigned} events */
    String name();

    /**
     * @param request the ticket and the candidates
     * @return the chosen agent, or empty to leave the ticket unassigned
     */
    Optional<AgentId> choose(AssignmentRequest request);

    /** @return round robin over agents below capacity, in id order */
    static AssignmentStrategy roundRobin() {
        return new RoundRobinStrategy();
    }

    /** @return the agent with the fewest unsolved tickets below capacity (ties: lowest id) */
    static AssignmentStrategy leastLoaded() {
        return new LeastLoadedStrategy();
    }

    /**
     * Skills-based routing: keeps only agents having every skill the ticket needs (its language, its channel when
     * some agent declares channel skills, its product from the {@code product} custom field or a
     * {@code product:x} tag), then picks the least loaded of them.
     *
     * @return the strategy
     */
    static AssignmentStrategy skillsBased() {
        return new SkillsBasedStrategy("product", new LeastLoadedStrategy());
    }

    /**
     * @param productField the custom field holding the product
     * @param then the strategy choosing among the skilled agents
     * @return a skills-based strategy
     */
    static AssignmentStrategy skillsBased(String productField, AssignmentStrategy then) {
        return new SkillsBasedStrategy(productField, then);
    }
}
