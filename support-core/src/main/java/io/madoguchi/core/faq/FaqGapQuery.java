package io.madoguchi.core.faq;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the gap log: a customer's question that no FAQ answered well enough, with its key terms, for the
 * {@link FaqMatcher#gapReport gap report}. It holds the customer's raw text: stores keep it only within their
 * retention bounds ({@link FaqRetention}), and it must never be logged. Immutable and thread-safe.
 *
 * @param tenant   the tenant
 * @param language the question's language, {@code ja} or {@code en}
 * @param text     the question, at most {@value #MAX_TEXT_LENGTH} characters (the matcher keeps the start of a
 *                 longer one)
 * @param terms    its analysed key terms, at most {@value #MAX_TERMS}, at least one
 * @param at       when it was asked, truncated to microseconds
 */
public record FaqGapQuery(TenantId tenant, String language, String text, List<String> terms, Instant at) {

    /** Longest question text kept. */
    public static final int MAX_TEXT_LENGTH = 500;
    /** Most terms kept per question. */
    public static final int MAX_TERMS = 30;

    /**
     * Validates, copies the terms and truncates the instant to microseconds.
     *
     * @param tenant   the tenant
     * @param language the question's language, {@code ja} or {@code en}
     * @param text     the question, at most {@value #MAX_TEXT_LENGTH} characters (the matcher keeps the start of a
     *     longer one)
     * @param terms    its analysed key terms, at most {@value #MAX_TERMS}, at least one
     * @param at       when it was asked, truncated to microseconds
     * @throws ValidationException naming {@code language}, {@code text} or {@code terms} when invalid
     * @throws NullPointerException if a component is null
     */
    public FaqGapQuery {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
        FaqStore.checkLanguage(language);
        terms = List.copyOf(terms);
        if (text.isBlank() || text.length() > MAX_TEXT_LENGTH) {
            throw ValidationException.of("text", "must be 1 to " + MAX_TEXT_LENGTH + " characters, was "
                + text.length());
        }
        if (terms.isEmpty() || terms.size() > MAX_TERMS) {
            throw ValidationException.of("terms", "must hold 1 to " + MAX_TERMS + " terms, held " + terms.size());
        }
        for (int i = 0; i < terms.size(); i++) {
            if (terms.get(i).isEmpty() || terms.get(i).length() > 200) {
                throw ValidationException.of("terms[" + i + "]", "must be 1 to 200 characters");
            }
        }
        at = at.truncatedTo(ChronoUnit.MICROS);
    }

    /** @return the record without the customer's text */
    @Override
    public String toString() {
        return "FaqGapQuery[tenant=" + tenant + ", language=" + language + ", terms=" + terms.size() + ", at=" + at
            + "]";
    }
}
