package io.madoguchi.metrics;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.feedback.Granularity;
import java.time.LocalDate;

/**
 * One slice of the KPIs: a tenant, a period in the tenant's time zone, and one value of one dimension.
 *
 * @param tenant the tenant
 * @param granularity day, week (from Monday) or month
 * @param periodStart the period's first local date
 * @param dimension what the slice is cut by
 * @param value the dimension's value ({@code ""} for {@link Dimension#ALL})
 */
public record SliceKey(TenantId tenant, Granularity granularity, LocalDate periodStart, Dimension dimension,
                       String value) {

    /**
     * @param tenant the tenant
     * @param granularity day, week (from Monday) or month
     * @param periodStart the period's first local date
     * @param dimension what the slice is cut by
     * @param value the dimension's value ({@code ""} for {@link Dimension#ALL})
     * @throws NullPointerException if a component is null
     */
    public SliceKey {
        requireNonNull(tenant, "tenant");
        requireNonNull(granularity, "granularity");
        requireNonNull(periodStart, "periodStart");
        requireNonNull(dimension, "dimension");
        requireNonNull(value, "value");
    }

    /** @return the first local date after the period */
    public LocalDate periodEnd() {
        return switch (granularity) {
            case DAY -> periodStart.plusDays(1);
            case WEEK -> periodStart.plusWeeks(1);
            case MONTH -> periodStart.plusMonths(1);
        };
    }
}
