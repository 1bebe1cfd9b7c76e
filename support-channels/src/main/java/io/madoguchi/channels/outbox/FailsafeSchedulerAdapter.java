package io.madoguchi.channels.outbox;

import io.madoguchi.core.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs Failsafe's attempts and retry delays through the library's {@link Scheduler} seam, so a test's
 * {@code ManualScheduler} drives them and nothing sleeps. Each task runs {@code beforeEach} first (the circuit
 * breakers' clock). Thread-safe.
 */
final class FailsafeSchedulerAdapter implements dev.failsafe.spi.Scheduler {

    private final Scheduler scheduler;
    private final Clock clock;
    private final Runnable beforeEach;

    FailsafeSchedulerAdapter(Scheduler scheduler, Clock clock, Runnable beforeEach) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.beforeEach = beforeEach;
    }

    @Override
    public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
        Task task = new Task(clock, clock.instant().plus(Duration.ofNanos(unit.toNanos(delay))));
        Scheduler.Cancellable handle = scheduler.schedule(task.at, () -> {
            if (task.result.isDone()) {
                return;
            }
            try {
                beforeEach.run();
                task.result.complete(callable.call());
            } catch (Throwable t) {
                // as FutureTask does: the failure goes to whoever waits on the future (Failsafe), not lost here
                task.result.completeExceptionally(t);
            }
        });
        task.handle = handle;
        return task;
    }

    private static final class Task implements ScheduledFuture<Object> {
        final Clock clock;
        final java.time.Instant at;
        final CompletableFuture<Object> result = new CompletableFuture<>();
        volatile Scheduler.@Nullable Cancellable handle;

        Task(Clock clock, java.time.Instant at) {
            this.clock = clock;
            this.at = at;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), at));
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Scheduler.Cancellable h = handle;
            if (h != null) {
                h.cancel();
            }
            return result.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return result.isCancelled();
        }

        @Override
        public boolean isDone() {
            return result.isDone();
        }

        @Override
        public Object get() throws InterruptedException, ExecutionException {
            return result.get();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException,
            TimeoutException {
            return result.get(timeout, unit);
        }
    }
}
