package io.madoguchi.core.sla;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import java.util.List;
import java.util.Set;

/**
 * What to do when a cycle of a policy warns or breaches. Immutable.
 *
 * @param on warning or breach
 * @param metrics the metrics it applies to; empty means all
 * @param actions the actions, carried out in order
 */
public record SlaEscalation(When on, Set<SlaMetric> metrics, List<EscalationAction> actions) {

    /** When an escalation runs. */
    public enum When {
        /** At a warning (each configured lead time). */
        WARNING,
        /** At a breach. */
        BREACH
    }

    /**
     * @param on warning or breach
     * @param metrics the metrics it applies to; empty means all
     * @param actions the actions, carried out in order
     * @throws NullPointerException if a component is null
     * @throws ValidationException if there are no actions
     */
    public SlaEscalation {
        requireNonNull(on, "on");
        metrics = Set.copyOf(metrics);
        actions = List.copyOf(actions);
        if (actions.isEmpty()) {
            throw ValidationException.of("actions", "an escalation needs at least one action");
        }
    }

    /**
     * @param actions what to do
     * @return an escalation on any metric's breach
     */
    public static SlaEscalation onBreach(EscalationAction... actions) {
        return new SlaEscalation(When.BREACH, Set.of(), List.of(actions));
    }

    /**
     * @param actions what to do
     * @return an escalation on any metric's warning
     */
    public static SlaEscalation onWarning(EscalationAction... actions) {
        return new SlaEscalation(When.WARNING, Set.of(), List.of(actions));
    }

    /**
     * @param metric a metric
     * @return whether this escalation applies to it
     */
    public boolean appliesTo(SlaMetric metric) {
        return metrics.isEmpty() || metrics.contains(metric);
    }
}
