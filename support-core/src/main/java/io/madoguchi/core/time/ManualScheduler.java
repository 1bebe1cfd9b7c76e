package io.madoguchi.core.time;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.PriorityQueue;

/**
 * A scheduler whose time moves only when told to, on its own {@link MutableClock}: for tests and simulations, which
 * then run instantly. {@link #advance(Duration)} moves the clock and runs every task that falls due, in order, each
 * with the clock set to its instant. Thread-safe.
 */
public final class ManualScheduler implements Scheduler {

    private final MutableClock clock;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long sequence;

    private ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    /**
     * @param start the clock's initial instant
     * @param zone the clock's zone
     * @return the scheduler
     */
    public static ManualScheduler startingAt(Instant start, ZoneId zone) {
        return new ManualScheduler(MutableClock.startingAt(start, zone));
    }

    /**
     * @param clock the clock this scheduler moves (it may also be moved directly: tasks then run at the next
     *     {@link #runDue()} or advance)
     * @return the scheduler
     */
    public static ManualScheduler on(MutableClock clock) {
        return new ManualScheduler(requireNonNull(clock, "clock"));
    }

    /**
     * @return the clock this scheduler moves
     */
    public MutableClock clock() {
        return clock;
    }

    /**
     * @return the current instant
     */
    public Instant now() {
        return clock.instant();
    }

    /**
     * @return how many tasks wait to run
     */
    public synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public synchronized Cancellable schedule(Instant at, Runnable task) {
        Task t = new Task(at, sequence++, requireNonNull(task, "task"));
        tasks.add(t);
        return () -> {
            synchronized (ManualScheduler.this) {
                t.cancelled = true;
            }
        };
    }

    /**
     * Moves time forward by {@code step}, running due tasks on the calling thread.
     *
     * @param step how far; not negative
     * @throws ValidationException if {@code step} is negative
     */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw ValidationException.of("step", "must not be negative, was " + step);
        }
        advanceTo(now().plus(step));
    }

    /** Runs the tasks due now (and those they schedule for now), on the calling thread. */
    public void runDue() {
        advanceTo(now());
    }

    /**
     * Moves time forward to {@code target}, running due tasks on the calling thread, each with the
     * clock at its own instant; tasks they schedule at or before {@code target} run too.
     *
     * @param target the instant to move to; not before now
     * @throws ValidationException if {@code target} is before now
     */
    public void advanceTo(Instant target) {
        if (target.isBefore(now())) {
            throw ValidationException.of("target", "must not be before " + now() + ", was " + target);
        }
        while (true) {
            Runnable run;
            synchronized (this) {
                Task head = tasks.peek();
                if (head == null || head.at.isAfter(target)) {
                    clock.set(target);
                    return;
                }
                tasks.poll();
                if (head.cancelled) {
                    continue;
                }
                if (head.at.isAfter(now())) {
                    clock.set(head.at);
                }
                run = head.task;
            }
            run.run();
        }
    }

    private static final class Task implements Comparable<Task> {
        final Instant at;
        final long seq;
        final Runnable task;
        boolean cancelled;

        Task(Instant at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Task o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
