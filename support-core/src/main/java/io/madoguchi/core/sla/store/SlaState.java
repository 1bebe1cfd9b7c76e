package io.madoguchi.core.sla.store;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.sla.PolicyApplication;
import io.madoguchi.core.sla.SlaCycle;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.sla.SlaTicket;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One ticket's SLA state as the engine stores it: the facts policies look at, the status timeline, every cycle
 * and the policy history. Due instants are derived from the timeline and the target (they are kept in the cycles
 * and in {@link #due()} so a store can index them). Immutable; instants are truncated to microseconds.
 *
 * @param version the state's version: 1 when first saved, one more on each save (optimistic concurrency)
 * @param facts the ticket's facts
 * @param position the highest event-log position whose input was applied (0 if none came from the log), so a
 *     redelivered event is not applied twice
 * @param firstReplyDone whether the first reply clock is over (replied, or created solved)
 * @param createdAt when the ticket was created
 * @param unansweredSince the oldest unanswered customer message since the last agent reply; null if none
 * @param lastAgentReplyAt the last public agent reply; null if none
 * @param lastInputAt the last input's instant (inputs come in time order)
 * @param timeline the status timeline, oldest first, never empty
 * @param cycles every cycle, oldest first
 * @param policyHistory which policy applied from when, oldest first
 * @param due the due index rows of this ticket: every warning and breach that has not fired yet
 */
public record SlaState(long version, SlaTicket facts, long position, boolean firstReplyDone, Instant createdAt,
                       @Nullable Instant unansweredSince, @Nullable Instant lastAgentReplyAt, Instant lastInputAt,
                       List<StatusSpan> timeline, List<Cycle> cycles, List<PolicyApplication> policyHistory,
                       List<SlaDueRow> due) {

    /**
     * @param version the state's version: 1 when first saved, one more on each save (optimistic concurrency)
     * @param facts the ticket's facts
     * @param position the highest event-log position whose input was applied (0 if none came from the log), so a
     *     redelivered event is not applied twice
     * @param firstReplyDone whether the first reply clock is over (replied, or created solved)
     * @param createdAt when the ticket was created
     * @param unansweredSince the oldest unanswered customer message since the last agent reply; null if none
     * @param lastAgentReplyAt the last public agent reply; null if none
     * @param lastInputAt the last input's instant (inputs come in time order)
     * @param timeline the status timeline, oldest first, never empty
     * @param cycles every cycle, oldest first
     * @param policyHistory which policy applied from when, oldest first
     * @param due the due index rows of this ticket: every warning and breach that has not fired yet
     * @throws NullPointerException if a required component is null
     * @throws IllegalArgumentException if the version is not positive, the position is negative, the timeline is
     *     empty, or a due row names another ticket
     */
    public SlaState {
        requireNonNull(facts, "facts");
        createdAt = micros(requireNonNull(createdAt, "createdAt"));
        unansweredSince = unansweredSince == null ? null : micros(unansweredSince);
        lastAgentReplyAt = lastAgentReplyAt == null ? null : micros(lastAgentReplyAt);
        lastInputAt = micros(requireNonNull(lastInputAt, "lastInputAt"));
        timeline = List.copyOf(timeline);
        cycles = List.copyOf(cycles);
        policyHistory = policyHistory.stream()
            .map(p -> new PolicyApplication(micros(p.at()), p.policyName())).toList();
        due = List.copyOf(due);
        if (version <= 0) {
            throw new IllegalArgumentException("version must be positive, was " + version);
        }
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative, was " + position);
        }
        if (timeline.isEmpty()) {
            throw new IllegalArgumentException("the timeline must not be empty");
        }
        for (SlaDueRow row : due) {
            if (!row.tenant().equals(facts.tenant()) || !row.ticket().equals(facts.id())) {
                throw new IllegalArgumentException("a due row names another ticket");
            }
        }
    }

    /** @return the tenant */
    public TenantId tenant() {
        return facts.tenant();
    }

    /** @return the ticket */
    public TicketId ticket() {
        return facts.id();
    }

    /** @return whether the ticket was merged into another one (its clocks stopped for good) */
    public boolean merged() {
        return timeline.get(timeline.size() - 1).status() == null;
    }

    /**
     * @return whether the ticket has an active breached cycle and is neither closed nor merged: what
     *     {@code SlaEngine.breached()} lists
     */
    public boolean breached() {
        TicketStatus last = timeline.get(timeline.size() - 1).status();
        if (last == null || last == TicketStatus.CLOSED) {
            return false;
        }
        return cycles.stream().anyMatch(c -> c.active() && c.breached());
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * From {@code from} on, the ticket had this status.
     *
     * @param from when the status began
     * @param status the status; null once the ticket was merged into another one
     */
    public record StatusSpan(Instant from, @Nullable TicketStatus status) {
        /**
         * @param from when the status began
         * @param status the status; null once the ticket was merged into another one
         * @throws NullPointerException if {@code from} is null
         */
        public StatusSpan {
            from = micros(requireNonNull(from, "from"));
        }
    }

    /**
     * One clock cycle.
     *
     * @param metric the metric
     * @param start when it started
     * @param stoppedAt when it stopped; null while active
     * @param stopReason why it stopped; null while active
     * @param target the goal
     * @param dueAt when it breaches (or breached); null while paused short of the target, or without a policy
     * @param elapsedAtStop counted time when it stopped; zero while active (derived from the timeline)
     * @param warningsFired how many of the engine's warning leads have fired (or were passed over by the breach)
     * @param breached whether it breached
     */
    public record Cycle(SlaMetric metric, Instant start, @Nullable Instant stoppedAt,
                        SlaCycle.@Nullable StopReason stopReason, Duration target, @Nullable Instant dueAt,
                        Duration elapsedAtStop, int warningsFired, boolean breached) {
        /**
         * @param metric the metric
         * @param start when it started
         * @param stoppedAt when it stopped; null while active
         * @param stopReason why it stopped; null while active
         * @param target the goal
         * @param dueAt when it breaches (or breached); null while paused short of the target, or without a policy
         * @param elapsedAtStop counted time when it stopped; zero while active (derived from the timeline)
         * @param warningsFired how many of the engine's warning leads have fired (or were passed over by the breach)
         * @param breached whether it breached
         * @throws NullPointerException if a required component is null
         * @throws IllegalArgumentException if {@code warningsFired} is negative, or only one of
         *     {@code stoppedAt} and {@code stopReason} is set
         */
        public Cycle {
            requireNonNull(metric, "metric");
            start = micros(requireNonNull(start, "start"));
            stoppedAt = stoppedAt == null ? null : micros(stoppedAt);
            requireNonNull(target, "target");
            dueAt = dueAt == null ? null : micros(dueAt);
            requireNonNull(elapsedAtStop, "elapsedAtStop");
            if (warningsFired < 0) {
                throw new IllegalArgumentException("warningsFired must not be negative, was " + warningsFired);
            }
            if ((stoppedAt == null) != (stopReason == null)) {
                throw new IllegalArgumentException("a stopped cycle has both a stop instant and a reason");
            }
        }

        /** @return whether it is still running or paused */
        public boolean active() {
            return stoppedAt == null;
        }
    }
}
