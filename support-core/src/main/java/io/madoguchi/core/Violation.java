package io.madoguchi.core;

import static java.util.Objects.requireNonNull;

/**
 * One problem with one field of an input.
 *
 * @param field the path of the field, for example {@code subject} or {@code customFields.order_no}
 * @param message what is wrong with it, for example {@code must not be blank}
 */
public record Violation(String field, String message) {

    /**
     * @param field the path of the field, for example {@code subject} or {@code customFields.order_no}
     * @param message what is wrong with it, for example {@code must not be blank}
     * @throws NullPointerException if an argument is null
     */
    public Violation {
        requireNonNull(field, "field");
        requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
