package io.madoguchi.core.agent;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.ticket.Ticket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Filters candidates by the skills the ticket needs, then delegates. Thread-safe if the delegate is. */
final class SkillsBasedStrategy implements AssignmentStrategy {

    private final String productField;
    private final AssignmentStrategy then;

    SkillsBasedStrategy(String productField, AssignmentStrategy then) {
        this.productField = requireNonNull(productField, "productField");
        this.then = requireNonNull(then, "then");
    }

    @Override
    public String name() {
        return "skills:" + then.name();
    }

    @Override
    public Optional<AgentId> choose(AssignmentRequest request) {
        List<String> needed = needed(request);
        List<AssignmentRequest.Candidate> skilled = request.candidates().stream()
            .filter(c -> c.agent().skills().containsAll(needed)).toList();
        return then.choose(new AssignmentRequest(request.ticket(), skilled));
    }

    private List<String> needed(AssignmentRequest request) {
        Ticket t = request.ticket();
        List<String> needed = new ArrayList<>();
        if (t.language() != null) {
            needed.add(Skills.languageNeeded(t.language()));
        }
        boolean anyChannelSkill = request.candidates().stream()
            .anyMatch(c -> c.agent().skills().stream().anyMatch(s -> s.startsWith("channel:")));
        if (anyChannelSkill) {
            needed.add(Skills.channel(t.channel()));
        }
        Object product = t.customFields().get(productField);
        if (product != null) {
            needed.add(Skills.product(product.toString()));
        } else {
            t.tags().stream().filter(tag -> tag.startsWith("product:")).findFirst().ifPresent(needed::add);
        }
        return needed;
    }
}
