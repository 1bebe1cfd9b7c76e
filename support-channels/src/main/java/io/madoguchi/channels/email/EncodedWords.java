package io.madoguchi.channels.email;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Decodes RFC 2047 encoded-words in a header value as Japanese mailers write them. Adjacent encoded-words of one
 * charset are joined as bytes before decoding, so a character split across two words (common with ISO-2022-JP, where
 * the second word lacks the escape sequence, and with UTF-8 split mid-character) comes out whole; words run together
 * without the whitespace RFC 2047 asks for are read too; whitespace between encoded-words is dropped, as RFC 2047
 * says. Charsets are read through {@link MailCharsets}. A word that cannot be decoded is kept as it was. Thread-safe.
 */
public final class EncodedWords {

    private static final Pattern WORD = Pattern.compile(
        "=\\?([^?\\s]{1,64})\\?([BbQq])\\?([^?\\s]*)\\?=");

    private EncodedWords() {
    }

    /**
     * @param value a header value, unfolded or not
     * @return the decoded text, unfolded, with the wave dash normalized
     */
    public static String decode(String value) {
        String unfolded = value.replaceAll("\r?\n[ \t]", " ").replace("\r", "").replace("\n", "");
        Matcher m = WORD.matcher(unfolded);
        StringBuilder out = new StringBuilder();
        int last = 0;
        String runCharset = null;
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        while (m.find()) {
            String between = unfolded.substring(last, m.start());
            boolean adjacent = runCharset != null && between.isBlank();
            String label = m.group(1);
            int star = label.indexOf('*'); // RFC 2231 language suffix
            String charset = (star >= 0 ? label.substring(0, star) : label).toLowerCase(Locale.ROOT);
            byte[] bytes = bytes(m.group(2), m.group(3));
            if (bytes == null || MailCharsets.forLabel(charset) == null) {
                flush(out, runCharset, run);
                runCharset = null;
                out.append(between).append(m.group());
                last = m.end();
                continue;
            }
            if (!adjacent || !charset.equals(runCharset)) {
                flush(out, runCharset, run);
                if (!adjacent || runCharset == null) {
                    out.append(between);
                }
                runCharset = charset;
            }
            run.writeBytes(bytes);
            last = m.end();
        }
        flush(out, runCharset, run);
        out.append(unfolded.substring(last));
        return MailCharsets.normalize(out.toString(), false);
    }

    private static void flush(StringBuilder out, @Nullable String charset, ByteArrayOutputStream run) {
        if (charset != null && run.size() > 0) {
            Charset cs = MailCharsets.forLabel(charset);
            out.append(MailCharsets.decode(run.toByteArray(), cs != null ? cs : StandardCharsets.US_ASCII));
        }
        run.reset();
    }

    private static byte @Nullable [] bytes(String encoding, String text) {
        if (encoding.equalsIgnoreCase("B")) {
            try {
                return Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                b.write(' ');
            } else if (c == '=' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0
                && hex(text.charAt(i + 2)) >= 0) {
                b.write(hex(text.charAt(i + 1)) << 4 | hex(text.charAt(i + 2)));
                i += 2;
            } else if (c > 0x7f) {
                return null;
            } else {
                b.write(c);
            }
        }
        return b.toByteArray();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
