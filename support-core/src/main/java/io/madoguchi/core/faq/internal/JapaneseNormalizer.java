package io.madoguchi.core.faq.internal;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text normalization a Japanese reader expects: NFKC (full-width Latin and digits to ASCII, half-width
 * kana to full-width), lower case, and for folding: katakana to hiragana, long vowel marks dropped,
 * the iteration mark 々 expanded.
 */
public final class JapaneseNormalizer {

    private JapaneseNormalizer() {
    }

    /**
     * NFKC and lower case; keeps kana as written (for the morphological analyzer).
     *
     * @param text the text
     * @return the normalized text
     */
    public static String nfkc(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /**
     * Folds kana variants: katakana to hiragana, drops long vowel marks and expands 々; keeps only
     * letters and digits.
     *
     * @param text NFKC-normalized text
     * @return the folded text
     */
    public static String fold(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '\u30A1' && c <= '\u30F6') {
                sb.append((char) (c - 0x60));
            } else if (c == 'ー' || c == '〜' || c == '～') {
                continue;
            } else if (c == '々' || c == 'ゝ' || c == 'ヽ') {
                if (sb.length() > 0) {
                    sb.append(sb.charAt(sb.length() - 1));
                }
            } else if (Character.isLetterOrDigit(c)) {
                sb.append(c);
            } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
                sb.append(' ');
            }
        }
        return sb.toString().trim();
    }

    /**
     * Writes katakana as hiragana, keeping every other character (long vowel marks too), so that positions
     * in the text do not change.
     *
     * @param text NFKC-normalized text
     * @return the text with hiragana for katakana
     */
    public static String hiragana(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c >= '\u30A1' && c <= '\u30F6' ? (char) (c - 0x60) : c);
        }
        return sb.toString();
    }
}
