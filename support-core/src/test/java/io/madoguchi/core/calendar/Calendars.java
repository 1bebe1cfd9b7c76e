package io.madoguchi.core.calendar;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.EnumSet;

/** Calendars shared by the calendar tests. */
final class Calendars {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private Calendars() {
    }

    /** Mon–Fri 9:00–12:00 and 13:00–18:00, JP holidays, 年末年始 12/29–1/3, a summer closure. */
    static BusinessCalendar tokyo() {
        return BusinessCalendar.builder("東京本社")
                .zone(TOKYO)
                .open(EnumSet.range(MONDAY, FRIDAY), "09:00-12:00", "13:00-18:00")
                .holidays(HolidaySource.japan())
                .closedEveryYear(MonthDay.of(12, 29), MonthDay.of(1, 3), "年末年始")
                .closed(LocalDate.of(2025, 8, 13), LocalDate.of(2025, 8, 15), "夏季休業")
                .build();
    }

    /** Weekdays 8:00–20:00, all of Sunday, Saturday nights across midnight (22:00–24:00). */
    static BusinessCalendar newYork() {
        return BusinessCalendar.builder("NY support")
                .zone(NEW_YORK)
                .open(EnumSet.range(MONDAY, FRIDAY), "08:00-20:00")
                .open(EnumSet.of(SUNDAY), "00:00-24:00")
                .open(EnumSet.of(SATURDAY), "22:00-24:00")
                .closedEveryYear(MonthDay.of(12, 25), MonthDay.of(12, 25), "Christmas")
                .build();
    }

    /** Sundays 01:00–04:00 (across the DST changes) and weekdays 09:00–17:00. */
    static BusinessCalendar berlin() {
        return BusinessCalendar.builder("Berlin Nachtschicht")
                .zone(BERLIN)
                .open(EnumSet.of(SUNDAY), "01:00-04:00")
                .open(EnumSet.range(MONDAY, FRIDAY), "09:00-17:00")
                .build();
    }

    static EnumSet<DayOfWeek> weekdays() {
        return EnumSet.range(MONDAY, FRIDAY);
    }
}
