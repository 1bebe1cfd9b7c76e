package io.madoguchi.core.sla;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.calendar.BusinessCalendar;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Test fixture calendar (shared by SLA and automation tests): Monday to Friday, 9:00 to 18:00 in Tokyo, no holidays.
 * Deliberately simple.
 */
public final class WeekdayCalendar implements BusinessCalendar {

    public static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final LocalTime OPEN = LocalTime.of(9, 0);
    private static final LocalTime CLOSE = LocalTime.of(18, 0);

    @Override
    public String name() {
        return "平日9-18";
    }

    @Override
    public ZoneId zone() {
        return TOKYO;
    }

    private static boolean workday(LocalDate d) {
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    private static Instant at(LocalDate d, LocalTime t) {
        return ZonedDateTime.of(d, t, TOKYO).toInstant();
    }

    @Override
    public boolean isOpen(Instant instant) {
        ZonedDateTime z = instant.atZone(TOKYO);
        LocalTime t = z.toLocalTime();
        return workday(z.toLocalDate()) && !t.isBefore(OPEN) && t.isBefore(CLOSE);
    }

    @Override
    public Instant nextOpening(Instant from) {
        if (isOpen(from)) {
            return from;
        }
        LocalDate d = from.atZone(TOKYO).toLocalDate();
        while (true) {
            Instant open = at(d, OPEN);
            if (workday(d) && !open.isBefore(from)) {
                return open;
            }
            d = d.plusDays(1);
        }
    }

    @Override
    public Instant addBusinessTime(Instant start, Duration duration) {
        if (duration.isNegative()) {
            throw ValidationException.of("duration", "must not be negative");
        }
        if (duration.isZero()) {
            return start;
        }
        Duration left = duration;
        Instant t = start;
        while (true) {
            t = nextOpening(t);
            Instant close = at(t.atZone(TOKYO).toLocalDate(), CLOSE);
            Duration available = Duration.between(t, close);
            if (left.compareTo(available) <= 0) {
                return t.plus(left);
            }
            left = left.minus(available);
            t = close;
        }
    }

    @Override
    public Duration businessTimeBetween(Instant from, Instant to) {
        Duration sum = Duration.ZERO;
        for (LocalDate d = from.atZone(TOKYO).toLocalDate(); !at(d, OPEN).isAfter(to); d = d.plusDays(1)) {
            if (!workday(d)) {
                continue;
            }
            Instant a = max(from, at(d, OPEN));
            Instant b = min(to, at(d, CLOSE));
            if (b.isAfter(a)) {
                sum = sum.plus(Duration.between(a, b));
            }
        }
        return sum;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
