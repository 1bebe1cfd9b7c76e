package io.madoguchi.channels.email;

import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a provider's form POST ({@code multipart/form-data}, read with mime4j's stream parser, or
 * {@code application/x-www-form-urlencoded}), each field's bytes as sent. At most 100 fields; the request's own
 * limits bound the total. Package-private.
 */
final class FormData {

    private static final Pattern NAME = Pattern.compile("(?i)\\bname\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))");
    private static final int MAX_FIELDS = 100;

    private FormData() {
    }

    static Map<String, byte[]> parse(WebhookRequest request) {
        String type = request.header("Content-Type").orElse("");
        String lower = type.toLowerCase(Locale.ROOT);
        if (lower.startsWith("application/x-www-form-urlencoded")) {
            return urlEncoded(request.body());
        }
        if (!lower.startsWith("multipart/form-data") || !lower.contains("boundary=")) {
            throw WebhookRejectedException.malformed("body",
                "must be multipart/form-data or application/x-www-form-urlencoded, was '" + clip(type) + "'");
        }
        Map<String, byte[]> fields = new LinkedHashMap<>();
        MimeConfig config = new MimeConfig.Builder().setMaxLineLen(-1).setMaxHeaderCount(50)
            .setMaxContentLen(-1).build();
        MimeStreamParser parser = new MimeStreamParser(config);
        parser.setNoRecurse();
        parser.setContentDecoding(true);
        parser.setContentHandler(new AbstractContentHandler() {
            private @Nullable String name;

            @Override
            public void startHeader() {
                name = null;
            }

            @Override
            public void field(Field field) {
                if ("Content-Disposition".equalsIgnoreCase(field.getName())) {
                    Matcher m = NAME.matcher(field.getBody());
                    if (m.find()) {
                        name = m.group(1) != null ? m.group(1) : m.group(2);
                    }
                }
            }

            @Override
            public void body(BodyDescriptor bd, InputStream is) throws IOException {
                if (name != null && fields.size() < MAX_FIELDS) {
                    fields.putIfAbsent(name, is.readAllBytes());
                }
            }
        });
        InputStream in = new SequenceInputStream(
            new ByteArrayInputStream(("Content-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8)),
            new ByteArrayInputStream(request.body()));
        try {
            parser.parse(in);
        } catch (MimeException | IOException e) {
            throw WebhookRejectedException.malformed("body", "is not readable form data: "
                + e.getClass().getSimpleName());
        }
        return fields;
    }

    private static Map<String, byte[]> urlEncoded(byte[] body) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        String s = new String(body, StandardCharsets.US_ASCII);
        for (String pair : s.split("&")) {
            if (pair.isEmpty() || fields.size() >= MAX_FIELDS) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                fields.putIfAbsent(k, percentDecode(v));
            } catch (IllegalArgumentException e) {
                throw WebhookRejectedException.malformed("body", "has a malformed form field");
            }
        }
        return fields;
    }

    /** Percent-decoding to bytes, so raw MIME in any charset passes through unchanged. */
    private static byte[] percentDecode(String v) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= v.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                int hi = Character.digit(v.charAt(i + 1), 16);
                int lo = Character.digit(v.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /**
     * @param fields the form fields
     * @param name a field name
     * @return the field's text as UTF-8, or null
     */
    static @Nullable String text(Map<String, byte[]> fields, String name) {
        byte[] v = fields.get(name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8).strip();
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
