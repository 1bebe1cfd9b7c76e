package io.madoguchi.core.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One cycle of one metric's clock on a ticket, as of the moment it was read. Immutable.
 *
 * @param metric the metric
 * @param start when the cycle started
 * @param stoppedAt when it stopped; null while it is active
 * @param stopReason why it stopped; null while it is active
 * @param target the goal
 * @param dueAt when it breaches (or breached); null while paused and not yet breached
 * @param elapsed time counted so far (business time when the target is in business hours)
 * @param paused whether the clock is paused now
 * @param breached whether it breached its target
 */
public record SlaCycle(SlaMetric metric, Instant start, @Nullable Instant stoppedAt,
                       @Nullable StopReason stopReason, Duration target,
                       @Nullable Instant dueAt, Duration elapsed, boolean paused,
                       boolean breached) {

    /** Why a cycle stopped. */
    public enum StopReason {
        /** An agent replied (first reply, next reply, periodic update). */
        FULFILLED,
        /** The ticket was solved (resolution metrics resume if it is reopened). */
        SOLVED,
        /** The ticket was closed. */
        CLOSED,
        /** The ticket was merged into another. */
        MERGED,
        /** The applicable policy changed and no longer has a target for this metric. */
        POLICY_CHANGED
    }

    /**
     * @return whether the cycle is still running or paused
     */
    public boolean active() {
        return stoppedAt == null;
    }

    /**
     * @return the time left until the target ({@code target - elapsed}); negative once breached
     */
    public Duration remaining() {
        return target.minus(elapsed);
    }

    /**
     * @return the due instant, if known
     */
    public Optional<Instant> due() {
        return Optional.ofNullable(dueAt);
    }
}
