package io.madoguchi.core.calendar;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** The always-open calendar. */
record TwentyFourSeven(ZoneId zone) implements BusinessCalendar {

    TwentyFourSeven {
        requireNonNull(zone, "zone");
    }

    @Override
    public String name() {
        return "24/7";
    }

    @Override
    public boolean isOpen(Instant instant) {
        return true;
    }

    @Override
    public Instant addBusinessTime(Instant start, Duration duration) {
        if (duration.isNegative()) {
            throw ValidationException.of("duration", "must not be negative, was " + duration);
        }
        return start.plus(duration);
    }

    @Override
    public Duration businessTimeBetween(Instant from, Instant to) {
        return to.isAfter(from) ? Duration.between(from, to) : Duration.ZERO;
    }

    @Override
    public Instant nextOpening(Instant from) {
        return from;
    }
}
