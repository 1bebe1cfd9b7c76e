package io.madoguchi.core.faq;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A learned ranking boost: how much "did this answer help?" feedback raised (or lowered) one FAQ for one
 * normalized query, as of the last feedback. Immutable and thread-safe.
 *
 * @param tenant   the tenant
 * @param language the query language, {@code ja} or {@code en}
 * @param queryKey the normalized query terms (at most {@value #MAX_QUERY_KEY_LENGTH} characters), or empty for the
 *                 boost of the FAQ whatever the query
 * @param faqId    the FAQ
 * @param value    the boost at {@code at}, before decay
 * @param at       when the boost was last changed, truncated to microseconds
 */
public record FaqBoost(TenantId tenant, String language, String queryKey, String faqId, double value, Instant at) {

    /** Longest query key; the matcher replaces longer ones by a digest. */
    public static final int MAX_QUERY_KEY_LENGTH = 200;

    /**
     * Validates the key and truncates the instant to microseconds.
     *
     * @param tenant   the tenant
     * @param language the query language, {@code ja} or {@code en}
     * @param queryKey the normalized query terms (at most {@value #MAX_QUERY_KEY_LENGTH} characters), or empty for the
     *     boost of the FAQ whatever the query
     * @param faqId    the FAQ
     * @param value    the boost at {@code at}, before decay
     * @param at       when the boost was last changed, truncated to microseconds
     * @throws ValidationException naming {@code language}, {@code queryKey}, {@code faqId} or {@code value} when
     *                             invalid
     * @throws NullPointerException if a component is null
     */
    public FaqBoost {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(queryKey, "queryKey");
        Objects.requireNonNull(faqId, "faqId");
        Objects.requireNonNull(at, "at");
        FaqStore.checkLanguage(language);
        if (queryKey.length() > MAX_QUERY_KEY_LENGTH) {
            throw ValidationException.of("queryKey", "must be at most " + MAX_QUERY_KEY_LENGTH + " characters, was "
                + queryKey.length());
        }
        if (faqId.isBlank() || faqId.length() > 200) {
            throw ValidationException.of("faqId", "must be 1 to 200 characters");
        }
        if (!Double.isFinite(value)) {
            throw ValidationException.of("value", "must be finite, was " + value);
        }
        at = at.truncatedTo(ChronoUnit.MICROS);
    }
}
