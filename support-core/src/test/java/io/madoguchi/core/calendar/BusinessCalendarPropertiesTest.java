package io.madoguchi.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of business-time arithmetic on calendars with lunch breaks, holidays, closures and DST. */
class BusinessCalendarPropertiesTest {

    private static final BusinessCalendar TOKYO = Calendars.tokyo();
    private static final BusinessCalendar NEW_YORK = Calendars.newYork();
    private static final BusinessCalendar BERLIN = Calendars.berlin();
    private static final List<BusinessCalendar> CALENDARS = List.of(TOKYO, NEW_YORK, BERLIN);
    private static final Instant FROM = Instant.parse("2019-06-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2027-06-01T00:00:00Z");

    @Provide
    Arbitrary<BusinessCalendar> calendars() {
        return Arbitraries.of(CALENDARS);
    }

    /** Any instant 2019–2027, often on a whole minute (so that it hits boundaries), sometimes with nanos. */
    @Provide
    Arbitrary<Instant> starts() {
        Arbitrary<Long> minutes = Arbitraries.longs().between(FROM.getEpochSecond() / 60, TO.getEpochSecond() / 60);
        Arbitrary<Integer> nanos = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 59_999_999)));
        return Combinators.combine(minutes, nanos).as((m, n) -> Instant.ofEpochSecond(m * 60).plusNanos(n));
    }

    /** Up to 2,000 business hours, in minutes or seconds. */
    @Provide
    Arbitrary<Duration> durations() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 2_000 * 60).map(Duration::ofMinutes),
                Arbitraries.longs().between(0, 48 * 3600).map(Duration::ofSeconds),
                Arbitraries.of(0, 1, 3, 5, 8, 9, 40).map(Duration::ofHours));
    }

    @Property
    void measuringTheDueTimeGivesBackTheDuration(@ForAll("calendars") BusinessCalendar calendar,
            @ForAll("starts") Instant start, @ForAll("durations") Duration duration) {
        Instant due = calendar.addBusinessTime(start, duration);

        assertThat(due).isAfterOrEqualTo(start);
        assertThat(calendar.businessTimeBetween(start, due)).isEqualTo(duration);
    }

    @Property
    void dueTimesAreMonotonicInDuration(@ForAll("calendars") BusinessCalendar calendar,
            @ForAll("starts") Instant start, @ForAll("durations") Duration a, @ForAll("durations") Duration b) {
        Duration shorter = a.compareTo(b) <= 0 ? a : b;
        Duration longer = a.compareTo(b) <= 0 ? b : a;

        assertThat(calendar.addBusinessTime(start, shorter)).isBeforeOrEqualTo(calendar.addBusinessTime(start, longer));
    }

    @Property
    void dueTimesAreMonotonicInStart(@ForAll("calendars") BusinessCalendar calendar, @ForAll("starts") Instant start,
            @ForAll @LongRange(min = 0, max = 10 * 24 * 3600) long laterBySeconds,
            @ForAll("durations") Duration duration) {
        Instant later = start.plusSeconds(laterBySeconds);

        assertThat(calendar.addBusinessTime(start, duration))
                .isBeforeOrEqualTo(calendar.addBusinessTime(later, duration));
    }

    @Property
    void aPositiveDurationNeverEndsInAClosedPeriod(@ForAll("calendars") BusinessCalendar calendar,
            @ForAll("starts") Instant start, @ForAll("durations") Duration duration) {
        if (duration.isZero()) {
            return;
        }
        Instant due = calendar.addBusinessTime(start, duration);

        // open just before the due time: it lies in an open period or exactly at its closing boundary
        assertThat(calendar.isOpen(due.minusNanos(1))).as("open just before %s", due).isTrue();
        assertThat(calendar.closedReason(LocalDate.ofInstant(due.minusNanos(1), calendar.zone()))).isEmpty();
    }

    @Property
    void nextOpeningIsOpenAndNothingBeforeItIs(@ForAll("calendars") BusinessCalendar calendar,
            @ForAll("starts") Instant from) {
        Instant next = calendar.nextOpening(from);

        assertThat(next).isAfterOrEqualTo(from);
        assertThat(calendar.isOpen(next)).isTrue();
        assertThat(calendar.businessTimeBetween(from, next)).isZero();
        assertThat(calendar.isOpen(from)).isEqualTo(next.equals(from));
    }

    @Property
    void businessTimeIsAdditive(@ForAll("calendars") BusinessCalendar calendar, @ForAll("starts") Instant a,
            @ForAll @LongRange(min = 0, max = 400L * 24 * 3600) long ab,
            @ForAll @LongRange(min = 0, max = 40L * 24 * 3600) long bc) {
        Instant b = a.plusSeconds(ab);
        Instant c = b.plusSeconds(bc);

        assertThat(calendar.businessTimeBetween(a, c))
                .isEqualTo(calendar.businessTimeBetween(a, b).plus(calendar.businessTimeBetween(b, c)));
    }

    /** An independent day-by-day reference using ZonedDateTime, checked over spans of up to 60 days. */
    @Property(tries = 300)
    void businessTimeMatchesADayByDayReference(@ForAll("calendars") BusinessCalendar calendar,
            @ForAll("starts") Instant from, @ForAll @LongRange(min = 0, max = 60L * 24 * 3600) long seconds) {
        Instant to = from.plusSeconds(seconds);

        assertThat(calendar.businessTimeBetween(from, to)).isEqualTo(reference(calendar, from, to));
    }

    @Property(tries = 300)
    void isOpenMatchesTheReference(@ForAll("calendars") BusinessCalendar calendar, @ForAll("starts") Instant at) {
        assertThat(calendar.isOpen(at))
                .isEqualTo(reference(calendar, at, at.plusNanos(1)).equals(Duration.ofNanos(1)));
    }

    /** Starts on opening, closing and lunch boundaries of the days around Japanese holidays, 2019–2027. */
    @Provide
    Arbitrary<Instant> holidayEdges() {
        List<LocalDate> days = new java.util.ArrayList<>();
        for (int y = 2019; y <= 2027; y++) {
            HolidaySource.japan().holidays(y).forEach(h -> {
                days.add(h.date().minusDays(1));
                days.add(h.date());
                days.add(h.date().plusDays(1));
            });
        }
        return Combinators.combine(Arbitraries.of(days), Arbitraries.of(9, 12, 13, 18), Arbitraries.of(-1, 0, 1))
                .as((day, hour, secondsOff) -> day.atTime(hour, 0).atZone(Calendars.TOKYO).toInstant()
                        .plusSeconds(secondsOff));
    }

    /** Whole business hours and minutes, so that due times land on opening and closing boundaries. */
    @Provide
    Arbitrary<Duration> boundaryDurations() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 80).map(Duration::ofHours),
                Arbitraries.integers().between(0, 24 * 60).map(Duration::ofMinutes));
    }

    @Property
    void holidayEdgesStartAtOpeningAndEndAtClosing(@ForAll("holidayEdges") Instant start,
            @ForAll("boundaryDurations") Duration duration) {
        Instant due = TOKYO.addBusinessTime(start, duration);

        // starting while closed is the same as starting at the next opening (adding zero keeps the start)
        assertThat(TOKYO.addBusinessTime(TOKYO.nextOpening(start), duration))
                .isEqualTo(duration.isZero() ? TOKYO.nextOpening(start) : due);
        assertThat(TOKYO.businessTimeBetween(start, due)).isEqualTo(duration);
        if (!duration.isZero() && !TOKYO.isOpen(due)) {
            // due exactly at a closing time (never the next opening); a nanosecond more continues there
            assertThat(TOKYO.isOpen(due.minusNanos(1))).isTrue();
            assertThat(TOKYO.addBusinessTime(start, duration.plusNanos(1)))
                    .isEqualTo(TOKYO.nextOpening(due).plusNanos(1));
        }
    }

    /** 年末年始 (12/29–1/3) spans the new year: nothing due inside it, measured time skips it. */
    @Property
    void yearEndClosureIsSkipped(@ForAll @IntRange(min = 2019, max = 2049) int year,
            @ForAll @IntRange(min = 0, max = 30 * 24 * 60) int minutesAfterDec15,
            @ForAll @IntRange(min = 0, max = 60 * 60) int businessMinutes) {
        Instant start = LocalDateTime.of(year, 12, 15, 0, 0).plusMinutes(minutesAfterDec15)
                .atZone(Calendars.TOKYO).toInstant();
        Duration duration = Duration.ofMinutes(businessMinutes);

        Instant due = TOKYO.addBusinessTime(start, duration);
        LocalDate dueDay = LocalDate.ofInstant(due.minusNanos(1), Calendars.TOKYO);

        if (businessMinutes > 0) {
            MonthDay md = MonthDay.from(dueDay);
            assertThat(md.isBefore(MonthDay.of(12, 29)) && md.isAfter(MonthDay.of(1, 3)))
                    .as("due %s", dueDay).isTrue();
        }
        assertThat(TOKYO.businessTimeBetween(start, due)).isEqualTo(duration);
        Instant newYear = LocalDate.of(year + 1, 1, 1).atStartOfDay(Calendars.TOKYO).toInstant();
        assertThat(TOKYO.businessTimeBetween(newYear.minus(Duration.ofDays(3)), newYear.plus(Duration.ofDays(3))))
                .isZero();
    }

    /** On DST change days of New York and Berlin, add-then-measure and the reference agree. */
    @Property(tries = 300)
    void daylightSavingDays(@ForAll("dstInstants") Instant start, @ForAll @IntRange(min = 0, max = 600) int minutes) {
        for (BusinessCalendar calendar : List.of(NEW_YORK, BERLIN)) {
            Duration duration = Duration.ofMinutes(minutes);
            Instant due = calendar.addBusinessTime(start, duration);
            assertThat(calendar.businessTimeBetween(start, due)).isEqualTo(duration);
            assertThat(reference(calendar, start, due)).isEqualTo(duration);
        }
    }

    @Provide
    Arbitrary<Instant> dstInstants() {
        List<ZonedDateTime> days = List.of(
                ZonedDateTime.of(2025, 3, 9, 0, 0, 0, 0, Calendars.NEW_YORK),
                ZonedDateTime.of(2025, 11, 2, 0, 0, 0, 0, Calendars.NEW_YORK),
                ZonedDateTime.of(2025, 3, 30, 0, 0, 0, 0, Calendars.BERLIN),
                ZonedDateTime.of(2025, 10, 26, 0, 0, 0, 0, Calendars.BERLIN));
        return Combinators.combine(Arbitraries.of(days), Arbitraries.integers().between(-120, 26 * 60))
                .as((day, minute) -> day.toInstant().plusSeconds(minute * 60L));
    }

    /**
     * Open time in [from, to) computed naively: every local day, its holidays and closures looked up by
     * name, its hours converted with ZonedDateTime. The test calendars have no interval boundary in a
     * DST gap, where ZonedDateTime and the calendar map wall times differently by design.
     */
    private static Duration reference(BusinessCalendar calendar, Instant from, Instant to) {
        ZoneId zone = calendar.zone();
        Duration total = Duration.ZERO;
        LocalDate day = LocalDate.ofInstant(from, zone).minusDays(1);
        LocalDate last = LocalDate.ofInstant(to, zone);
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            if (calendar.closedReason(day).isPresent() || isReferenceHoliday(calendar, day)) {
                continue;
            }
            for (Hours iv : hours(calendar, day.getDayOfWeek())) {
                Instant s = ZonedDateTime.of(day, iv.from(), zone).toInstant();
                Instant e = iv.to() == null ? day.plusDays(1).atStartOfDay(zone).toInstant()
                        : ZonedDateTime.of(day, iv.to(), zone).toInstant();
                Instant lo = s.isAfter(from) ? s : from;
                Instant hi = e.isBefore(to) ? e : to;
                if (hi.isAfter(lo)) {
                    total = total.plus(Duration.between(lo, hi));
                }
            }
        }
        return total;
    }

    private static boolean isReferenceHoliday(BusinessCalendar calendar, LocalDate day) {
        if (calendar != TOKYO) {
            return false;
        }
        Set<LocalDate> dates = new HashSet<>();
        HolidaySource.japan().holidays(day.getYear()).forEach(h -> dates.add(h.date()));
        MonthDay md = MonthDay.from(day);
        boolean nenmatsu = !md.isBefore(MonthDay.of(12, 29)) || !md.isAfter(MonthDay.of(1, 3));
        boolean summer = !day.isBefore(LocalDate.of(2025, 8, 13)) && !day.isAfter(LocalDate.of(2025, 8, 15));
        return dates.contains(day) || nenmatsu || summer;
    }

    /** The test calendars' hours, restated independently of the builder; a null end is 24:00. */
    private record Hours(LocalTime from, @org.jspecify.annotations.Nullable LocalTime to) {
    }

    private static List<Hours> hours(BusinessCalendar calendar, DayOfWeek day) {
        boolean weekday = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY).contains(day);
        if (calendar == TOKYO) {
            return weekday ? List.of(times(9, 12), times(13, 18)) : List.of();
        }
        if (calendar == NEW_YORK) {
            if (day == DayOfWeek.SUNDAY) {
                return List.of(new Hours(LocalTime.MIDNIGHT, null));
            }
            if (day == DayOfWeek.SATURDAY) {
                return List.of(new Hours(LocalTime.of(22, 0), null));
            }
            return List.of(times(8, 20));
        }
        if (day == DayOfWeek.SUNDAY) {
            return List.of(times(1, 4));
        }
        return weekday ? List.of(times(9, 17)) : List.of();
    }

    private static Hours times(int from, int to) {
        return new Hours(LocalTime.of(from, 0), LocalTime.of(to, 0));
    }
}
