package io.madoguchi.core.store;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text folding as the desk matches text (SPI helper for stores): NFKC (full/half width, compatibility forms) then
 * lower case, so 「ﾊﾟｽﾜｰﾄﾞ」 finds 「パスワード」 and "ＡＢＣ" finds "abc". A store's text search and tag filters must
 * fold both sides with it to behave like the in-memory store. Stateless and thread-safe.
 */
public final class TextFolding {

    private TextFolding() {
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
