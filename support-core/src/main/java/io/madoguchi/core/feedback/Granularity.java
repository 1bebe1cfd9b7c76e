package io.madoguchi.core.feedback;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/** Period length for aggregates, in the tenant's time zone. */
public enum Granularity {
    /** Calendar days. */
    DAY,
    /** ISO weeks starting on Monday. */
    WEEK,
    /** Calendar months. */
    MONTH;

    /**
     * @param date a local date
     * @return the first day of the period containing it
     */
    public LocalDate periodStart(LocalDate date) {
        return switch (this) {
            case DAY -> date;
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> date.withDayOfMonth(1);
        };
    }
}
