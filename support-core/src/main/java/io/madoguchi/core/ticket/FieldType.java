package io.madoguchi.core.ticket;

/** The type of a custom field, and the Java type its values have on a {@link Ticket}. Immutable and thread-safe. */
public enum FieldType {
    /** One line of text ({@code String}). */
    TEXT,
    /** Several lines of text ({@code String}). */
    MULTILINE,
    /** A decimal number ({@code java.math.BigDecimal}); accepts numbers and numeric text. */
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
