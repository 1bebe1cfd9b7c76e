package io.madoguchi.core.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks language tags (BCP 47 as used here: an ISO 639 language, then optional subtags such as a region), so that a
 * value like {@code Japanese} is refused instead of being stored and never matching {@code ja}. Stateless and
 * thread-safe.
 */
public final class LanguageTags {

    private static final Pattern SHAPE = Pattern.compile("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*");
    private static final Set<String> ISO_639_1 = Set.of(Locale.getISOLanguages());
    /** Three-letter codes of languages that have a two-letter code: {@code jpn} → {@code ja}. */
    private static final Map<String, String> TWO_LETTER = twoLetter();

    private LanguageTags() {
    }

    private static Map<String, String> twoLetter() {
        Map<String, String> m = new HashMap<>();
        for (String two : Locale.getISOLanguages()) {
            try {
                m.put(new Locale(two).getISO3Language(), two);
            } catch (java.util.MissingResourceException e) {
                // no three-letter code known for it
            }
        }
        return Map.copyOf(m);
    }

    /**
     * @param tag a language tag as given
     * @return what is wrong with it, or null when it is a language tag such as {@code ja}, {@code en-US} or
     *     {@code fil} (a three-letter code only for a language without a two-letter one)
     */
    public static @Nullable String problem(String tag) {
        if (tag.length() > 35 || !SHAPE.matcher(tag).matches()) {
            return "must be a language tag such as ja or en-US";
        }
        String primary = primary(tag);
        if (primary.length() == 2 && !ISO_639_1.contains(primary)) {
            return "must start with an ISO 639 language code such as ja or en";
        }
        if (primary.length() == 3 && TWO_LETTER.containsKey(primary)) {
            return "must use the two-letter code " + TWO_LETTER.get(primary) + " for this language";
        }
        return null;
    }

    /**
     * @param tag a language tag
     * @return its primary language subtag in lower case: {@code ja} for {@code ja-JP}
     */
    public static String primary(String tag) {
        int dash = tag.indexOf('-');
        return (dash < 0 ? tag : tag.substring(0, dash)).toLowerCase(Locale.ROOT);
    }
}
