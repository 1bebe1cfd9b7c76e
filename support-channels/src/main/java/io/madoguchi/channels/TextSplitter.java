package io.madoguchi.channels;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a long text into parts a channel accepts. A part is at most the limit in UTF-16 code units (what LINE and
 * Slack count), never ends inside a surrogate pair (𠮷, emoji) and prefers to end after a line break, then after
 * a Japanese or Western sentence end (。！？.!?), within the last fifth of the window. Thread-safe.
 */
public final class TextSplitter {

    private TextSplitter() {
    }

    /**
     * @param text the text
     * @param maxUnits the most UTF-16 code units per part; at least 2
     * @return the parts in order; concatenated they give back {@code text} exactly; one empty part for an empty text
     * @throws IllegalArgumentException if {@code maxUnits} is less than 2
     */
    public static List<String> split(String text, int maxUnits) {
        if (maxUnits < 2) {
            throw new IllegalArgumentException("maxUnits must be at least 2, was " + maxUnits);
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (text.length() - start > maxUnits) {
            int end = start + maxUnits;
            end = boundaryAtOrBefore(text, start, end);
            int soft = softBreak(text, start + maxUnits * 4 / 5, end);
            if (soft > start) {
                end = soft;
            }
            parts.add(text.substring(start, end));
            start = end;
        }
        parts.add(text.substring(start));
        return parts;
    }

    /**
     * Moves {@code end} back so the part ends neither inside a surrogate pair nor before a combining mark (゛ U+3099),
     * a variation selector or a zero-width joiner that belongs to the character before it; never to {@code start}.
     */
    private static int boundaryAtOrBefore(String text, int start, int end) {
        int e = end;
        if (Character.isLowSurrogate(text.charAt(e)) && Character.isHighSurrogate(text.charAt(e - 1))) {
            e--;
        }
        int guard = 0;
        while (e - 1 > start && guard++ < 32 && joinsPrevious(text, e)) {
            e = text.offsetByCodePoints(e, -1);
        }
        if (e <= start) {
            e = Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
        }
        return e;
    }

    /** Whether the code point at {@code i} attaches to the one before it (or follows a zero-width joiner). */
    private static boolean joinsPrevious(String text, int i) {
        int cp = text.codePointAt(i);
        int type = Character.getType(cp);
        int prev = text.codePointBefore(i);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
            || type == Character.COMBINING_SPACING_MARK || cp >= 0xFE00 && cp <= 0xFE0F
            || cp >= 0xE0100 && cp <= 0xE01EF || cp == 0x200D || prev == 0x200D
            || cp >= 0x1F3FB && cp <= 0x1F3FF;
    }

    /** The position after the last line break, else the last sentence end, in {@code [from, to)}; -1 if none. */
    private static int softBreak(String text, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (text.charAt(i) == '\n') {
                return i + 1;
            }
        }
        for (int i = to - 1; i >= from; i--) {
            if ("。！？!?.".indexOf(text.charAt(i)) >= 0) {
                return i + 1;
            }
        }
        return -1;
    }
}
