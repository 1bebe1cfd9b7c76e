package io.madoguchi.core.faq;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How much of what customers make grow a {@link FaqStore} keeps: the gap log holds their raw questions and the
 * learning boosts one row per (query, FAQ) they gave feedback on, so both are bounded by count and by age. Beyond
 * the count the oldest are dropped; older than the age they are dropped (and no longer read). Immutable.
 *
 * @param maxGapsPerLanguage most gap-log questions kept per tenant and language
 * @param gapMaxAge          how long a gap-log question is kept
 * @param maxBoostsPerTenant most learning boosts kept per tenant (the least recently changed dropped first)
 * @param boostMaxAge        how long a boost is kept after its last change; keep it several feedback half-lives
 *                           long, since a boost that old has decayed to nearly nothing
 */
public record FaqRetention(int maxGapsPerLanguage, Duration gapMaxAge, int maxBoostsPerTenant, Duration boostMaxAge) {

    /** The default count bound of the gap log, per tenant and language. */
    public static final int DEFAULT_MAX_GAPS = 5_000;
    /** The default age bound of the gap log. */
    public static final Duration DEFAULT_GAP_MAX_AGE = Duration.ofDays(30);
    /** The default count bound of the boosts, per tenant. */
    public static final int DEFAULT_MAX_BOOSTS = 100_000;
    /** The default age bound of the boosts (six default half-lives). */
    public static final Duration DEFAULT_BOOST_MAX_AGE = Duration.ofDays(180);

    /**
     * Validates the bounds.
     *
     * @param maxGapsPerLanguage most gap-log questions kept per tenant and language
     * @param gapMaxAge          how long a gap-log question is kept
     * @param maxBoostsPerTenant most learning boosts kept per tenant (the least recently changed dropped first)
     * @param boostMaxAge        how long a boost is kept after its last change; keep it several feedback half-lives
     *     long, since a boost that old has decayed to nearly nothing
     * @throws ValidationException listing each bound that is not positive
     * @throws NullPointerException if a duration is null
     */
    public FaqRetention {
        Objects.requireNonNull(gapMaxAge, "gapMaxAge");
        Objects.requireNonNull(boostMaxAge, "boostMaxAge");
        List<Violation> v = new ArrayList<>();
        if (maxGapsPerLanguage < 1) {
            v.add(new Violation("maxGapsPerLanguage", "must be positive, was " + maxGapsPerLanguage));
        }
        if (gapMaxAge.isNegative() || gapMaxAge.isZero()) {
            v.add(new Violation("gapMaxAge", "must be positive, was " + gapMaxAge));
        }
        if (maxBoostsPerTenant < 1) {
            v.add(new Violation("maxBoostsPerTenant", "must be positive, was " + maxBoostsPerTenant));
        }
        if (boostMaxAge.isNegative() || boostMaxAge.isZero()) {
            v.add(new Violation("boostMaxAge", "must be positive, was " + boostMaxAge));
        }
        if (!v.isEmpty()) {
            throw new ValidationException(v);
        }
    }

    /** @return the default bounds: 5,000 questions per tenant and language for 30 days, 100,000 boosts for 180 days */
    public static FaqRetention defaults() {
        return new FaqRetention(DEFAULT_MAX_GAPS, DEFAULT_GAP_MAX_AGE, DEFAULT_MAX_BOOSTS, DEFAULT_BOOST_MAX_AGE);
    }
}
