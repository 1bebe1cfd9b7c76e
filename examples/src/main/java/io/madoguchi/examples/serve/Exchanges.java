package io.madoguchi.examples.serve;

import com.sun.net.httpserver.HttpExchange;
import io.madoguchi.channels.WebhookResponse;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Small helpers over the JDK's {@link HttpExchange}: answering, reading bounded forms, escaping HTML. */
final class Exchanges {

    /** A parameter name that may be echoed in an error: a sender's odd name is not. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    /**
     * A query or form parameter that is not well-formed {@code application/x-www-form-urlencoded} UTF-8: the
     * request is answered 400 naming the field, as the channels' webhooks answer one.
     */
    static final class MalformedParameterException extends ValidationException {

        private static final long serialVersionUID = 1L;

        MalformedParameterException(String field, String message) {
            super(List.of(new Violation(field, message)));
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
     *     malformed or odd) if a name or value is not percent-encoded UTF-8
     */
    static Map<String, String> params(@Nullable String raw, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq), prefix);
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1),
                PLAIN_NAME.matcher(k).matches() ? prefix + "." + k : prefix);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    /**
     * Percent-decodes one name or value strictly, as the channels' webhooks read forms: {@code +} is a space,
     * {@code %XX} the byte {@code XX}, any other character its UTF-8 bytes, and the bytes must be UTF-8. (The JDK's
     * {@code URLDecoder} would put U+FFFD in place of bytes that are not UTF-8, so two different values could read
     * the same.)
     *
     * @throws MalformedParameterException naming {@code field} if a {@code %} is not followed by two hexadecimal
     *     digits or the result is not UTF-8
     */
    static String decode(String raw, String field) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || !HexFormat.isHexDigit(raw.charAt(i + 1))
                    || !HexFormat.isHexDigit(raw.charAt(i + 2))) {
                    throw new MalformedParameterException(field,
                        "has a malformed percent escape: each % must be followed by two hexadecimal digits");
                }
                bytes.write(HexFormat.fromHexDigits(raw, i + 1, i + 3));
                i += 3;
            } else if (c == '+') {
                bytes.write(' ');
                i++;
            } else {
                int end = i + 1;
                while (end < raw.length() && raw.charAt(end) != '%' && raw.charAt(end) != '+') {
                    end++;
                }
                try {
                    ByteBuffer plain = StandardCharsets.UTF_8.newEncoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                        .encode(CharBuffer.wrap(raw, i, end));
                    bytes.write(plain.array(), plain.arrayOffset() + plain.position(), plain.remaining());
                } catch (CharacterCodingException e) {
                    throw new MalformedParameterException(field, "is not UTF-8 (a lone surrogate)");
                }
                i = end;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedParameterException(field, "is not UTF-8 once percent-decoded");
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
