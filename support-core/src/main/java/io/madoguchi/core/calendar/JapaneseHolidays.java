package io.madoguchi.core.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Japanese national holidays (国民の祝日) computed from the rules of 国民の祝日に関する法律 and its
 * amendments, with the Japanese name of each day.
 *
 * <p>Covers the fixed days, the Happy Monday days (2000 and 2003 changes), the vernal and autumnal
 * equinox days (approximate astronomical formula), 振替休日 (from 1973-04-12; the wider rule from
 * 2007), 国民の休日 (a day between two holidays, from 1985-12-27), and the special one-off days
 * (1959, 1989, 1990, 1993, 2019) and the Olympic moves of 2020 and 2021. Years outside
 * {@value #FIRST_YEAR}–{@value #LAST_YEAR} have no holidays (the law took effect on 1948-07-20; the
 * equinox formula is not valid after 2150). Equinox days after the Cabinet Office's published list
 * are predictions: the government fixes them each February for the following year.
 *
 * <p>Thread-safe; each year is computed once and cached.
 */
public final class JapaneseHolidays implements HolidaySource {

    /** The first year with holidays: the law took effect on 1948-07-20. */
    public static final int FIRST_YEAR = 1948;

    /** The last year computed. */
    public static final int LAST_YEAR = 2150;

    static final JapaneseHolidays INSTANCE = new JapaneseHolidays();

    private static final LocalDate LAW_IN_FORCE = LocalDate.of(1948, 7, 20);
    private static final LocalDate SUBSTITUTE_FROM = LocalDate.of(1973, 4, 12);
    private static final LocalDate CITIZENS_HOLIDAY_FROM = LocalDate.of(1985, 12, 27);
    private static final String SUBSTITUTE = "振替休日";
    private static final String CITIZENS_HOLIDAY = "国民の休日";

    private final AtomicReferenceArray<List<Holiday>> cache =
            new AtomicReferenceArray<>(LAST_YEAR - FIRST_YEAR + 1);

    private JapaneseHolidays() {
    }

    /**
     * @return the shared instance
     */
    public static JapaneseHolidays instance() {
        return INSTANCE;
    }

