package io.madoguchi.core.calendar;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Builds a named {@link BusinessCalendar}: a weekly schedule of working intervals in a zone, holiday
 * sources and company closures.
 *
 * <pre>{@code
 * BusinessCalendar tokyo = BusinessCalendar.builder("東京本社")
 *     .zone(ZoneId.of("Asia/Tokyo"))
 *     .open(EnumSet.range(MONDAY, FRIDAY), "09:00-12:00", "13:00-18:00")
 *     .holidays(HolidaySource.japan())
 *     .closedEveryYear(MonthDay.of(12, 29), MonthDay.of(1, 3), "年末年始")
 *     .build();
 * }</pre>
 *
 * <p>Not thread-safe; the calendar it builds is immutable and thread-safe.
 */
public final class BusinessCalendarBuilder {

    private static final Pattern RANGE = Pattern.compile("(\\d{1,2}):(\\d{2})\\s*[-–〜~]\\s*(\\d{1,2}):(\\d{2})");
    private static final int DAY = 86_400;

    private final String name;
    private @Nullable ZoneId zone;
    private final Map<DayOfWeek, List<Interval>> hours = new EnumMap<>(DayOfWeek.class);
    private final List<Violation> deferred = new ArrayList<>();
    private final List<HolidaySource> holidaySources = new ArrayList<>();
    private final List<YearlyClosure> yearlyClosures = new ArrayList<>();
    private final List<DateClosure> dateClosures = new ArrayList<>();

    BusinessCalendarBuilder(String name) {
        this.name = requireNonNull(name, "name");
    }

    /**
     * @param zone the zone in which hours, holidays and closures are defined; required
     * @return this builder
     * @throws ValidationException naming {@code zone} if it was already set
     */
    public BusinessCalendarBuilder zone(ZoneId zone) {
        requireNonNull(zone, "zone");
        if (this.zone != null) {
            throw ValidationException.of("zone", "was already set to " + this.zone + "; each setting is made once");
        }
        this.zone = zone;
        return this;
    }

    /**
     * Adds a working interval on a day of the week.
     *
     * @param day the day
     * @param from the opening time
     * @param to the closing time; {@link LocalTime#MIDNIGHT} means 24:00 (the end of the day)
     * @return this builder
     */
    public BusinessCalendarBuilder open(DayOfWeek day, LocalTime from, LocalTime to) {
        requireNonNull(day, "day");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        int end = to.equals(LocalTime.MIDNIGHT) ? DAY : to.toSecondOfDay();
        hours.computeIfAbsent(day, d -> new ArrayList<>()).add(new Interval(from.toSecondOfDay(), end));
        return this;
    }

    /**
     * Adds working intervals written as {@code "HH:mm-HH:mm"} (an end of {@code 24:00} is allowed) on
     * each of the given days.
     *
     * @param days the days, e.g. {@code EnumSet.range(MONDAY, FRIDAY)}
     * @param ranges one or more ranges, e.g. {@code "09:00-12:00", "13:00-18:00"}
     * @return this builder; malformed ranges are reported by {@link #build()}
     */
    public BusinessCalendarBuilder open(Set<DayOfWeek> days, String... ranges) {
        requireNonNull(days, "days");
        requireNonNull(ranges, "ranges");
        for (DayOfWeek day : days) {
            requireNonNull(day, "days");
            for (String range : ranges) {
                requireNonNull(range, "ranges");
                List<Interval> list = hours.computeIfAbsent(day, d -> new ArrayList<>());
                Matcher m = RANGE.matcher(range.strip());
                int from = m.matches() ? time(m.group(1), m.group(2)) : -1;
                int to = m.matches() ? time(m.group(3), m.group(4)) : -1;
                if (from < 0 || to < 0 || from == DAY) {
                    deferred.add(new Violation(field(day, list.size()),
                            "expected a range like 09:00-18:00 (end may be 24:00), found '" + range + "'"));
                } else {
                    list.add(new Interval(from, to));
                }
            }
        }
        return this;
    }

    private static int time(String hour, String minute) {
        int h = Integer.parseInt(hour);
        int m = Integer.parseInt(minute);
        if (m > 59 || h > 24 || (h == 24 && m != 0)) {
            return -1;
        }
        return h * 3600 + m * 60;
    }

    /**
     * Adds a source of holidays; the desk is closed all day on each holiday. May be called several
     * times (e.g. national holidays and a company's own list).
     *
     * @param source the source; results are cached per year
     * @return this builder
     */
    public BusinessCalendarBuilder holidays(HolidaySource source) {
        holidaySources.add(HolidaySource.cached(requireNonNull(source, "source")));
        return this;
    }

    /**
     * Closes the desk every year from {@code from} to {@code to}, both included. If {@code to} comes
     * before {@code from} the closure spans the new year (e.g. 12/29–1/3 年末年始). February 29 means
     * February 28 in other years.
     *
     * @param from the first closed day
     * @param to the last closed day
     * @param reason why, e.g. {@code 年末年始}
     * @return this builder
     */
    public BusinessCalendarBuilder closedEveryYear(MonthDay from, MonthDay to, String reason) {
        yearlyClosures.add(new YearlyClosure(requireNonNull(from, "from"), requireNonNull(to, "to"),
                requireNonNull(reason, "reason")));
        return this;
    }

