package io.madoguchi.channels.internal;

import io.madoguchi.channels.WebhookRejectedException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one reader of {@code application/x-www-form-urlencoded} bodies and URL query strings for the built-in
 * adapters. {@link #pairs} splits the text on {@code &} into pairs as sent (still encoded, empty pairs skipped,
 * repeated names kept in order), so a caller that signs or compares raw text has it; {@link #bytes} and
 * {@link #text} decode one name or value: {@code +} is a space, {@code %XX} a byte, any other character its UTF-8
 * bytes, and text must be UTF-8. A malformed percent escape or bytes that are not UTF-8 are a
 * {@link WebhookRejectedException} 400 naming the field the caller gives, never another exception. Not API: used by
 * the built-in adapters and by the examples' server, which ships with this version.
 */
public final class UrlEncoded {

    /**
     * One {@code name=value} pair as sent.
     *
     * @param rawName the name, still encoded
     * @param rawValue the value, still encoded; empty if the pair had no {@code =}
     * @param assigned whether the pair had an {@code =}
     */
    public record Pair(String rawName, String rawValue, boolean assigned) {
    }

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    private UrlEncoded() {
    }

    /**
     * @param prefix the field of the whole form, such as {@code body}
     * @param name a decoded parameter name
     * @return {@code prefix.name} if the name is plain (1 to 40 letters, digits, {@code _ . -}), else {@code prefix}:
     *     a sender's odd name is not echoed in an error
     */
    public static String field(String prefix, String name) {
        return PLAIN_NAME.matcher(name).matches() ? prefix + "." + name : prefix;
    }

    /**
     * @param body a form body
     * @param field the field named if it is not UTF-8
     * @return the body as text
     * @throws WebhookRejectedException 400 on {@code field} if it is not UTF-8
     */
    public static String body(byte[] body, String field) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw WebhookRejectedException.malformed(field, "is not UTF-8");
        }
    }

    /**
     * @param url a URL as received
     * @return its query: the text after the first {@code ?} up to a {@code #}, empty if it has none (the rest of
     *     the URL is not parsed)
     */
    public static String query(String url) {
        int start = url.indexOf('?');
        if (start < 0) {
            return "";
        }
        int end = url.indexOf('#', start);
        return url.substring(start + 1, end < 0 ? url.length() : end);
    }

    /**
     * @param encoded a form body or query, as text
     * @param max the most pairs accepted
     * @param field the field named if there are more
     * @return its non-empty pairs in order, still encoded
     * @throws WebhookRejectedException 400 on {@code field} if it has more than {@code max} pairs
     */
    public static List<Pair> pairs(String encoded, int max, String field) {
        List<Pair> out = new ArrayList<>();
        int from = 0;
        while (from <= encoded.length()) {
            int amp = encoded.indexOf('&', from);
            int to = amp < 0 ? encoded.length() : amp;
            if (to > from) {
                if (out.size() == max) {
                    throw WebhookRejectedException.malformed(field, "has more than " + max + " parameters");
                }
                int eq = encoded.indexOf('=', from);
                out.add(eq < 0 || eq >= to ? new Pair(encoded.substring(from, to), "", false)
                    : new Pair(encoded.substring(from, eq), encoded.substring(eq + 1, to), true));
            }
            from = to + 1;
        }
        return out;
    }

    /**
     * Percent-decodes a name or value to bytes: {@code +} is a space, {@code %XX} the byte {@code XX}, and any other
     * character its UTF-8 bytes.
     *
     * @param raw the encoded name or value
     * @param field the field named if it is malformed
     * @return the bytes
     * @throws WebhookRejectedException 400 on {@code field} if a {@code %} is not followed by two hexadecimal digits
     *     or the text has a lone surrogate
     */
    public static byte[] bytes(String raw, String field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0 || raw.charAt(i + 1) > 0x7f || raw.charAt(i + 2) > 0x7f) {
                    throw WebhookRejectedException.malformed(field,
                        "has a malformed percent escape: each % must be followed by two hexadecimal digits");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else if (!Character.isSurrogate(c)) {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            } else if (Character.isHighSurrogate(c) && i + 1 < raw.length()
                && Character.isLowSurrogate(raw.charAt(i + 1))) {
                out.writeBytes(raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else {
                throw WebhookRejectedException.malformed(field, "is not UTF-8 (a lone surrogate)");
            }
        }
        return out.toByteArray();
    }

    /**
     * Percent-decodes a name or value to text, as {@link #bytes} and then strict UTF-8 (so two different encoded
     * values never decode to the same text).
     *
     * @param raw the encoded name or value
     * @param field the field named if it is malformed
     * @return the text
     * @throws WebhookRejectedException 400 on {@code field} if a percent escape is malformed or the bytes are not
     *     UTF-8
     */
    public static String text(String raw, String field) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes(raw, field)))
                .toString();
        } catch (CharacterCodingException e) {
            throw WebhookRejectedException.malformed(field, "is not UTF-8 once percent-decoded");
        }
    }
}
