package io.madoguchi.core.automation;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import java.util.List;

/**
 * A rule that runs on ticket events: when its condition holds, its actions run. Triggers run in list
 * order; each fires at most once per event chain. Immutable.
 *
 * @param name the rule's name, unique among triggers
 * @param condition when it fires
 * @param actions what it does, in order
 */
public record Trigger(String name, RuleCondition condition, List<RuleAction> actions) {

    /**
     * @param name the rule's name, unique among triggers
     * @param condition when it fires
     * @param actions what it does, in order
     * @throws NullPointerException if a component is null
     * @throws ValidationException if the name is blank or there are no actions
     */
    public Trigger {
        requireNonNull(name, "name");
        requireNonNull(condition, "condition");
        actions = List.copyOf(actions);
        if (name.isBlank()) {
            throw ValidationException.of("name", "must not be blank");
        }
        if (actions.isEmpty()) {
            throw ValidationException.of("actions", "trigger '" + name + "' needs at least one action");
        }
    }

    /**
     * @param name the name
     * @param condition when it fires
     * @param actions what it does
     * @return the trigger
     */
    public static Trigger of(String name, RuleCondition condition, RuleAction... actions) {
        return new Trigger(name, condition, List.of(actions));
    }
}
