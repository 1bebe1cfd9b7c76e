package io.madoguchi.core.calendar;

import static io.madoguchi.core.calendar.Calendars.BERLIN;
import static io.madoguchi.core.calendar.Calendars.NEW_YORK;
import static io.madoguchi.core.calendar.Calendars.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.ValidationException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleCalendarTest {

    private final BusinessCalendar tokyo = Calendars.tokyo();

    private static Instant at(ZoneId zone, String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    private static Instant tokyo(String localDateTime) {
        return at(TOKYO, localDateTime);
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({
        "2025-06-02T09:00, PT8H, 2025-06-02T18:00",     // ends exactly at closing time, not next morning
        "2025-06-02T09:00, PT3H, 2025-06-02T12:00",     // ends exactly when lunch starts
        "2025-06-02T13:00, PT1H, 2025-06-02T14:00",     // starts exactly at opening
        "2025-06-02T12:30, PT30M, 2025-06-02T13:30",    // starts during lunch
        "2025-06-02T11:30, PT1H, 2025-06-02T13:30",     // spans lunch
        "2025-06-02T17:30, PT1H, 2025-06-03T09:30",     // spans the night
        "2025-06-06T17:00, PT2H, 2025-06-09T10:00",     // spans the weekend
        "2025-06-07T10:00, PT1M, 2025-06-09T09:01",     // starts on Saturday
        "2025-01-10T17:00, PT2H, 2025-01-14T10:00",     // 1/13 成人の日
        "2025-12-26T17:00, PT2H, 2026-01-05T10:00",     // 年末年始 12/29–1/3, then a Sunday
        "2025-12-31T10:00, PT1H, 2026-01-05T10:00",     // starts inside 年末年始
        "2025-08-08T17:00, PT2H, 2025-08-12T10:00",     // 8/11 山の日
        "2025-08-12T17:00, PT2H, 2025-08-18T10:00",     // 夏季休業 8/13–15
        "2025-04-28T17:00, PT9H, 2025-04-30T18:00",     // 4/29 昭和の日
        "2025-05-02T17:00, PT2H, 2025-05-07T10:00",     // Golden Week 5/3–6
        "2026-09-18T17:00, PT2H, 2026-09-24T10:00",     // Silver Week: 9/21 敬老の日, 9/22 国民の休日, 9/23 秋分の日
        "2025-06-02T09:00, PT0S, 2025-06-02T09:00",
        "2025-06-07T09:00, PT0S, 2025-06-07T09:00",     // adding zero keeps a closed start
    })
    void addsBusinessTimeInTokyo(String start, Duration duration, String due) {
        assertThat(tokyo.addBusinessTime(tokyo(start), duration)).isEqualTo(tokyo(due));
    }

    @Test
    void twoThousandBusinessHoursSpanAboutAYearAndMeasureBack() {
        Instant start = tokyo("2025-03-03T09:00");
        Instant due = tokyo.addBusinessTime(start, Duration.ofHours(2000));

        // 2000 h / 8 h = 250 working days: Mar 2025 → early Mar 2026, given holidays and 年末年始
        assertThat(due).isBetween(tokyo("2026-02-20T00:00"), tokyo("2026-03-20T00:00"));
        assertThat(tokyo.businessTimeBetween(start, due)).isEqualTo(Duration.ofHours(2000));
        assertThat(tokyo.isOpen(due.minusNanos(1))).isTrue();
    }

    @Test
    void keepsNanosecondsOfStartAndDuration() {
        Instant start = tokyo("2025-06-02T17:59:59").plusNanos(900_000_000);
        Instant due = tokyo.addBusinessTime(start, Duration.ofMillis(200));

        assertThat(due).isEqualTo(tokyo("2025-06-03T09:00").plusNanos(100_000_000));
        assertThat(tokyo.businessTimeBetween(start, due)).isEqualTo(Duration.ofMillis(200));
    }

    @ParameterizedTest(name = "{0} open: {1}")
    @CsvSource({
        "2025-06-02T08:59:59, false", "2025-06-02T09:00, true", "2025-06-02T11:59:59, true",
        "2025-06-02T12:00, false", "2025-06-02T13:00, true", "2025-06-02T18:00, false",
        "2025-06-07T10:00, false", "2025-01-01T10:00, false", "2025-12-29T10:00, false",
        "2026-01-05T09:00, true", "2025-11-24T10:00, false", "2025-08-14T10:00, false",
    })
    void isOpenHonoursHoursHolidaysAndClosures(String local, boolean open) {
        assertThat(tokyo.isOpen(tokyo(local))).isEqualTo(open);
    }

    @ParameterizedTest(name = "next opening after {0} is {1}")
    @CsvSource({
        "2025-06-02T10:00, 2025-06-02T10:00",
        "2025-06-02T12:00, 2025-06-02T13:00",
        "2025-06-02T18:00, 2025-06-03T09:00",
        "2025-06-06T18:30, 2025-06-09T09:00",
        "2025-01-12T10:00, 2025-01-14T09:00",
        "2025-12-27T00:00, 2026-01-05T09:00",
    })
    void nextOpening(String from, String expected) {
        assertThat(tokyo.nextOpening(tokyo(from))).isEqualTo(tokyo(expected));
    }

    @Test
    void businessTimeBetweenCountsOnlyOpenTime() {
        assertThat(tokyo.businessTimeBetween(tokyo("2025-06-06T17:00"), tokyo("2025-06-09T10:00")))
                .isEqualTo(Duration.ofHours(2));
        assertThat(tokyo.businessTimeBetween(tokyo("2025-06-02T00:00"), tokyo("2025-06-09T00:00")))
                .isEqualTo(Duration.ofHours(40));
        assertThat(tokyo.businessTimeBetween(tokyo("2025-12-26T00:00"), tokyo("2026-01-06T00:00")))
                .isEqualTo(Duration.ofHours(16));
        assertThat(tokyo.businessTimeBetween(tokyo("2025-06-09T00:00"), tokyo("2025-06-02T00:00")))
                .isZero();
    }

    @Test
    void aFullDaySpanningSpringForwardLasts23HoursAndFallBack25() {
        BusinessCalendar ny = Calendars.newYork();

        // 2025-03-09 and 2025-11-02 are Sundays, open 00:00–24:00
        assertThat(ny.businessTimeBetween(at(NEW_YORK, "2025-03-09T00:00"), at(NEW_YORK, "2025-03-10T00:00")))
                .isEqualTo(Duration.ofHours(23));
        assertThat(ny.businessTimeBetween(at(NEW_YORK, "2025-11-02T00:00"), at(NEW_YORK, "2025-11-03T00:00")))
                .isEqualTo(Duration.ofHours(25));
        // 01:30 + 1 h on spring-forward day is 03:30 EDT
        assertThat(ny.addBusinessTime(at(NEW_YORK, "2025-03-09T01:30"), Duration.ofHours(1)))
                .isEqualTo(ZonedDateTime.of(2025, 3, 9, 3, 30, 0, 0, NEW_YORK).toInstant());
        // 00:30 + 2 h on fall-back day is the second 01:30 (EST)
        Instant due = ny.addBusinessTime(at(NEW_YORK, "2025-11-02T00:30"), Duration.ofHours(2));
        assertThat(due).isEqualTo(ZonedDateTime.of(2025, 11, 2, 1, 30, 0, 0, NEW_YORK).withLaterOffsetAtOverlap()
                .toInstant());
    }

    @Test
    void intervalsAcrossTheDstGapAndRepeatedHourMeasureRealTime() {
        BusinessCalendar berlin = Calendars.berlin();

        // Sundays 01:00–04:00: 2 h on 2025-03-30 (02:00 → 03:00), 4 h on 2025-10-26 (03:00 → 02:00)
        assertThat(berlin.businessTimeBetween(at(BERLIN, "2025-03-30T00:00"), at(BERLIN, "2025-03-31T00:00")))
                .isEqualTo(Duration.ofHours(2));
        assertThat(berlin.businessTimeBetween(at(BERLIN, "2025-10-26T00:00"), at(BERLIN, "2025-10-27T00:00")))
                .isEqualTo(Duration.ofHours(4));
        assertThat(berlin.businessTimeBetween(at(BERLIN, "2025-03-23T00:00"), at(BERLIN, "2025-03-24T00:00")))
                .isEqualTo(Duration.ofHours(3));
        assertThat(berlin.addBusinessTime(at(BERLIN, "2025-03-30T01:00"), Duration.ofHours(2)))
                .isEqualTo(at(BERLIN, "2025-03-30T04:00"));
        assertThat(berlin.addBusinessTime(at(BERLIN, "2025-03-30T01:00"), Duration.ofHours(3)))
                .isEqualTo(at(BERLIN, "2025-03-31T10:00"));
    }

    @Test
    void wallTimesInsideTheSpringForwardGapMapToTheTransition() {
        BusinessCalendar night = BusinessCalendar.builder("night")
                .zone(NEW_YORK)
                .open(EnumSet.of(DayOfWeek.SUNDAY), "01:00-02:30", "02:45-04:00")
                .build();
        Instant transition = at(NEW_YORK, "2025-03-09T03:00");

        // 01:00–02:30 ends when the clocks jump (1 h), 02:45–04:00 opens then (1 h); they touch
        assertThat(night.businessTimeBetween(at(NEW_YORK, "2025-03-09T00:00"), at(NEW_YORK, "2025-03-10T00:00")))
                .isEqualTo(Duration.ofHours(2));
        assertThat(night.isOpen(transition)).isTrue();
        assertThat(night.addBusinessTime(at(NEW_YORK, "2025-03-09T01:00"), Duration.ofHours(1))).isEqualTo(transition);
        assertThat(night.businessTimeBetween(at(NEW_YORK, "2025-03-16T00:00"), at(NEW_YORK, "2025-03-17T00:00")))
                .isEqualTo(Duration.ofMinutes(90 + 75));
    }

    @Test
    void anIntervalEndingAt24ContinuesIntoTheNextDaysFirstInterval() {
        BusinessCalendar ny = Calendars.newYork();

        // Saturday 22:00–24:00 then all of Sunday
        Instant saturday2230 = at(NEW_YORK, "2025-06-07T22:30");
        assertThat(ny.addBusinessTime(saturday2230, Duration.ofHours(3))).isEqualTo(at(NEW_YORK, "2025-06-08T01:30"));
        assertThat(ny.isOpen(at(NEW_YORK, "2025-06-08T00:00"))).isTrue();
        assertThat(ny.addBusinessTime(at(NEW_YORK, "2025-06-07T22:00"), Duration.ofHours(2)))
                .isEqualTo(at(NEW_YORK, "2025-06-08T00:00"));
    }

    @Test
    void closedReasonNamesHolidaysAndClosures() {
        assertThat(tokyo.closedReason(LocalDate.of(2025, 1, 1))).contains("元日");
        assertThat(tokyo.closedReason(LocalDate.of(2025, 12, 30))).contains("年末年始");
        assertThat(tokyo.closedReason(LocalDate.of(2025, 8, 14))).contains("夏季休業");
        assertThat(tokyo.closedReason(LocalDate.of(2025, 6, 7))).isEmpty();
        assertThat(BusinessCalendar.twentyFourSeven(TOKYO).closedReason(LocalDate.of(2025, 1, 1))).isEmpty();
    }

    @Test
    void negativeDurationsAndInstantsBeyondTheSupportedYearsAreRejected() {
        assertThatThrownBy(() -> tokyo.addBusinessTime(tokyo("2025-06-02T09:00"), Duration.ofMinutes(-1)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("duration");
        assertThatThrownBy(() -> tokyo.isOpen(Instant.MAX))
                .isInstanceOf(ValidationException.class).hasMessageContaining("instant");
        assertThatThrownBy(() -> tokyo.addBusinessTime(tokyo("2025-06-02T09:00"), Duration.ofDays(365L * 20_000)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("9999");
    }

    @Test
    void yearsBeyondTheCachedRangeAreComputedAlike() {
        Instant start = tokyo("2301-12-24T10:00");
        Instant due = tokyo.addBusinessTime(start, Duration.ofHours(100));

        assertThat(tokyo.businessTimeBetween(start, due)).isEqualTo(Duration.ofHours(100));
        assertThat(tokyo.isOpen(due.minusSeconds(1))).isTrue();
        assertThat(tokyo.isOpen(tokyo("2302-01-02T10:00"))).isFalse();
    }

    @Test
    void aCalendarClosedForYearsStillFindsItsNextOpening() {
        BusinessCalendar renovating = BusinessCalendar.builder("改装中")
                .zone(TOKYO)
                .open(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.MIDNIGHT)
                .closed(LocalDate.of(2025, 1, 1), LocalDate.of(2029, 12, 31), "改装")
                .build();

        assertThat(renovating.nextOpening(tokyo("2025-06-02T10:00"))).isEqualTo(tokyo("2030-01-07T09:00"));
        assertThat(renovating.addBusinessTime(tokyo("2025-06-02T10:00"), Duration.ofHours(16)))
                .isEqualTo(tokyo("2030-01-14T10:00"));
    }
}
