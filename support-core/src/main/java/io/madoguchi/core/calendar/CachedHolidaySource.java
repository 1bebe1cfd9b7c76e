package io.madoguchi.core.calendar;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Computes each year of a delegate source once; thread-safe. */
final class CachedHolidaySource implements HolidaySource {

    private final HolidaySource delegate;
    private final ConcurrentMap<Integer, List<Holiday>> years = new ConcurrentHashMap<>();

    CachedHolidaySource(HolidaySource delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<Holiday> holidays(int year) {
        return years.computeIfAbsent(year, y -> List.copyOf(delegate.holidays(y)));
    }
}
