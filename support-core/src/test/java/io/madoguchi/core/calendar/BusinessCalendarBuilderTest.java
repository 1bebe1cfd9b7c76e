package io.madoguchi.core.calendar;

import static io.madoguchi.core.calendar.Calendars.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class BusinessCalendarBuilderTest {

    private static ValidationException rejected(BusinessCalendarBuilder builder) {
        try {
            builder.build();
        } catch (ValidationException e) {
            return e;
        }
        throw new AssertionError("build() accepted an invalid calendar");
    }

    @Test
    void overlappingIntervalsAreRejectedNamingTheDayAndIndex() {
        ValidationException e = rejected(BusinessCalendar.builder("東京本社").zone(TOKYO)
                .open(EnumSet.of(DayOfWeek.MONDAY), "09:00-12:00", "11:00-18:00"));

        assertThat(e.violations()).extracting(Violation::field).containsExactly("hours.MONDAY[1]");
        assertThat(e.violations().get(0).message()).contains("11:00-18:00 overlaps 09:00-12:00");
    }

    @Test
    void anIntervalEndingBeforeItStartsIsRejected() {
        ValidationException e = rejected(BusinessCalendar.builder("夜間").zone(TOKYO)
                .open(DayOfWeek.TUESDAY, LocalTime.of(18, 0), LocalTime.of(9, 0)));

        assertThat(e.violations()).extracting(Violation::field).containsExactly("hours.TUESDAY[0]");
        assertThat(e.violations().get(0).message()).contains("ends at 09:00", "starts at 18:00");
    }

    @Test
    void everyProblemIsListed() {
        ValidationException e = rejected(BusinessCalendar.builder(" ")
                .open(EnumSet.of(DayOfWeek.FRIDAY), "9時-17時", "25:00-26:00")
                .closed(LocalDate.of(2025, 8, 15), LocalDate.of(2025, 8, 13), "夏季休業"));

        assertThat(e.violations()).extracting(Violation::field)
                .containsExactlyInAnyOrder("hours.FRIDAY[0]", "hours.FRIDAY[0]", "name", "zone", "closures[0]");
    }

    @Test
    void aCalendarWithoutWorkingHoursIsRejected() {
        assertThat(rejected(BusinessCalendar.builder("空").zone(TOKYO)).violations())
                .extracting(Violation::field).containsExactly("hours");
    }

    @Test
    void settingTheZoneTwiceIsRefused() {
        assertThatThrownBy(() -> BusinessCalendar.builder("x").zone(TOKYO).zone(TOKYO))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("zone"));
    }

    @Test
    void touchingIntervalsAnd24AreAccepted() {
        BusinessCalendar calendar = BusinessCalendar.builder("二交代")
                .zone(TOKYO)
                .open(EnumSet.of(DayOfWeek.MONDAY), "08:00-16:00", "16:00-24:00")
                .build();

        assertThat(calendar.name()).isEqualTo("二交代");
        assertThat(calendar.zone()).isEqualTo(TOKYO);
        assertThat(calendar.toString()).contains("二交代", "Asia/Tokyo");
    }
}
