package io.madoguchi.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import java.io.StringReader;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ICalendarHolidaysTest {

    private static final String COMPANY = String.join("\r\n",
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Madoguchi//test//JA",
            "BEGIN:VTIMEZONE",
            "TZID:Asia/Tokyo",
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            "TZOFFSETFROM:+0900",
            "TZOFFSETTO:+0900",
            "END:STANDARD",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            "UID:founding@example.jp",
            "DTSTART;VALUE=DATE:20150601",
            "SUMMARY:創立記念日",
            "RRULE:FREQ=YEARLY",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:obon@example.jp",
            "DTSTART;VALUE=DATE:20250813",
            "DTEND;VALUE=DATE:20250816",
            "SUMMARY:夏季休業\\, お盆",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:inventory@example.jp",
            "DTSTART;VALUE=DATE:20240101",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1FR;COUNT=3",
            "SUMMARY:棚卸し（本社・",
            " 大阪支社）",
            "END:VEVENT",
            "END:VCALENDAR",
            "");

    @Test
    void readsAllDayEventsWithEscapedFoldedJapaneseSummaries() {
        ICalendarHolidays source = ICalendarHolidays.parse(COMPANY);

        assertThat(source.eventCount()).isEqualTo(3);
        assertThat(source.holidays(2025)).containsExactly(
                new Holiday(LocalDate.of(2025, 3, 28), "棚卸し（本社・大阪支社）"),
                new Holiday(LocalDate.of(2025, 6, 1), "創立記念日"),
                new Holiday(LocalDate.of(2025, 8, 13), "夏季休業, お盆"),
                new Holiday(LocalDate.of(2025, 8, 14), "夏季休業, お盆"),
                new Holiday(LocalDate.of(2025, 8, 15), "夏季休業, お盆"));
    }

    @Test
    void yearlyRulesRepeatFromTheirStartAndStopAfterTheirCount() {
        ICalendarHolidays source = ICalendarHolidays.parse(COMPANY);

        assertThat(source.holidays(2014)).isEmpty();
        assertThat(source.holidays(2040)).containsExactly(new Holiday(LocalDate.of(2040, 6, 1), "創立記念日"));
        assertThat(source.holidays(2024)).extracting(Holiday::date)
                .containsExactly(LocalDate.of(2024, 3, 29), LocalDate.of(2024, 6, 1));
        assertThat(source.holidays(2026)).extracting(Holiday::date).contains(LocalDate.of(2026, 3, 27));
        assertThat(source.holidays(2027)).extracting(Holiday::date).doesNotContain(LocalDate.of(2027, 3, 26));
    }

    @Test
    void untilIntervalExdateAndEventsSpanningTheNewYear() {
        String ics = String.join("\n",
                "BEGIN:VCALENDAR",
                "BEGIN:VEVENT",
                "DTSTART;VALUE=DATE:20201229",
                "DTEND;VALUE=DATE:20210104",
                "RRULE:FREQ=YEARLY;INTERVAL=2;UNTIL=20241231T000000Z",
                "EXDATE;VALUE=DATE:20221229",
                "SUMMARY:年末年始\\n休業",
                "END:VEVENT",
                "END:VCALENDAR");
        ICalendarHolidays source = ICalendarHolidays.parse(ics);

        assertThat(source.holidays(2021)).extracting(Holiday::date).containsExactly(
                LocalDate.of(2021, 1, 1), LocalDate.of(2021, 1, 2), LocalDate.of(2021, 1, 3));
        assertThat(source.holidays(2021).get(0).name()).as("one line").isEqualTo("年末年始 休業");
        assertThat(source.holidays(2022)).isEmpty();
        assertThat(source.holidays(2023)).isEmpty();
        assertThat(source.holidays(2024)).hasSize(3);
        assertThat(source.holidays(2025)).hasSize(3);
        assertThat(source.holidays(2026)).isEmpty();
    }

    @Test
    void japaneseHolidaysRoundTripThroughAnIcsExport() {
        StringBuilder ics = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
        for (Holiday h : HolidaySource.japan().holidays(2026)) {
            ics.append("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:")
                    .append(h.date().toString().replace("-", ""))
                    .append("\r\nSUMMARY:").append(h.name()).append("\r\nEND:VEVENT\r\n");
        }
        ics.append("END:VCALENDAR\r\n");

        HolidaySource imported = HolidaySource.fromICalendar(new StringReader(ics.toString()));

        assertThat(imported.holidays(2026)).isEqualTo(HolidaySource.japan().holidays(2026));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "BEGIN:VEVENT | line 1 | expected BEGIN:VCALENDAR",
        "BEGIN:VCALENDAR\\nBEGIN:VEVENT\\nDTSTART;VALUE=DATE:20250230\\n"
            + "SUMMARY:x\\nEND:VEVENT\\nEND:VCALENDAR | line 3 | no such date",
        "BEGIN:VCALENDAR\\nBEGIN:VEVENT\\nDTSTART:20250101T090000\\n"
            + "SUMMARY:x\\nEND:VEVENT\\nEND:VCALENDAR | line 3 | only all-day events",
        "BEGIN:VCALENDAR\\nBEGIN:VEVENT\\nDTSTART;VALUE=DATE:20250101\\n"
            + "END:VEVENT\\nEND:VCALENDAR | line 2 | without SUMMARY",
        "BEGIN:VCALENDAR\\nBEGIN:VEVENT\\nSUMMARY:元日\\nEND:VEVENT\\nEND:VCALENDAR | line 2 | without DTSTART",
        "BEGIN:VCALENDAR\\nBEGIN:VEVENT\\nDTSTART;VALUE=DATE:20250101\\nRRULE:FREQ=MONTHLY\\n"
            + "SUMMARY:x\\nEND:VEVENT\\nEND:VCALENDAR | line 4 | only FREQ=YEARLY",
        "BEGIN:VCALENDAR\\nBEGIN:VEVENT\\nDTSTART;VALUE=DATE:20250105\\nDTEND;VALUE=DATE:20250101\\n"
            + "SUMMARY:x\\nEND:VEVENT\\nEND:VCALENDAR | line 2 | is not after DTSTART",
        "BEGIN:VCALENDAR\\nBEGIN:VEVENT\\nDTSTART;VALUE=DATE:20250101\\nthis is not a property\\n"
            + "END:VEVENT\\nEND:VCALENDAR | line 4 | no ':'",
        "BEGIN:VCALENDAR\\nBEGIN:VEVENT\\nDTSTART;VALUE=DATE:20250101\\n"
            + "SUMMARY:x\\nEND:VEVENT | line 5 | missing END:VCALENDAR",
        "                                                                              | line 1 | no BEGIN:VCALENDAR",
    })
    void badInputIsRejectedWithItsLineNumber(String text, String line, String message) {
        String ics = text == null ? "" : text.strip().replace("\\n", "\r\n");
        assertThatThrownBy(() -> ICalendarHolidays.parse(ics))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> {
                    Violation v = ((ValidationException) e).violations().get(0);
                    assertThat(v.field()).isEqualTo(line);
                    assertThat(v.message()).contains(message);
                });
    }

    private static String event(String... lines) {
        return "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" + String.join("\r\n", lines)
                + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    @Test
    void countRulesFromYearOneAreExpandedOnceAndGiveTheSameYears() {
        // the 1,000th yearly occurrence from 0001-06-01 is in year 1000; the rule counts from DTSTART, not from today
        ICalendarHolidays fromYearOne = ICalendarHolidays.parse(event("DTSTART;VALUE=DATE:00010601",
                "RRULE:FREQ=YEARLY;COUNT=1000", "SUMMARY:創立記念日"));
        assertThat(fromYearOne.holidays(1000)).containsExactly(new Holiday(LocalDate.of(1000, 6, 1), "創立記念日"));
        assertThat(fromYearOne.holidays(1001)).isEmpty();
        assertThat(fromYearOne.holidays(2026)).isEmpty();
        // the last Friday of March is not in every year's first week: COUNT still counts occurrences, EXDATE included
        ICalendarHolidays lastFriday = ICalendarHolidays.parse(event("DTSTART;VALUE=DATE:20240101",
                "RRULE:FREQ=YEARLY;INTERVAL=2;BYMONTH=3;BYDAY=-1FR;COUNT=3",
                "EXDATE;VALUE=DATE:20260327", "SUMMARY:棚卸し"));
        assertThat(lastFriday.holidays(2024)).extracting(Holiday::date).containsExactly(LocalDate.of(2024, 3, 29));
        assertThat(lastFriday.holidays(2026)).isEmpty();
        assertThat(lastFriday.holidays(2028)).extracting(Holiday::date).containsExactly(LocalDate.of(2028, 3, 31));
        assertThat(lastFriday.holidays(2030)).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "RRULE:FREQ=YEARLY;COUNT=1001                 | COUNT must be at most 1000",
        "DURATION:P999W                                | more than a year",
        "DURATION:P367D                                | more than a year",
        "SUMMARY:休業\u0007日                          | control character U+0007",
        "SUMMARY:\u202e日業休                          | bidirectional control U+202E",
        "SUMMARY:\u200b                                | visible",
        "SUMMARY:休業\t日                              | tab",
    })
    void boundsAndHolidayNamesAreChecked(String property, String message) {
        String unicode = property.strip();
        String ics = property.startsWith("SUMMARY") ? event("DTSTART;VALUE=DATE:20250101", unicode)
                : event("DTSTART;VALUE=DATE:20250101", unicode, "SUMMARY:休業日");
        assertThatThrownBy(() -> ICalendarHolidays.parse(ics))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> {
                            assertThat(v.field()).startsWith("line ");
                            assertThat(v.message()).contains(message);
                        }));
    }

    @Test
    void theCountRulesOfOneFileWalkABoundedNumberOfYears() {
        StringBuilder ics = new StringBuilder("BEGIN:VCALENDAR\r\n");
        int events = ICalendarHolidays.MAX_COUNT_YEARS / ICalendarHolidays.MAX_COUNT + 1;
        for (int i = 0; i < events; i++) {
            ics.append("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:00010301\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1FR;COUNT=")
                    .append(ICalendarHolidays.MAX_COUNT).append("\r\nSUMMARY:棚卸し").append(i)
                    .append("\r\nEND:VEVENT\r\n");
        }
        String tooMany = ics + "END:VCALENDAR\r\n";
        assertThatThrownBy(() -> ICalendarHolidays.parse(tooMany))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> assertThat(v.message())
                                .contains(ICalendarHolidays.MAX_COUNT_YEARS + " years")));
        int lastStart = tooMany.lastIndexOf("BEGIN:VEVENT");
        String enough = tooMany.substring(0, lastStart) + "END:VCALENDAR\r\n";
        assertThat(ICalendarHolidays.parse(enough).holidays(1000)).singleElement()
                .satisfies(h -> assertThat(h.name()).startsWith("棚卸し0・棚卸し1"));
    }

    @Test
    void aHolidayNameOfMegabytesIsRefused() {
        String huge = "休".repeat(1_000_000);
        assertThatThrownBy(() -> ICalendarHolidays.parse(event("DTSTART;VALUE=DATE:20250101", "SUMMARY:" + huge)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at most 200 characters");
        assertThatThrownBy(() -> ICalendarHolidays.parse(
                event("DTSTART;VALUE=DATE:20250101", "SUMMARY:" + "休".repeat(201))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at most 200 characters");
        assertThat(ICalendarHolidays.parse(event("DTSTART;VALUE=DATE:20250101", "SUMMARY:" + "休".repeat(200)))
                .holidays(2025)).singleElement().satisfies(h -> assertThat(h.name()).hasSize(200));
        String twoLongOnOneDay = "BEGIN:VCALENDAR\r\n"
                + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nSUMMARY:" + "休".repeat(150) + "\r\nEND:VEVENT\r\n"
                + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nSUMMARY:" + "祝".repeat(150) + "\r\nEND:VEVENT\r\n"
                + "END:VCALENDAR\r\n";
        assertThat(ICalendarHolidays.parse(twoLongOnOneDay).holidays(2025)).singleElement()
                .satisfies(h -> assertThat(h.name()).hasSize(Holiday.MAX_NAME_LENGTH).endsWith("…"));
    }
}
