package io.madoguchi.core.time;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs a task at an instant: the seam through which the library waits:
 * subscriber retries, SLA warnings and breaches, time rules; nothing in the library sleeps.
 * Use {@link ManualScheduler} in tests and {@link #executor(ScheduledExecutorService, Clock)} in
 * production, or {@link #none()} to fire due work yourself (for SLA: {@code SlaEngine.fireDue()}).
 * Implementations must be thread-safe.
 */
public interface Scheduler {

    /**
     * @param at when to run; an instant in the past runs as soon as possible
     * @param task what to run
     * @return a handle to cancel it
     */
    Cancellable schedule(Instant at, Runnable task);

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run yet; does nothing otherwise. */
        void cancel();
    }

    /**
     * A scheduler on an executor. Long delays are split into steps of at most a minute so a clock that
     * jumps (NTP, suspend) is noticed; a task runs within milliseconds of its instant.
     *
     * @param executor the executor; the caller owns and shuts it down
     * @param clock the clock instants are measured on
     * @return the scheduler
     */
    static Scheduler executor(ScheduledExecutorService executor, Clock clock) {
        return new ExecutorScheduler(executor, clock);
    }

    /**
     * No wake-ups: the host fires due work from its own scheduler (a cron job, a queue), for SLA by calling
     * {@code SlaEngine.fireDue()}. An SLA engine needs a scheduler, so that forgetting one is an error rather than
     * breaches that never fire; this is the explicit choice to fire by hand.
     *
     * @return the scheduler that schedules nothing
     */
    static Scheduler none() {
        return NoScheduler.INSTANCE;
    }

    /** The scheduler that schedules nothing; see {@link #none()}. */
    enum NoScheduler implements Scheduler {
        /** The one instance. */
        INSTANCE;

        @Override
        public Cancellable schedule(Instant at, Runnable task) {
            return () -> { };
        }

        @Override
        public String toString() {
            return "Scheduler.none()";
        }
    }
}
