package io.madoguchi.core.feedback;

import io.madoguchi.core.ValidationException;
import java.util.Locale;

/**
 * A text shown to customers, in Japanese and English.
 *
 * @param ja the Japanese text, not blank
 * @param en the English text, not blank
 */
public record LocalizedText(String ja, String en) {

    /**
     * @param ja the Japanese text, not blank
     * @param en the English text, not blank
     * @throws ValidationException if a text is null or blank
     */
    public LocalizedText {
        if (ja == null || ja.isBlank()) {
            throw ValidationException.of("text.ja", "must not be blank");
        }
        if (en == null || en.isBlank()) {
            throw ValidationException.of("text.en", "must not be blank");
        }
    }

    /**
     * @param locale the customer's locale
     * @return the Japanese text for Japanese locales, the English text otherwise
     */
    public String in(Locale locale) {
        return "ja".equals(locale.getLanguage()) ? ja : en;
    }
}
