package io.madoguchi.examples.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the demo moves forward by hand. Thread-safe. */
public final class SimulatedClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /**
     * @param start the first instant
     * @param zone the zone times are shown in
     */
    public SimulatedClock(Instant start, ZoneId zone) {
        this(new AtomicReference<>(start), zone);
    }

    private SimulatedClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * @param instant the time to move to; never backwards
     * @throws IllegalArgumentException if it is before the current time
     */
    public void setTo(Instant instant) {
        now.updateAndGet(cur -> {
            if (instant.isBefore(cur)) {
                throw new IllegalArgumentException("the simulated clock never goes back: " + instant + " < " + cur);
            }
            return instant;
        });
    }

    /** @param d how far to move forward */
    public void advance(Duration d) {
        now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return new SimulatedClock(now, z);
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
