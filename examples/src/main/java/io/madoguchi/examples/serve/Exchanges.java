package io.madoguchi.examples.serve;

import com.sun.net.httpserver.HttpExchange;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookResponse;
import io.madoguchi.channels.internal.UrlEncoded;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Small helpers over the JDK's {@link HttpExchange}: answering, reading bounded forms, escaping HTML. */
final class Exchanges {

    /** The most parameters a query or form may have. */
    static final int MAX_PARAMS = 256;

    /**
     * A query or form parameter that is not well-formed {@code application/x-www-form-urlencoded} UTF-8: the
     * request is answered 400 naming the field, as the channels' webhooks answer one.
     */
    static final class MalformedParameterException extends ValidationException {

        private static final long serialVersionUID = 1L;

        MalformedParameterException(WebhookRejectedException rejected) {
            super(List.of(new Violation(rejected.field(), rejected.problem())));
        }
    }

    private Exchanges() {
    }

    static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        send(ex, status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, WebhookResponse r) throws IOException {
        send(ex, r.status(), r.headers(), r.body());
    }

    static void send(HttpExchange ex, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean empty = body.length == 0 || "HEAD".equals(ex.getRequestMethod()) || status == 204 || status == 304;
        ex.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(303, -1);
        ex.close();
    }

    /**
     * @return the URL-encoded form in the body, at most {@code max} bytes
     * @throws IOException if the body is larger or cannot be read
     * @throws MalformedParameterException naming the field ({@code form.NAME}) that is not percent-encoded UTF-8
     */
    static Map<String, String> form(HttpExchange ex, int max) throws IOException {
        InputStream in = ex.getRequestBody();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > max) {
                throw new IOException("form larger than " + max + " bytes");
            }
        }
        return params(out.toString(StandardCharsets.US_ASCII), "form");
    }

    /**
     * @return the parameters of the request's query, the first of each name
     * @throws MalformedParameterException naming the field ({@code query.NAME}) that is not percent-encoded UTF-8
     */
    static Map<String, String> query(HttpExchange ex) {
        return params(ex.getRequestURI().getRawQuery(), "query");
    }

    /**
     * @param raw a query or form, as sent
     * @param prefix the field of the whole, {@code query} or {@code form}
     * @return its parameters decoded, the first of each name
     * @throws MalformedParameterException naming {@code prefix.NAME} (or only {@code prefix} for a name that is itself
     *     malformed or odd) if a name or value is not percent-encoded UTF-8, or {@code prefix} if it has more than
     *     {@value #MAX_PARAMS} parameters
     */
    static Map<String, String> params(@Nullable String raw, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        try {
            for (UrlEncoded.Pair pair : UrlEncoded.pairs(raw, MAX_PARAMS, prefix)) {
                String name = UrlEncoded.text(pair.rawName(), prefix);
                out.putIfAbsent(name, UrlEncoded.text(pair.rawValue(), UrlEncoded.field(prefix, name)));
            }
        } catch (WebhookRejectedException e) {
            throw new MalformedParameterException(e);
        }
        return out;
    }

    /**
     * Percent-decodes one name or value strictly, as the channels' webhooks read forms ({@link UrlEncoded#text}):
     * {@code +} is a space, {@code %XX} the byte {@code XX}, any other character its UTF-8 bytes, and the bytes must
     * be UTF-8. (The JDK's {@code URLDecoder} would put U+FFFD in place of bytes that are not UTF-8, so two different
     * values could read the same.)
     *
     * @throws MalformedParameterException naming {@code field} if a {@code %} is not followed by two hexadecimal
     *     digits or the result is not UTF-8
     */
    static String decode(String raw, String field) {
        try {
            return UrlEncoded.text(raw, field);
        } catch (WebhookRejectedException e) {
            throw new MalformedParameterException(e);
        }
    }

    static String html(@Nullable String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** @return the full URL of the request as seen on this server, with the query */
    static String url(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        return "http://" + (host == null ? "localhost" : host) + ex.getRequestURI();
    }
}
