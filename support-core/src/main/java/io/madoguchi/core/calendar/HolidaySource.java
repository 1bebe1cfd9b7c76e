package io.madoguchi.core.calendar;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import java.io.Reader;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a calendar's holidays come from (an SPI): national holiday rules, an imported iCalendar
 * file, a company's own list.
 *
 * <p>Implementations must be thread-safe and return the same list for the same year every time;
 * a calendar may cache the result.
 */
@FunctionalInterface
public interface HolidaySource {

    /**
     * The holidays of one year.
     *
     * @param year the year (proleptic ISO)
     * @return that year's holidays in date order, unmodifiable; empty if there are none
     */
    List<Holiday> holidays(int year);

    /**
     * Japanese national holidays computed from the rules of 国民の祝日に関する法律, with 振替休日 and
     * 国民の休日. See {@link JapaneseHolidays}.
     *
     * @return the shared, cached source
     */
    static HolidaySource japan() {
        return JapaneseHolidays.INSTANCE;
    }

    /**
     * A built-in national holiday source by ISO 3166 alpha-2 country code.
     *
     * @param countryCode e.g. {@code JP}; case-insensitive
     * @return the source, or empty if no holidays are built in for that country
     */
    static Optional<HolidaySource> forCountry(String countryCode) {
        requireNonNull(countryCode, "countryCode");
        return switch (countryCode.trim().toUpperCase(Locale.ROOT)) {
            case "JP", "JPN" -> Optional.of(japan());
            default -> Optional.empty();
        };
    }

    /**
     * Reads all-day events of an iCalendar (RFC 5545) file as holidays. See {@link ICalendarHolidays}.
     *
     * @param ics the file's text; the caller closes it
     * @return the source
     * @throws ValidationException naming the line if the input is not a supported iCalendar file
     */
    static HolidaySource fromICalendar(Reader ics) {
        return ICalendarHolidays.parse(ics);
    }

    /**
     * Wraps a source so that each year is computed once.
     *
     * @param source the source to cache; if it already caches, it is returned as is
     * @return a thread-safe caching source
     */
    static HolidaySource cached(HolidaySource source) {
        requireNonNull(source, "source");
        if (source instanceof CachedHolidaySource || source instanceof JapaneseHolidays) {
            return source;
        }
        return new CachedHolidaySource(source);
    }
}
