package io.madoguchi.core.ticket;

import static java.util.Objects.requireNonNull;

/**
 * One field changed by one step, as text. Immutable and thread-safe. {@link #toString()} shows the values of
 * built-in fields but only the length of a custom field's values, which may be personal data.
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

    /**
     * Describes the change without a custom field's values (they may be personal data): for a field named
     * {@code customFields.*} only each value's length is shown.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        if (field.startsWith("customFields.")) {
            return "FieldChange[" + field + ": " + oldValue.length() + " chars -> " + newValue.length() + " chars]";
        }
        return "FieldChange[" + field + ": " + oldValue + " -> " + newValue + "]";
    }
}
