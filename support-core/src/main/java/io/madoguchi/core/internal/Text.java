package io.madoguchi.core.internal;

import java.text.Normalizer;
import java.util.Locale;

/** Text folding for matching: NFKC (full/half width, compatibility forms) then lower case. Stateless and thread-safe. */
public final class Text {

    private Text() {
    }

    /**
     * @param s text
     * @return the folded text
     */
    public static String fold(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        String n = ascii ? s : Normalizer.normalize(s, Normalizer.Form.NFKC);
        return n.toLowerCase(Locale.ROOT);
    }

    /**
     * @param tag a tag as typed
     * @return the stored form: NFKC, lower case, trimmed
     */
    public static String tag(String tag) {
        return fold(tag).strip();
    }
}
