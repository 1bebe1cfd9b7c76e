package io.madoguchi.core.faq.internal;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.internal.Text;

/** Validation of user-supplied text: blank, length and control characters. Stateless and thread-safe. */
public final class TextChecks {

    private TextChecks() {
    }

    /**
     * Checks text that is stored and shown (FAQ fields, synonyms): besides blank and length, {@link Text#problem}
     * with line breaks and tab allowed (no other C0 or C1 control, lone surrogate or bidirectional control).
     *
     * @param field      field name used in the error
     * @param value      the value
     * @param maxLength  longest accepted length in chars
     * @param allowBlank whether an empty or blank value is accepted
     * @throws ValidationException naming the field when the value is invalid
     */
    public static void requireText(String field, String value, int maxLength, boolean allowBlank) {
        checkBlankAndLength(field, value, maxLength, allowBlank);
        if (value.isBlank()) {
            return;
        }
        String problem = Text.problem(value, true);
        if (problem != null) {
            throw ValidationException.of(field, problem);
        }
    }

    /**
     * Checks a query, which is matched but never stored or shown: besides blank and length, C0 controls other than
     * tab and line breaks (and DEL) are refused; C1 controls (U+0080–U+009F, such as the NEL of text converted from
     * legacy encodings), lone surrogates (a text cut in the middle of a pair) and other format characters are accepted
     * and separate words like spaces do, so a customer's message never makes the matcher (or the bot) fail.
     *
     * @param field      field name used in the error
     * @param value      the value
     * @param maxLength  longest accepted length in chars
     * @throws ValidationException naming the field when the value is blank, too long or has a C0 control
     */
    public static void requireQuery(String field, String value, int maxLength) {
        checkBlankAndLength(field, value, maxLength, false);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 || c == 0x7F) && c != '\n' && c != '\r' && c != '\t') {
                throw ValidationException.of(field,
                    "must not contain control characters, found U+" + String.format("%04X", (int) c)
                        + " at index " + i);
            }
        }
    }

    private static void checkBlankAndLength(String field, String value, int maxLength, boolean allowBlank) {
        if (!allowBlank && value.isBlank()) {
            throw ValidationException.of(field, "must not be blank");
        }
        if (value.length() > maxLength) {
            throw ValidationException.of(field, "must be at most " + maxLength + " characters, was " + value.length());
        }
    }
}
