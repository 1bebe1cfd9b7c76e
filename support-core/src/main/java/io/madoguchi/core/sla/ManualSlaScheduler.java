package io.madoguchi.core.sla;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A scheduler whose time moves only when told to, with its own {@link Clock}: for tests and
 * simulations, which then run instantly. {@link #advance(Duration)} moves the clock and runs every task
 * that falls due, in order, each with the clock set to its instant. Thread-safe.
 */
public final class ManualSlaScheduler implements SlaScheduler {

    private final ZoneId zone;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long nowMillis;
    private long sequence;

    private ManualSlaScheduler(Instant start, ZoneId zone) {
        this.nowMillis = start.toEpochMilli();
        this.zone = zone;
    }

    /**
     * @param start the clock's initial instant
     * @param zone the clock's zone
     * @return the scheduler
     */
    public static ManualSlaScheduler startingAt(Instant start, ZoneId zone) {
        return new ManualSlaScheduler(requireNonNull(start, "start"), requireNonNull(zone, "zone"));
    }

    /**
     * @return the clock this scheduler moves
     */
    public Clock clock() {
        return new ManualClock();
    }

    /**
     * @return the current instant
     */
    public synchronized Instant now() {
        return Instant.ofEpochMilli(nowMillis);
    }

    /**
     * @return how many tasks wait to run
     */
    public synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public synchronized Cancellable schedule(Instant at, Runnable task) {
        Task t = new Task(at.toEpochMilli(), sequence++, requireNonNull(task, "task"));
        tasks.add(t);
        return () -> {
            synchronized (ManualSlaScheduler.this) {
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

    /**
     * Moves time forward to {@code target}, running due tasks on the calling thread, each with the
     * clock at its own instant; tasks they schedule at or before {@code target} run too.
     *
     * @param target the instant to move to; not before now
     * @throws ValidationException if {@code target} is before now
     */
    public void advanceTo(Instant target) {
        long end = target.toEpochMilli();
        synchronized (this) {
            if (end < nowMillis) {
                throw ValidationException.of("target", "must not be before " + now() + ", was " + target);
            }
        }
        while (true) {
            List<Runnable> run = new ArrayList<>();
            synchronized (this) {
                Task head = tasks.peek();
                if (head == null || head.at > end) {
                    nowMillis = end;
                    return;
                }
                tasks.poll();
                if (head.cancelled) {
                    continue;
                }
                nowMillis = Math.max(nowMillis, head.at);
                run.add(head.task);
            }
            run.forEach(Runnable::run);
        }
    }

    private static final class Task implements Comparable<Task> {
        final long at;
        final long seq;
        final Runnable task;
        boolean cancelled;

        Task(long at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final class ManualClock extends Clock {
        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId newZone) {
            throw new UnsupportedOperationException("the manual clock has one zone");
        }

        @Override
        public Instant instant() {
            return now();
        }

        @Override
        public long millis() {
            synchronized (ManualSlaScheduler.this) {
                return nowMillis;
            }
        }
    }
}
