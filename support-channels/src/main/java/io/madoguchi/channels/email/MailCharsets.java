package io.madoguchi.channels.email;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Decodes mail text the way Japanese mailers meant it. A label of {@code ISO-2022-JP} is read with the Microsoft
 * family ({@code x-windows-iso2022jp}, which knows NEC row 13 such as ①, ㈱ and the IBM extensions such as 髙 as
 * Windows mailers write them); where that leaves a character undecoded the CP50220 decoder ({@code x-windows-50220},
 * which also reads JIS X 0212 as some Mac mailers write it) is tried and the result with fewer U+FFFD wins. Java's
 * plain {@code ISO-2022-JP} turns ① and ㈱ into U+FFFD, so it is never used. {@code Shift_JIS} and its aliases are read
 * as {@code windows-31j}, {@code EUC-JP} as {@code x-eucJP-Open}. After decoding, the wave dash and its relatives are
 * normalized to the forms Windows mailers produce (U+301C WAVE DASH becomes U+FF5E FULLWIDTH TILDE), so one text
 * compares equal whichever mailer sent it. Thread-safe.
 */
public final class MailCharsets {

    private static final Charset MS_ISO2022JP = Charset.forName("x-windows-iso2022jp");
    private static final Charset CP50220 = Charset.forName("x-windows-50220");
    private static final Charset WINDOWS_31J = Charset.forName("windows-31j");
    private static final Charset EUC_JP = Charset.forName("x-eucJP-Open");

    private MailCharsets() {
    }

    /**
     * @param label a charset label from a mail header, for example {@code iso-2022-jp}; null or unknown gives null
     * @return the charset the label is read with (see the class comment), or null if Java has none for it
     */
    public static @Nullable Charset forLabel(@Nullable String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String l = label.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        switch (l) {
            case "iso-2022-jp", "iso2022jp", "csiso2022jp", "iso-2022-jp-ms", "iso-2022-jp-1", "iso-2022-jp-2",
                "iso-2022-jp-3", "cp50220", "cp50221", "cp50222", "x-windows-iso2022jp", "x-windows-50220",
                "x-windows-50221", "jis" -> {
                return MS_ISO2022JP;
            }
            case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "cp932", "ms932",
                "windows-31j", "x-ms-cp932", "shift_jisx0213" -> {
                return WINDOWS_31J;
            }
            case "euc-jp", "eucjp", "x-euc-jp", "cseucpkdfmtjapanese", "x-eucjp-open" -> {
                return EUC_JP;
            }
            case "utf8", "unicode-1-1-utf-8" -> {
                return StandardCharsets.UTF_8;
            }
            default -> {
                try {
                    return Charset.forName(l);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return null;
                }
            }
        }
    }

    /**
     * Decodes bytes, replacing what cannot be decoded with U+FFFD, then normalizes the wave dash.
     *
     * @param bytes the bytes
     * @param charset the charset from {@link #forLabel(String)}
     * @return the text
     */
    public static String decode(byte[] bytes, Charset charset) {
        String text = decodeWith(bytes, charset);
        if (charset.equals(MS_ISO2022JP) && text.indexOf('\uFFFD') >= 0) {
            String other = decodeWith(bytes, CP50220);
            if (count(other) < count(text)) {
                text = other;
            }
        }
        return normalize(text, japanese(charset));
    }

    /**
     * @param charset a charset
     * @return whether it is one of the Japanese charsets this class maps labels to
     */
    static boolean japanese(Charset charset) {
        return charset.equals(MS_ISO2022JP) || charset.equals(WINDOWS_31J) || charset.equals(EUC_JP)
            || charset.equals(CP50220);
    }

    /**
     * Normalizes the characters that JIS and Microsoft mapping tables decode differently. U+301C WAVE DASH becomes
     * U+FF5E FULLWIDTH TILDE always (both are 〜 to a reader, and search and dedupe must see one); for text from a
     * Japanese charset, U+2016 becomes U+2225, U+2212 U+FF0D, U+00A2 U+FFE0, U+00A3 U+FFE1 and U+00AC U+FFE2.
     *
     * @param text the text
     * @param japaneseSource whether it was decoded from a Japanese charset
     * @return the normalized text
     */
    public static String normalize(String text, boolean japaneseSource) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char r = c;
            if (c == '\u301C') {
                r = '\uFF5E';
            } else if (japaneseSource) {
                r = switch (c) {
                    case '\u2016' -> '\u2225';
                    case '\u2212' -> '\uFF0D';
                    case '\u00A2' -> '\uFFE0';
                    case '\u00A3' -> '\uFFE1';
                    case '\u00AC' -> '\uFFE2';
                    default -> c;
                };
            }
            if (r != c && b == null) {
                b = new StringBuilder(text);
            }
            if (b != null) {
                b.setCharAt(i, r);
            }
        }
        return b == null ? text : b.toString();
    }

    private static String decodeWith(byte[] bytes, Charset charset) {
        return new String(bytes, charset);
    }

    private static int count(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\uFFFD') {
                n++;
            }
        }
        return n;
    }
}
