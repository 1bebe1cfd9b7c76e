package io.madoguchi.core.internal;

import io.madoguchi.core.store.TextFolding;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The checks every stored text passes (folding for matching is {@link TextFolding}). Stateless and thread-safe.
 *
 * <p>Stored text (subjects, bodies, names, emails, holiday names) refuses: control characters (C0 other than tab, and
 * line breaks in multi-line text; DEL; C1 U+0080–U+009F), lone surrogates, the bidirectional embedding, override and
 * isolate controls U+202A–U+202E and U+2066–U+2069 (they make text read differently from how it is stored: "Trojan
 * Source"), and text with nothing visible (only spaces, format characters such as U+200B, fillers such as U+3164 or
 * combining marks). Messages name the code point and its index, never the text itself.
 */
public final class Text {

    /** The longest tag, after normalization. */
    public static final int MAX_TAG_LENGTH = 64;

    private Text() {
    }

    /**
     * Checks a tag in the form it is stored in ({@link TextFolding#tag}): not empty, no whitespace, at most
     * {@value #MAX_TAG_LENGTH} characters, and plain text ({@link #problem} on the tag as typed).
     *
     * @param raw the tag as typed
     * @return what is wrong with it, or null when it is a valid tag
     */
    public static @Nullable String tagProblem(String raw) {
        String p = problem(raw, false);
        if (p != null) {
            return p;
        }
        String t = TextFolding.tag(raw);
        if (t.isEmpty()) {
            return "must not be empty";
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return "must not contain whitespace";
            }
        }
        if (t.length() > MAX_TAG_LENGTH) {
            return "must be at most " + MAX_TAG_LENGTH + " characters after Unicode normalization (NFKC), was "
                + t.length();
        }
        return null;
    }

    /**
     * Checks stored text. Blank text is reported as {@code must not be blank}, the same message as
     * {@code @NotBlank}.
     *
     * @param s the text
     * @param multiline whether line feed and carriage return are allowed (tab always is: it is in the first line of
     *     many emails, which becomes a subject)
     * @return what is wrong with it (naming the code point and its index, not the text), or null when it is fine
     */
    public static @Nullable String problem(String s, boolean multiline) {
        boolean visible = false;
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            int cp;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return "must not contain a lone surrogate " + hex(c) + " (at index " + i + ")";
                }
                cp = Character.toCodePoint(c, s.charAt(i + 1));
            } else if (Character.isLowSurrogate(c)) {
                return "must not contain a lone surrogate " + hex(c) + " (at index " + i + ")";
            } else {
                cp = c;
            }
            if (isControl(cp) && cp != '\t' && !(multiline && (cp == '\n' || cp == '\r'))) {
                return "must not contain the control character " + hex(cp) + " (at index " + i + ")";
            }
            if (isBidiControl(cp)) {
                return "must not contain the bidirectional control " + hex(cp) + " (at index " + i + ")";
            }
            if (!visible && isVisible(cp)) {
                visible = true;
            }
            i += Character.charCount(cp);
        }
        if (!visible) {
            return s.isBlank() ? "must not be blank" : "must contain visible characters, not only invisible ones";
        }
        return null;
    }

    private static boolean isControl(int cp) {
        return cp < 0x20 || cp >= 0x7F && cp <= 0x9F;
    }

    private static boolean isBidiControl(int cp) {
        return cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069;
    }

    private static boolean isVisible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return false;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                 Character.SURROGATE -> {
                return false;
            }
            default -> {
                // Hangul fillers and the blank Braille pattern render as nothing but are letters or symbols
                return cp != 0x115F && cp != 0x1160 && cp != 0x3164 && cp != 0xFFA0 && cp != 0x2800;
            }
        }
    }

    private static String hex(int cp) {
        return String.format(Locale.ROOT, "U+%04X", cp);
    }
}
