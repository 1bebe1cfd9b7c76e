package io.madoguchi.core.calendar;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.calendar.BusinessCalendarBuilder.DateClosure;
import io.madoguchi.core.calendar.BusinessCalendarBuilder.YearlyClosure;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A calendar built from a weekly schedule, holidays and closures.
 *
 * <p>Each year (1900–2199; others on every use) is compiled once, lazily, into a sorted array of open intervals (as
 * epoch seconds, with daylight-saving changes already applied) and a prefix sum of open seconds. Every operation is
 * then a binary search within a year plus, for long durations, a walk over whole years' totals: the cost does not
 * depend on how many days a duration spans.
 *
 * <p>Wall-clock times are mapped to instants in {@link #zone()}: a time in a gap (spring forward)
 * maps to the instant of the transition, a time in an overlap (fall back) to its earlier occurrence,
 * so a 00:00–24:00 day lasts 23 or 25 hours of business time.
 */
final class ScheduleCalendar implements BusinessCalendar {

    static final int MIN_YEAR = 1;
    static final int MAX_YEAR = 9999;
    private static final int SECONDS_PER_DAY = 86_400;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MIN_EPOCH_DAY = LocalDate.of(MIN_YEAR, 1, 1).toEpochDay();
    private static final long MAX_EPOCH_DAY = LocalDate.of(MAX_YEAR, 12, 31).toEpochDay();
    private static final long END_OF_MAX_YEAR = (MAX_EPOCH_DAY + 2) * SECONDS_PER_DAY;

    private final String name;
    private final ZoneId zone;
    private final ZoneRules rules;
    private final int[][] weekly;
    private final List<HolidaySource> holidaySources;
    private final List<YearlyClosure> yearlyClosures;
    private final List<DateClosure> dateClosures;
    /** Years whose tables are kept once compiled; others (far past or future) are compiled per call. */
    private static final int FIRST_CACHED_YEAR = 1900;
    private static final int LAST_CACHED_YEAR = 2199;

    private final AtomicReferenceArray<YearTable> years =
            new AtomicReferenceArray<>(LAST_CACHED_YEAR - FIRST_CACHED_YEAR + 1);

    ScheduleCalendar(String name, ZoneId zone, int[][] weekly, List<HolidaySource> holidaySources,
            List<YearlyClosure> yearlyClosures, List<DateClosure> dateClosures) {
        this.name = name;
        this.zone = zone;
        this.rules = zone.getRules();
        this.weekly = weekly.clone();
        this.holidaySources = List.copyOf(holidaySources);
        this.yearlyClosures = List.copyOf(yearlyClosures);
        this.dateClosures = List.copyOf(dateClosures);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public boolean isOpen(Instant instant) {
        long sec = instant.getEpochSecond();
        YearTable t = table(yearOf(instant, "instant"), "instant");
        int i = t.floor(sec);
        return i >= 0 && sec < t.ends[i];
    }

    @Override
    public Instant nextOpening(Instant from) {
        long sec = from.getEpochSecond();
        int year = yearOf(from, "from");
        YearTable t = table(year, "from");
        int i = t.floor(sec);
        if (i >= 0 && sec < t.ends[i]) {
            return from;
        }
        if (i + 1 < t.size()) {
            return Instant.ofEpochSecond(t.starts[i + 1]);
        }
        while (true) {
            t = table(++year, "from");
            if (t.size() > 0) {
                return Instant.ofEpochSecond(t.starts[0]);
            }
        }
    }

    @Override
    public Instant addBusinessTime(Instant start, Duration duration) {
        if (duration.isNegative()) {
            throw ValidationException.of("duration", "must not be negative, was " + duration);
        }
        if (duration.isZero()) {
            return start;
        }
        long sec = start.getEpochSecond();
        if (duration.getSeconds() > END_OF_MAX_YEAR - sec) {
            // business time never exceeds elapsed time
            throw ValidationException.of("duration", "due time lies after the year " + MAX_YEAR + ": " + duration);
        }
        int year = yearOf(start, "start");
        YearTable t = table(year, "start");
        int i = t.floor(sec);
        long needSec = duration.getSeconds();
        long needNano = duration.getNano();
        long pos;
        if (i >= 0 && sec < t.ends[i]) {
            long leftSec = t.ends[i] - sec;
            long startNano = start.getNano();
            // business time left in this interval: leftSec seconds minus startNano nanoseconds
            if (needSec < leftSec - 1 || (needSec < leftSec + 1
                    && needSec * NANOS_PER_SECOND + needNano <= leftSec * NANOS_PER_SECOND - startNano)) {
                return start.plus(duration);
            }
            needSec -= leftSec;
            needNano += startNano;
            if (needNano >= NANOS_PER_SECOND) {
                needNano -= NANOS_PER_SECOND;
                needSec++;
            }
            pos = t.cumulative[i + 1];
        } else {
            pos = t.cumulative[i + 1];
        }
        while (true) {
            long available = t.total() - pos;
            if (needSec < available || (needSec == available && needNano == 0)) {
                long target = pos + needSec;
                int k = t.intervalReaching(needNano > 0 ? target + 1 : target);
                return Instant.ofEpochSecond(t.starts[k] + (target - t.cumulative[k]), needNano);
            }
            needSec -= available;
            pos = 0;
            if (year >= MAX_YEAR) {
                throw ValidationException.of("duration", "due time lies after the year " + MAX_YEAR + ": " + duration);
            }
            t = table(++year, "start");
        }
    }

    @Override
    public Duration businessTimeBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        int fromYear = yearOf(from, "from");
        int toYear = yearOf(to, "to");
        long seconds = 0;
        for (int y = fromYear; y < toYear; y++) {
            seconds += table(y, "from").total();
        }
        long nanos = 0;
        YearTable a = table(fromYear, "from");
        YearTable b = table(toYear, "to");
        seconds += b.positionSeconds(to) - a.positionSeconds(from);
        nanos += b.positionNanos(to) - a.positionNanos(from);
        return Duration.ofSeconds(seconds, nanos);
    }

    @Override
    public Optional<String> closedReason(LocalDate date) {
        for (HolidaySource source : holidaySources) {
            for (Holiday h : source.holidays(date.getYear())) {
                if (h.date().equals(date)) {
                    return Optional.of(h.name());
                }
            }
        }
        for (YearlyClosure c : yearlyClosures) {
            if (covers(c, date)) {
                return Optional.of(c.reason());
            }
        }
        for (DateClosure c : dateClosures) {
            if (!date.isBefore(c.from()) && !date.isAfter(c.to())) {
                return Optional.of(c.reason());
            }
        }
        return Optional.empty();
    }

    private static boolean covers(YearlyClosure c, LocalDate date) {
        int year = date.getYear();
        LocalDate from = c.from().atYear(year);
        LocalDate to = c.to().atYear(year);
        if (!c.to().isBefore(c.from())) {
            return !date.isBefore(from) && !date.isAfter(to);
        }
        return !date.isAfter(to) || !date.isBefore(from);
    }

    @Override
    public String toString() {
        return "BusinessCalendar[" + name + ", " + zone + "]";
    }

    private int yearOf(Instant instant, String field) {
        long local = instant.getEpochSecond() + rules.getOffset(instant).getTotalSeconds();
        long epochDay = Math.floorDiv(local, SECONDS_PER_DAY);
        if (epochDay < MIN_EPOCH_DAY || epochDay > MAX_EPOCH_DAY) {
            throw ValidationException.of(field, "must lie within the years " + MIN_YEAR + "–" + MAX_YEAR
                    + ", was " + instant);
        }
        return LocalDate.ofEpochDay(epochDay).getYear();
    }

    private YearTable table(int year, String field) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw ValidationException.of(field, "must lie within the years " + MIN_YEAR + "–" + MAX_YEAR
                    + ", reached " + year);
        }
        if (year < FIRST_CACHED_YEAR || year > LAST_CACHED_YEAR) {
            return compile(year);
        }
        int index = year - FIRST_CACHED_YEAR;
        YearTable t = years.get(index);
        if (t == null) {
            t = compile(year);
            if (!years.compareAndSet(index, null, t)) {
                t = years.get(index);
            }
        }
        return t;
    }

    /** Compiles one year: closed days, then each open day's intervals as instants. */
    private YearTable compile(int year) {
        LocalDate jan1 = LocalDate.of(year, 1, 1);
        int days = jan1.lengthOfYear();
        boolean[] closed = new boolean[days];
        for (HolidaySource source : holidaySources) {
            for (Holiday h : source.holidays(year)) {
                if (h.date().getYear() == year) {
                    closed[h.date().getDayOfYear() - 1] = true;
                }
            }
        }
        LocalDate dec31 = LocalDate.of(year, 12, 31);
        for (YearlyClosure c : yearlyClosures) {
            LocalDate from = atYear(c.from(), year);
            LocalDate to = atYear(c.to(), year);
            if (!c.to().isBefore(c.from())) {
                mark(closed, from, to);
            } else {
                mark(closed, jan1, to);
                mark(closed, from, dec31);
            }
        }
        for (DateClosure c : dateClosures) {
            LocalDate from = c.from().isBefore(jan1) ? jan1 : c.from();
            LocalDate to = c.to().isAfter(dec31) ? dec31 : c.to();
            mark(closed, from, to);
        }
        long[] starts = new long[days * 4];
        long[] ends = new long[days * 4];
        int n = 0;
        for (int d = 0; d < days; d++) {
            if (closed[d]) {
                continue;
            }
            LocalDate date = jan1.plusDays(d);
            int[] template = weekly[date.getDayOfWeek().ordinal()];
            for (int k = 0; k < template.length; k += 2) {
                long s = toEpochSecond(date, template[k]);
                long e = toEpochSecond(date, template[k + 1]);
                if (e <= s) {
                    continue;
                }
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                    ends = Arrays.copyOf(ends, n * 2);
                }
                starts[n] = s;
                ends[n] = e;
                n++;
            }
        }
        return new YearTable(Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
    }

    private static LocalDate atYear(MonthDay monthDay, int year) {
        return monthDay.atYear(year);
    }

    private static void mark(boolean[] closed, LocalDate from, LocalDate to) {
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            closed[d.getDayOfYear() - 1] = true;
        }
    }

    /** A wall-clock time as an instant: gaps map to the transition, overlaps to the earlier offset. */
    private long toEpochSecond(LocalDate date, int secondOfDay) {
        LocalDateTime local = date.atStartOfDay().plusSeconds(secondOfDay);
        ZoneOffsetTransition transition = rules.getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant().getEpochSecond();
        }
        return local.toEpochSecond(rules.getOffset(local));
    }

    /**
     * One year's open intervals {@code [starts[i], ends[i])} in epoch seconds, strictly increasing and
     * non-overlapping, and {@code cumulative[i]}: open seconds in the year before interval {@code i}.
     */
    private static final class YearTable {
        final long[] starts;
        final long[] ends;
        final long[] cumulative;

        YearTable(long[] starts, long[] ends) {
            this.starts = starts;
            this.ends = ends;
            this.cumulative = new long[starts.length + 1];
            for (int i = 0; i < starts.length; i++) {
                cumulative[i + 1] = cumulative[i] + (ends[i] - starts[i]);
            }
        }

        int size() {
            return starts.length;
        }

        long total() {
            return cumulative[starts.length];
        }

        /** The last interval starting at or before {@code sec}, or -1. */
        int floor(long sec) {
            int i = Arrays.binarySearch(starts, sec);
            return i >= 0 ? i : -i - 2;
        }

        /** The first interval by whose end {@code position} open seconds have passed; 0 < position <= total. */
        int intervalReaching(long position) {
            int m = Arrays.binarySearch(cumulative, position);
            return (m >= 0 ? m : -m - 1) - 1;
        }

        /** Whole open seconds of this year before {@code instant} (which lies in this year). */
        long positionSeconds(Instant instant) {
            long sec = instant.getEpochSecond();
            int i = floor(sec);
            if (i < 0) {
                return 0;
            }
            return sec < ends[i] ? cumulative[i] + (sec - starts[i]) : cumulative[i + 1];
        }

        /** The nanoseconds to add to {@link #positionSeconds(Instant)}. */
        long positionNanos(Instant instant) {
            long sec = instant.getEpochSecond();
            int i = floor(sec);
            return i >= 0 && sec < ends[i] ? instant.getNano() : 0;
        }
    }
}
