package io.madoguchi.examples.demo;

import io.madoguchi.core.time.ManualScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A clock the demo moves forward by hand. It is the clock of a {@link ManualScheduler}: moving it runs the SLA
 * timers that fall due on the way, each at its own instant, so warnings and breaches happen when they are due.
 * Thread-safe.
 */
public final class SimulatedClock extends Clock {

    private final ManualScheduler scheduler;
    private final ZoneId zone;

    /**
     * @param start the first instant
     * @param zone the zone times are shown in
     */
    public SimulatedClock(Instant start, ZoneId zone) {
        this(ManualScheduler.startingAt(start, zone), zone);
    }

    private SimulatedClock(ManualScheduler scheduler, ZoneId zone) {
        this.scheduler = scheduler;
        this.zone = zone;
    }

    /**
     * @param instant the time to move to; never backwards. Timers due on the way run first.
     * @throws IllegalArgumentException if it is before the current time
     */
    public void setTo(Instant instant) {
        if (instant.isBefore(scheduler.now())) {
            throw new IllegalArgumentException("the simulated clock never goes back: " + instant
                    + " < " + scheduler.now());
        }
        scheduler.advanceTo(instant);
    }

    /** @param d how far to move forward */
    public void advance(Duration d) {
        scheduler.advance(d);
    }

    /** @return the scheduler whose timers this clock runs, for the SLA engine */
    public ManualScheduler scheduler() {
        return scheduler;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return new SimulatedClock(scheduler, z);
    }

    @Override
    public Instant instant() {
        return scheduler.now();
    }
}
