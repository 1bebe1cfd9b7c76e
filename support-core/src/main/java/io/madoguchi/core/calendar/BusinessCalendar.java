package io.madoguchi.core.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * When a support desk is open: business-time arithmetic for SLA targets and for telling a customer
 * when a person will reply.
 *
 * <p>Implementations are immutable and thread-safe. All arithmetic is done in {@link #zone()}.
 */
public interface BusinessCalendar {

    /**
     * A calendar that is always open (24/7): business time equals elapsed time.
     *
     * @param zone the zone used when the calendar is shown to people
     * @return the calendar, named {@code 24/7}
     */
    static BusinessCalendar twentyFourSeven(ZoneId zone) {
        return new TwentyFourSeven(zone);
    }

    /**
     * Starts building a calendar with working hours, holidays and closures.
     *
     * @param name the calendar's name, unique within a desk, e.g. {@code 東京本社}
     * @return a new builder
     */
    static BusinessCalendarBuilder builder(String name) {
        return new BusinessCalendarBuilder(name);
    }

    /**
     * @return the calendar's name, unique within a desk
     */
    String name();

    /**
     * @return the zone in which working hours, holidays and closures are defined
     */
    ZoneId zone();

    /**
     * @param instant a point in time
     * @return whether the desk is open at that instant (an opening instant is open, a closing one is not)
     */
    boolean isOpen(Instant instant);

    /**
     * The instant at which {@code duration} of business time has passed since {@code start}.
     * Adding zero returns {@code start} unchanged.
     *
     * @param start where counting starts; may lie in a closed period
     * @param duration business time to add; not negative
     * @return the due instant
     * @throws io.madoguchi.core.ValidationException if {@code duration} is negative
     */
    Instant addBusinessTime(Instant start, Duration duration);

    /**
     * Business time between two instants: how much of {@code [from, to)} lies in open periods.
     *
     * @param from the start
     * @param to the end; if not after {@code from}, the result is zero
     * @return the business time, never negative
     */
    Duration businessTimeBetween(Instant from, Instant to);

    /**
     * @param from a point in time
     * @return {@code from} itself if the desk is open then, otherwise the next instant it opens
     */
    Instant nextOpening(Instant from);

    /**
     * Why the desk is closed all day on {@code date}, if it is: a holiday's name ({@code 元日}) or a
     * closure's reason ({@code 年末年始}). Days without working hours (weekends) have no reason.
     *
     * @param date a day in {@link #zone()}
     * @return the holiday's name or the closure's reason; empty on ordinary days
     */
    default Optional<String> closedReason(LocalDate date) {
        return Optional.empty();
    }
}
