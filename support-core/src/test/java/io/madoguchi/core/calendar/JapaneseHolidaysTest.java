package io.madoguchi.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Known answers from the Cabinet Office list (内閣府「国民の祝日について」, 1955–2026) and the law's rules. */
class JapaneseHolidaysTest {

    private final HolidaySource japan = HolidaySource.japan();

    private Map<LocalDate, String> year(int year) {
        return japan.holidays(year).stream()
                .collect(Collectors.toMap(Holiday::date, Holiday::name, (a, b) -> a, TreeMap::new));
    }

    private static Map<LocalDate, String> expected(int year, String table) {
        Map<LocalDate, String> map = new TreeMap<>();
        for (String entry : table.strip().split("\\s*\\n\\s*")) {
            String[] parts = entry.split("\\s+");
            String[] md = parts[0].split("/");
            map.put(LocalDate.of(year, Integer.parseInt(md[0]), Integer.parseInt(md[1])), parts[1]);
        }
        return map;
    }

    @Test
    void year2019HasTheEnthronementHolidaysAndTheTenDayGoldenWeek() {
        assertThat(year(2019)).containsExactlyEntriesOf(expected(2019, """
                1/1 元日
                1/14 成人の日
                2/11 建国記念の日
                3/21 春分の日
                4/29 昭和の日
                4/30 国民の休日
                5/1 天皇の即位の日
                5/2 国民の休日
                5/3 憲法記念日
                5/4 みどりの日
                5/5 こどもの日
                5/6 振替休日
                7/15 海の日
                8/11 山の日
                8/12 振替休日
                9/16 敬老の日
                9/23 秋分の日
                10/14 体育の日
                10/22 即位礼正殿の儀
                11/3 文化の日
                11/4 振替休日
                11/23 勤労感謝の日
                """));
    }

    @Test
    void year2020MovesHolidaysForTheOlympicsAndHasNoDecemberEmperorsBirthday() {
        assertThat(year(2020)).containsExactlyEntriesOf(expected(2020, """
                1/1 元日
                1/13 成人の日
                2/11 建国記念の日
                2/23 天皇誕生日
                2/24 振替休日
                3/20 春分の日
                4/29 昭和の日
                5/3 憲法記念日
                5/4 みどりの日
                5/5 こどもの日
                5/6 振替休日
                7/23 海の日
                7/24 スポーツの日
                8/10 山の日
                9/21 敬老の日
                9/22 秋分の日
                11/3 文化の日
                11/23 勤労感謝の日
                """));
    }

    @Test
    void year2021MovesHolidaysForThePostponedOlympics() {
        assertThat(year(2021)).containsExactlyEntriesOf(expected(2021, """
                1/1 元日
                1/11 成人の日
                2/11 建国記念の日
                2/23 天皇誕生日
                3/20 春分の日
                4/29 昭和の日
                5/3 憲法記念日
                5/4 みどりの日
                5/5 こどもの日
                7/22 海の日
                7/23 スポーツの日
                8/8 山の日
                8/9 振替休日
                9/20 敬老の日
                9/23 秋分の日
                11/3 文化の日
                11/23 勤労感謝の日
                """));
    }

    @Test
    void year2024() {
        assertThat(year(2024)).containsExactlyEntriesOf(expected(2024, """
                1/1 元日
                1/8 成人の日
                2/11 建国記念の日
                2/12 振替休日
                2/23 天皇誕生日
                3/20 春分の日
                4/29 昭和の日
                5/3 憲法記念日
                5/4 みどりの日
                5/5 こどもの日
                5/6 振替休日
                7/15 海の日
                8/11 山の日
                8/12 振替休日
                9/16 敬老の日
                9/22 秋分の日
                9/23 振替休日
                10/14 スポーツの日
                11/3 文化の日
                11/4 振替休日
                11/23 勤労感謝の日
                """));
    }

    @Test
    void year2025() {
        assertThat(year(2025)).containsExactlyEntriesOf(expected(2025, """
                1/1 元日
                1/13 成人の日
                2/11 建国記念の日
                2/23 天皇誕生日
                2/24 振替休日
                3/20 春分の日
                4/29 昭和の日
                5/3 憲法記念日
                5/4 みどりの日
                5/5 こどもの日
                5/6 振替休日
                7/21 海の日
                8/11 山の日
                9/15 敬老の日
                9/23 秋分の日
                10/13 スポーツの日
                11/3 文化の日
                11/23 勤労感謝の日
                11/24 振替休日
                """));
    }

