package io.madoguchi.core.ticket;

/** The type of a custom field, and the Java type its values have on a {@link Ticket}. Immutable and thread-safe. */
public enum FieldType {
    /** One line of visible text without control characters ({@code String}). */
    TEXT,
    /** Several lines of visible text; tab and line breaks are the only control characters allowed ({@code String}). */
    MULTILINE,
    /**
     * A decimal number ({@code java.math.BigDecimal}); accepts finite numbers and numeric text with at most 34 digits
     * before and 34 after the decimal point ({@code 1e999999999} is refused).
     */
    NUMBER,
    /** A whole number ({@code Long}); accepts integral numbers and text. */
    INTEGER,
    /** A calendar date ({@code java.time.LocalDate}); accepts ISO-8601 text ({@code 2026-11-24}). */
    DATE,
    /** Yes or no ({@code Boolean}); accepts {@code true}/{@code false} text. */
    CHECKBOX,
    /** One of the definition's options ({@code String}). */
    DROPDOWN
}
