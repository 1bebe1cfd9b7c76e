package io.madoguchi.metrics;

import org.jspecify.annotations.Nullable;

/**
 * A count out of a base, such as reopened out of solved tickets.
 *
 * @param count how many had the property
 * @param base how many could have had it
 * @param percent {@code 100 × count / base}; null when the base is 0
 */
public record Ratio(long count, long base, @Nullable Double percent) {

    /**
     * @param count how many had the property
     * @param base how many could have had it
     * @return the ratio
     */
    public static Ratio of(long count, long base) {
        return new Ratio(count, base, base == 0 ? null : 100.0 * count / base);
    }
}
