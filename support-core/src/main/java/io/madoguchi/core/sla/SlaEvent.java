package io.madoguchi.core.sla;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.TicketId;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the SLA engine records: every event is appended to the event log (subscribers read it there) and handed to
 * the engine's in-process listeners. Immutable.
 */
public sealed interface SlaEvent extends SupportEvent {

    @Override
    default TenantId tenantId() {
        return tenant();
    }

    @Override
    default Instant occurredAt() {
        return at();
    }

    @Override
    default String area() {
        return "sla";
    }

    @Override
    default String streamKey() {
        return "ticket:" + ticket().value();
    }


    /**
     * @return the tenant
     */
    TenantId tenant();

    /**
     * @return the ticket
     */
    TicketId ticket();

    /**
     * @return when it happened (for warnings and breaches: the due instant, not the firing time)
     */
    Instant at();

    /**
     * A policy started (or stopped) applying to a ticket.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param policy the policy's name; empty if no policy applies any more
     * @param at when
     */
    record PolicyApplied(TenantId tenant, TicketId ticket, String policy, Instant at) implements SlaEvent {
    }

    /**
     * A clock cycle started (or a solved ticket's cycle resumed on reopen).
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param metric the metric
     * @param target the goal
     * @param dueAt when it breaches if nothing happens; null while the ticket's status pauses it
     * @param at when it started
     */
    record CycleStarted(TenantId tenant, TicketId ticket, SlaMetric metric, Duration target,
                        @Nullable Instant dueAt, Instant at) implements SlaEvent {
    }

    /**
     * A running cycle paused (the ticket entered a status the metric does not count).
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param metric the metric
     * @param at when
     */
    record CyclePaused(TenantId tenant, TicketId ticket, SlaMetric metric, Instant at) implements SlaEvent {
    }

    /**
     * A paused cycle resumed.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param metric the metric
     * @param dueAt the new due instant
     * @param at when
     */
    record CycleResumed(TenantId tenant, TicketId ticket, SlaMetric metric, Instant dueAt, Instant at)
        implements SlaEvent {
    }

    /**
     * A cycle stopped.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param metric the metric
     * @param reason why
     * @param elapsed time counted
     * @param breached whether it had breached
     * @param at when
     */
    record CycleStopped(TenantId tenant, TicketId ticket, SlaMetric metric, SlaCycle.StopReason reason,
                        Duration elapsed, boolean breached, Instant at) implements SlaEvent {
    }

    /**
     * A cycle will breach soon.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param metric the metric
     * @param lead how long before the breach this warning is
     * @param dueAt when it breaches
     * @param at when the warning was due ({@code dueAt - lead})
     */
    record Warning(TenantId tenant, TicketId ticket, SlaMetric metric, Duration lead, Instant dueAt, Instant at)
        implements SlaEvent {
    }

    /**
     * A cycle breached its target.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param metric the metric
     * @param policy the name of the policy whose target was breached
     * @param at the breach instant (the due time)
     */
    record Breached(TenantId tenant, TicketId ticket, SlaMetric metric, String policy, Instant at)
        implements SlaEvent {
    }

    /**
     * One escalation action is due because a warning or breach fired: appended to the log together with that
     * warning or breach (under the same claim), one event per action, so a subscriber carries out each action as one
     * step and a redelivered event does not repeat it ({@link io.madoguchi.core.integration.DeskBridge} does this on
     * the desk).
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param metric the metric that warned or breached
     * @param policy the name of the policy whose escalation this is
     * @param on whether a warning or the breach caused it
     * @param action what to do
     * @param dueAt when the cycle breaches (or breached)
     * @param at when the warning or breach was due
     */
    record EscalationRequested(TenantId tenant, TicketId ticket, SlaMetric metric, String policy,
                               SlaEscalation.When on, EscalationAction action, Instant dueAt, Instant at)
        implements SlaEvent {
    }
}
