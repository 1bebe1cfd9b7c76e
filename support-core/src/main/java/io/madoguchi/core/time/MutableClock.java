package io.madoguchi.core.time;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to: the one test clock of the library, for hosts' tests and simulations (as
 * Micrometer ships {@code MockClock}). Clocks made by {@link #withZone(ZoneId)} share the instant. Never goes
 * backwards. Thread-safe.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * @param start the first instant
     * @param zone the clock's zone
     * @return a clock at {@code start}
     */
    public static MutableClock startingAt(Instant start, ZoneId zone) {
        return new MutableClock(new AtomicReference<>(requireNonNull(start, "start")), requireNonNull(zone, "zone"));
    }

    /**
     * @param start the first instant
     * @return a clock at {@code start} in {@code Asia/Tokyo}
     */
    public static MutableClock startingAt(Instant start) {
        return startingAt(start, ZoneId.of("Asia/Tokyo"));
    }

    /**
     * @param step how far to move; not negative
     * @return the new instant
     * @throws ValidationException if {@code step} is negative
     */
    public Instant advance(Duration step) {
        if (step.isNegative()) {
            throw ValidationException.of("step", "must not be negative, was " + step);
        }
        return now.updateAndGet(i -> i.plus(step));
    }

    /**
     * @param target the instant to move to; not before now
     * @throws ValidationException if {@code target} is before now
     */
    public void set(Instant target) {
        requireNonNull(target, "target");
        Instant before = now.getAndAccumulate(target, (cur, t) -> t.isBefore(cur) ? cur : t);
        if (target.isBefore(before)) {
            throw ValidationException.of("target", "must not be before " + before + ", was " + target);
        }
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public MutableClock withZone(ZoneId newZone) {
        return new MutableClock(now, requireNonNull(newZone, "zone"));
    }

    @Override
    public Instant instant() {
        return requireNonNull(now.get(), "now"); // only ever set to a checked, non-null instant
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + ", " + zone + "]";
    }
}