    @Test
    void year2026HasASilverWeekCitizensHoliday() {
        assertThat(year(2026)).containsExactlyEntriesOf(expected(2026, """
                1/1 元日
                1/12 成人の日
                2/11 建国記念の日
                2/23 天皇誕生日
                3/20 春分の日
                4/29 昭和の日
                5/3 憲法記念日
                5/4 みどりの日
                5/5 こどもの日
                5/6 振替休日
                7/20 海の日
                8/11 山の日
                9/21 敬老の日
                9/22 国民の休日
                9/23 秋分の日
                10/12 スポーツの日
                11/3 文化の日
                11/23 勤労感謝の日
                """));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "1959-04-10, 皇太子明仁親王の結婚の儀",
        "1966-09-15, 敬老の日",
        "1966-10-10, 体育の日",
        "1967-02-11, 建国記念の日",
        "1970-03-21, 春分の日",
        "1973-04-30, 振替休日",
        "1979-09-24, 秋分の日",
        "1987-05-04, 振替休日",
        "1988-04-29, 天皇誕生日",
        "1988-05-04, 国民の休日",
        "1989-02-24, 昭和天皇の大喪の礼",
        "1989-04-29, みどりの日",
        "1989-12-23, 天皇誕生日",
        "1990-11-12, 即位礼正殿の儀",
        "1993-06-09, 皇太子徳仁親王の結婚の儀",
        "1996-07-20, 海の日",
        "1997-07-21, 振替休日",
        "1999-01-15, 成人の日",
        "1999-10-11, 振替休日",
        "2000-01-10, 成人の日",
        "2000-10-09, 体育の日",
        "2002-07-20, 海の日",
        "2003-07-21, 海の日",
        "2003-09-15, 敬老の日",
        "2006-05-04, 国民の休日",
        "2007-04-30, 振替休日",
        "2007-05-04, みどりの日",
        "2008-05-06, 振替休日",
        "2009-09-22, 国民の休日",
        "2012-03-20, 春分の日",
        "2015-09-22, 国民の休日",
        "2016-08-11, 山の日",
        "2018-12-24, 振替休日",
        "2019-10-14, 体育の日",
        "2020-10-12, ", // moved to 7/24 for the Olympics
        "2022-10-10, スポーツの日",
        "2023-01-02, 振替休日",
        "2032-09-21, 国民の休日",
        "2033-03-20, 春分の日",
        "2033-09-23, 秋分の日",
        "2037-09-22, 国民の休日",
        "2050-03-20, 春分の日",
    })
    void knownDays(LocalDate date, String name) {
        Map<LocalDate, String> holidays = year(date.getYear());
        if (name == null) {
            assertThat(holidays).doesNotContainKey(date);
        } else {
            assertThat(holidays).containsEntry(date, name);
        }
    }

    @ParameterizedTest(name = "{0} is not a holiday")
    @CsvSource({
        "1973-02-12", // 2/11 was a Sunday, before 振替休日 existed (1973-04-12)
        "1986-05-04", // a Sunday between two holidays is no 国民の休日
        "2019-12-23", // no 天皇誕生日 in 2019
        "2019-02-23",
        "2020-07-20", // 海の日 moved to 7/23
        "2020-08-11", // 山の日 moved to 8/10
        "2015-08-11", // 山の日 starts in 2016
        "2033-09-22",
        "1948-05-05", // the law took effect on 1948-07-20
    })
    void notHolidays(LocalDate date) {
        assertThat(year(date.getYear())).doesNotContainKey(date);
    }

    @ParameterizedTest(name = "{0}: vernal March {1}, autumnal September {2}")
    @CsvSource({
        "1970, 21, 23", "1975, 21, 24", "1980, 20, 23", "1984, 20, 23", "1990, 21, 23", "1995, 21, 23",
        "2000, 20, 23", "2004, 20, 23", "2010, 21, 23", "2011, 21, 23", "2012, 20, 22", "2016, 20, 22",
        "2017, 20, 23", "2019, 21, 23", "2023, 21, 23", "2025, 20, 23", "2026, 20, 23", "2030, 20, 23",
        "2044, 20, 22", "2048, 20, 22",
    })
    void equinoxDays(int year, int vernal, int autumnal) {
        assertThat(JapaneseHolidays.vernalEquinoxDay(year)).isEqualTo(vernal);
        assertThat(JapaneseHolidays.autumnalEquinoxDay(year)).isEqualTo(autumnal);
    }

    @Test
    void everySubstituteHolidayFollowsASundayHolidayAndEveryCitizensHolidayLiesBetweenTwoHolidays() {
        for (int y = 1970; y <= 2050; y++) {
            Map<LocalDate, String> days = year(y);
            days.forEach((date, name) -> {
                if (name.equals("振替休日")) {
                    LocalDate d = date.minusDays(1);
                    while (days.containsKey(d) && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                        d = d.minusDays(1);
                    }
                    assertThat(d.getDayOfWeek()).as("%s", date).isEqualTo(DayOfWeek.SUNDAY);
                    assertThat(days).as("%s", date).containsKey(d);
                } else if (name.equals("国民の休日")) {
                    assertThat(days).as("%s", date).containsKeys(date.minusDays(1), date.plusDays(1));
                } else if (!date.isBefore(LocalDate.of(2007, 1, 1)) && date.getDayOfWeek() == DayOfWeek.SUNDAY) {
                    LocalDate next = date.plusDays(1);
                    while (days.containsKey(next) && !days.get(next).equals("振替休日")) {
                        next = next.plusDays(1);
                    }
                    assertThat(days.get(next)).as("substitute for %s", date).isEqualTo("振替休日");
                }
            });
        }
    }

    @Test
    void everyYearFrom1970To2050HasBetween12And23HolidaysInDateOrder() {
        IntStream.rangeClosed(1970, 2050).forEach(y -> {
            List<Holiday> list = japan.holidays(y);
            assertThat(list).as("%d", y).hasSizeBetween(12, 23).isSorted();
            assertThat(list).allSatisfy(h -> assertThat(h.date().getYear()).isEqualTo(y));
        });
    }

    @Test
    void yearsOutsideTheLawHaveNoHolidays() {
        assertThat(japan.holidays(1900)).isEmpty();
        assertThat(japan.holidays(JapaneseHolidays.LAST_YEAR + 1)).isEmpty();
        assertThat(japan.holidays(1948)).extracting(Holiday::name).containsExactly("秋分の日", "文化の日", "勤労感謝の日");
    }

    @Test
    void resultsAreCachedAndUnmodifiable() {
        assertThat(japan.holidays(2025)).isSameAs(japan.holidays(2025));
        assertThat(HolidaySource.cached(japan)).isSameAs(japan);
        assertThat(HolidaySource.forCountry("jp")).containsSame(japan);
        assertThat(HolidaySource.forCountry("XX")).isEmpty();
    }
}
