package io.madoguchi.core.time;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs a task at an instant: the seam through which the library waits:
 * subscriber retries, SLA warnings and breaches, time rules; nothing in the library sleeps.
 * Use {@link ManualScheduler} in tests and {@link #executor(ScheduledExecutorService, Clock)} in
 * production. Implementations must be thread-safe.
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
}