    @Override
    public List<Holiday> holidays(int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            return List.of();
        }
        int index = year - FIRST_YEAR;
        List<Holiday> list = cache.get(index);
        if (list == null) {
            list = compute(year);
            cache.compareAndSet(index, null, list);
        }
        return list;
    }

    private static List<Holiday> compute(int y) {
        TreeMap<LocalDate, String> days = nationalHolidays(y);
        days.headMap(LAW_IN_FORCE).clear();
        addSubstituteHolidays(days);
        addCitizensHolidays(days);
        List<Holiday> list = new ArrayList<>(days.size());
        for (Map.Entry<LocalDate, String> e : days.entrySet()) {
            list.add(new Holiday(e.getKey(), e.getValue()));
        }
        return List.copyOf(list);
    }

    /** The 国民の祝日 proper (and the one-off days treated as such), without 振替休日 and 国民の休日. */
    private static TreeMap<LocalDate, String> nationalHolidays(int y) {
        TreeMap<LocalDate, String> d = new TreeMap<>();
        d.put(LocalDate.of(y, 1, 1), "元日");
        d.put(y >= 2000 ? nthMonday(y, Month.JANUARY, 2) : LocalDate.of(y, 1, 15), "成人の日");
        if (y >= 1967) {
            d.put(LocalDate.of(y, 2, 11), "建国記念の日");
        }
        if (y >= 2020) {
            d.put(LocalDate.of(y, 2, 23), "天皇誕生日");
        }
        d.put(LocalDate.of(y, 3, vernalEquinoxDay(y)), "春分の日");
        if (y <= 1988) {
            d.put(LocalDate.of(y, 4, 29), "天皇誕生日");
        } else if (y <= 2006) {
            d.put(LocalDate.of(y, 4, 29), "みどりの日");
        } else {
            d.put(LocalDate.of(y, 4, 29), "昭和の日");
            d.put(LocalDate.of(y, 5, 4), "みどりの日");
        }
        d.put(LocalDate.of(y, 5, 3), "憲法記念日");
        d.put(LocalDate.of(y, 5, 5), "こどもの日");
        if (y == 2020) {
            d.put(LocalDate.of(y, 7, 23), "海の日");
        } else if (y == 2021) {
            d.put(LocalDate.of(y, 7, 22), "海の日");
        } else if (y >= 2003) {
            d.put(nthMonday(y, Month.JULY, 3), "海の日");
        } else if (y >= 1996) {
            d.put(LocalDate.of(y, 7, 20), "海の日");
        }
        if (y == 2020) {
            d.put(LocalDate.of(y, 8, 10), "山の日");
        } else if (y == 2021) {
            d.put(LocalDate.of(y, 8, 8), "山の日");
        } else if (y >= 2016) {
            d.put(LocalDate.of(y, 8, 11), "山の日");
        }
        if (y >= 2003) {
            d.put(nthMonday(y, Month.SEPTEMBER, 3), "敬老の日");
        } else if (y >= 1966) {
            d.put(LocalDate.of(y, 9, 15), "敬老の日");
        }
        d.put(LocalDate.of(y, 9, autumnalEquinoxDay(y)), "秋分の日");
        if (y == 2020) {
            d.put(LocalDate.of(y, 7, 24), "スポーツの日");
        } else if (y == 2021) {
            d.put(LocalDate.of(y, 7, 23), "スポーツの日");
        } else if (y >= 2020) {
            d.put(nthMonday(y, Month.OCTOBER, 2), "スポーツの日");
        } else if (y >= 2000) {
            d.put(nthMonday(y, Month.OCTOBER, 2), "体育の日");
        } else if (y >= 1966) {
            d.put(LocalDate.of(y, 10, 10), "体育の日");
        }
        d.put(LocalDate.of(y, 11, 3), "文化の日");
        d.put(LocalDate.of(y, 11, 23), "勤労感謝の日");
        if (y >= 1989 && y <= 2018) {
            d.put(LocalDate.of(y, 12, 23), "天皇誕生日");
        }
        switch (y) {
            case 1959 -> d.put(LocalDate.of(1959, 4, 10), "皇太子明仁親王の結婚の儀");
            case 1989 -> d.put(LocalDate.of(1989, 2, 24), "昭和天皇の大喪の礼");
            case 1990 -> d.put(LocalDate.of(1990, 11, 12), "即位礼正殿の儀");
            case 1993 -> d.put(LocalDate.of(1993, 6, 9), "皇太子徳仁親王の結婚の儀");
            case 2019 -> {
                d.put(LocalDate.of(2019, 5, 1), "天皇の即位の日");
                d.put(LocalDate.of(2019, 10, 22), "即位礼正殿の儀");
            }
            default -> {
                // no one-off holiday this year
            }
        }
        return d;
    }

    /**
     * 振替休日: a holiday on a Sunday (from 1973-04-12) makes the next day a holiday; from 2007 the
     * next day that is not itself a national holiday.
     */
    private static void addSubstituteHolidays(TreeMap<LocalDate, String> days) {
        List<LocalDate> sundays = new ArrayList<>();
        for (LocalDate date : days.keySet()) {
            if (date.getDayOfWeek() == DayOfWeek.SUNDAY && !date.isBefore(SUBSTITUTE_FROM)) {
                sundays.add(date);
            }
        }
        for (LocalDate sunday : sundays) {
            LocalDate next = sunday.plusDays(1);
            if (sunday.getYear() >= 2007) {
                while (days.containsKey(next)) {
                    next = next.plusDays(1);
                }
                days.put(next, SUBSTITUTE);
            } else if (!days.containsKey(next)) {
                days.put(next, SUBSTITUTE);
            }
        }
    }

    /**
     * 国民の休日 (from 1985-12-27): a day that is not a holiday (nor, before 2007, a Sunday) whose
     * previous and next days are both national holidays.
     */
    private static void addCitizensHolidays(TreeMap<LocalDate, String> days) {
        List<LocalDate> between = new ArrayList<>();
        for (Map.Entry<LocalDate, String> e : days.entrySet()) {
            LocalDate candidate = e.getKey().plusDays(1);
            String next = days.get(candidate.plusDays(1));
            if (isNational(e.getValue()) && next != null && isNational(next)
                    && !days.containsKey(candidate)
                    && !candidate.isBefore(CITIZENS_HOLIDAY_FROM)
                    && (candidate.getYear() >= 2007 || candidate.getDayOfWeek() != DayOfWeek.SUNDAY)) {
                between.add(candidate);
            }
        }
        between.forEach(date -> days.put(date, CITIZENS_HOLIDAY));
    }

    private static boolean isNational(String name) {
        return !SUBSTITUTE.equals(name) && !CITIZENS_HOLIDAY.equals(name);
    }

    private static LocalDate nthMonday(int year, Month month, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, DayOfWeek.MONDAY));
    }

    /**
     * Day of March of the vernal equinox: {@code floor(c + 0.242194 (y - 1980) - leapDays)}, with
     * {@code c} = 20.8357 (until 1979), 20.8431 (1980–2099), 21.8510 (2100–2150).
     */
    static int vernalEquinoxDay(int y) {
        return equinoxDay(y, 20.8357, 20.8431, 21.8510);
    }

    /**
     * Day of September of the autumnal equinox, like {@link #vernalEquinoxDay(int)} with
     * {@code c} = 23.2588 (until 1979), 23.2488 (1980–2099), 24.2488 (2100–2150).
     */
    static int autumnalEquinoxDay(int y) {
        return equinoxDay(y, 23.2588, 23.2488, 24.2488);
    }

    private static int equinoxDay(int y, double until1979, double until2099, double until2150) {
        if (y <= 1979) {
            // the published form truncates (y - 1983) / 4 toward zero, as Java's int division does
            return (int) Math.floor(until1979 + 0.242194 * (y - 1980) - (y - 1983) / 4);
        }
        double c = y <= 2099 ? until2099 : until2150;
        return (int) Math.floor(c + 0.242194 * (y - 1980) - (y - 1980) / 4);
    }
}
