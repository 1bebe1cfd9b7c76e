package io.madoguchi.core.faq.internal;

import io.madoguchi.core.ValidationException;

/** Validation of user-supplied text: blank, length and control characters. */
public final class TextChecks {

    private TextChecks() {
    }

    /**
     * Checks a text value.
     *
     * @param field      field name used in the error
     * @param value      the value
     * @param maxLength  longest accepted length in chars
     * @param allowBlank whether an empty or blank value is accepted
     * @throws ValidationException naming the field when the value is invalid
     */
    public static void requireText(String field, String value, int maxLength, boolean allowBlank) {
        if (!allowBlank && value.isBlank()) {
            throw ValidationException.of(field, "must not be blank");
        }
        if (value.length() > maxLength) {
            throw ValidationException.of(field, "must be at most " + maxLength + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                throw ValidationException.of(field,
                    "must not contain control characters, found U+" + String.format("%04X", (int) c) + " at index " + i);
            }
        }
    }
}