    /**
     * Closes the desk once, from {@code from} to {@code to}, both included.
     *
     * @param from the first closed day
     * @param to the last closed day; not before {@code from} (checked by {@link #build()})
     * @param reason why, e.g. {@code 夏季休業}
     * @return this builder
     */
    public BusinessCalendarBuilder closed(LocalDate from, LocalDate to, String reason) {
        dateClosures.add(new DateClosure(requireNonNull(from, "from"), requireNonNull(to, "to"),
                requireNonNull(reason, "reason")));
        return this;
    }

    /**
     * Closes the desk for one day.
     *
     * @param day the closed day
     * @param reason why
     * @return this builder
     */
    public BusinessCalendarBuilder closed(LocalDate day, String reason) {
        return closed(day, day, reason);
    }

    /**
     * Validates and builds the calendar.
     *
     * @return the immutable calendar
     * @throws ValidationException listing every problem: a blank {@code name}, a missing {@code zone},
     *     no working interval ({@code hours}), an interval that is malformed, ends before or when it
     *     starts, or overlaps another on the same day ({@code hours.MONDAY[1]}), a one-off closure
     *     ending before it starts ({@code closures[0]}), a blank closure reason
     */
    public BusinessCalendar build() {
        List<Violation> violations = new ArrayList<>(deferred);
        if (name.isBlank()) {
            violations.add(new Violation("name", "must not be blank"));
        }
        if (zone == null) {
            violations.add(new Violation("zone", "is required"));
        }
        int[][] weekly = new int[7][];
        boolean anyOpen = false;
        for (DayOfWeek day : DayOfWeek.values()) {
            List<Interval> list = hours.getOrDefault(day, List.of());
            for (int i = 0; i < list.size(); i++) {
                Interval iv = list.get(i);
                if (iv.end() <= iv.start()) {
                    violations.add(new Violation(field(day, i), "ends at " + clock(iv.end())
                            + ", not after it starts at " + clock(iv.start())));
                    continue;
                }
                for (int j = 0; j < i; j++) {
                    Interval other = list.get(j);
                    if (other.end() > other.start() && iv.start() < other.end() && other.start() < iv.end()) {
                        violations.add(new Violation(field(day, i), clock(iv.start()) + "-" + clock(iv.end())
                                + " overlaps " + clock(other.start()) + "-" + clock(other.end())));
                    }
                }
            }
            weekly[day.ordinal()] = merged(list);
            anyOpen |= weekly[day.ordinal()].length > 0;
        }
        if (!anyOpen && violations.stream().noneMatch(v -> v.field().startsWith("hours."))) {
            violations.add(new Violation("hours", "at least one working interval is required"));
        }
        for (int i = 0; i < yearlyClosures.size(); i++) {
            if (yearlyClosures.get(i).reason().isBlank()) {
                violations.add(new Violation("yearlyClosures[" + i + "].reason", "must not be blank"));
            }
        }
        for (int i = 0; i < dateClosures.size(); i++) {
            DateClosure c = dateClosures.get(i);
            if (c.to().isBefore(c.from())) {
                violations.add(new Violation("closures[" + i + "]", "ends on " + c.to() + ", before it starts on "
                        + c.from()));
            }
            if (c.reason().isBlank()) {
                violations.add(new Violation("closures[" + i + "].reason", "must not be blank"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        return new ScheduleCalendar(name, requireNonNull(zone), weekly, holidaySources, yearlyClosures, dateClosures);
    }

    private static String field(DayOfWeek day, int index) {
        return "hours." + day + "[" + index + "]";
    }

    private static String clock(int secondOfDay) {
        return String.format("%02d:%02d", secondOfDay / 3600, secondOfDay / 60 % 60);
    }

    /** Valid intervals of a day sorted, touching ones joined, as {@code [start0, end0, start1, ...]}. */
    private static int[] merged(List<Interval> list) {
        List<Interval> sorted = new ArrayList<>(list);
        sorted.removeIf(iv -> iv.end() <= iv.start());
        sorted.sort(Comparator.comparingInt(Interval::start));
        int[] out = new int[sorted.size() * 2];
        int n = 0;
        for (Interval iv : sorted) {
            if (n > 0 && iv.start() <= out[n - 1]) {
                out[n - 1] = Math.max(out[n - 1], iv.end());
            } else {
                out[n++] = iv.start();
                out[n++] = iv.end();
            }
        }
        return Arrays.copyOf(out, n);
    }

    private record Interval(int start, int end) {
    }

    /** A closure repeated every year; wraps over the new year when {@code to} is before {@code from}. */
    record YearlyClosure(MonthDay from, MonthDay to, String reason) {
    }

    /** A one-off closure, both ends included. */
    record DateClosure(LocalDate from, LocalDate to, String reason) {
    }
}
