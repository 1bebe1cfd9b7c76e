package io.madoguchi.core.ticket;

import static java.util.Objects.requireNonNull;

/**
 * One field changed by one step, as text. Immutable and thread-safe.
 *
 * @param field the field, for example {@code status} or {@code customFields.order_no}
 * @param oldValue the value before, empty when there was none
 * @param newValue the value after, empty when there is none
 */
public record FieldChange(String field, String oldValue, String newValue) {

    /**
     * @param field the field, for example {@code status} or {@code customFields.order_no}
     * @param oldValue the value before, empty when there was none
     * @param newValue the value after, empty when there is none
     * @throws NullPointerException if an argument is null
     */
    public FieldChange {
        requireNonNull(field, "field");
        requireNonNull(oldValue, "oldValue");
        requireNonNull(newValue, "newValue");
    }
}
