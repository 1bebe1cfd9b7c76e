package io.madoguchi.core.time;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Scheduler} on a {@link ScheduledExecutorService}. Thread-safe. */
final class ExecutorScheduler implements Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorScheduler.class);
    static final long MAX_STEP_MILLIS = 60_000;

    private final ScheduledExecutorService executor;
    private final Clock clock;

    /**
     * @param executor the executor
     * @param clock the clock
     */
    ExecutorScheduler(ScheduledExecutorService executor, Clock clock) {
        this.executor = requireNonNull(executor, "executor");
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public Cancellable schedule(Instant at, Runnable task) {
        requireNonNull(at, "at");
        requireNonNull(task, "task");
        Job job = new Job(at, task);
        job.arm();
        return job::cancel;
    }

    private final class Job implements Runnable {
        private final Instant at;
        private final Runnable task;
        private @Nullable ScheduledFuture<?> future;
        private boolean cancelled;

        Job(Instant at, Runnable task) {
            this.at = at;
            this.task = task;
        }

        synchronized void arm() {
            if (cancelled) {
                return;
            }
            long delay = Math.max(0, at.toEpochMilli() - clock.millis());
            future = executor.schedule(this, Math.min(delay, MAX_STEP_MILLIS), TimeUnit.MILLISECONDS);
        }

        synchronized void cancel() {
            cancelled = true;
            if (future != null) {
                future.cancel(false);
            }
        }

        @Override
        public void run() {
            synchronized (this) {
                if (cancelled) {
                    return;
                }
            }
            if (clock.millis() < at.toEpochMilli()) {
                arm();
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("scheduled task failed", e);
            }
        }
    }
}
