package io.madoguchi.metrics;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Percentiles of a duration KPI, from an HdrHistogram of whole seconds with two significant digits (values are
 * exact below 256 s and within 1% above).
 *
 * @param n how many durations were measured
 * @param p50 the median; null when n = 0
 * @param p90 the 90th percentile; null when n = 0
 * @param p99 the 99th percentile; null when n = 0
 */
public record DurationStats(long n, @Nullable Duration p50, @Nullable Duration p90, @Nullable Duration p99) {

    /** No measurements. */
    public static final DurationStats EMPTY = new DurationStats(0, null, null, null);
}
