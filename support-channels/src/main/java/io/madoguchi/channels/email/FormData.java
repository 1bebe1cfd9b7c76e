package io.madoguchi.channels.email;

import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.internal.UrlEncoded;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
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
 * {@code application/x-www-form-urlencoded}, UTF-8 text whose values are percent-decoded to bytes), each field's
 * bytes as sent; a repeated field keeps its first value. At most 100 fields (later ones are not read; a URL-encoded
 * body of more than 10,000 pairs is refused); the request's own limits bound the total. A malformed percent escape
 * is a 400 naming the field ({@code body.NAME}). Package-private.
 */
final class FormData {

    private static final Pattern NAME = Pattern.compile("(?i)\\bname\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))");
    private static final int MAX_FIELDS = 100;
    private static final int MAX_PAIRS = 10_000;

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
        for (UrlEncoded.Pair pair : UrlEncoded.pairs(UrlEncoded.body(body, "body"), MAX_PAIRS, "body")) {
            if (fields.size() >= MAX_FIELDS) {
                break;
            }
            String name = UrlEncoded.text(pair.rawName(), "body");
            if (!fields.containsKey(name)) {
                // the value's bytes as sent, so raw MIME in any charset passes through unchanged
                fields.put(name, UrlEncoded.bytes(pair.rawValue(), UrlEncoded.field("body", name)));
            }
        }
        return fields;
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
