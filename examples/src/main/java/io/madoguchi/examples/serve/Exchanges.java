package io.madoguchi.examples.serve;

import com.sun.net.httpserver.HttpExchange;
import io.madoguchi.channels.WebhookResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Small helpers over the JDK's {@link HttpExchange}: answering, reading bounded forms, escaping HTML. */
final class Exchanges {

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
        return params(out.toString(StandardCharsets.US_ASCII));
    }

    static Map<String, String> query(HttpExchange ex) {
        return params(ex.getRequestURI().getRawQuery());
    }

    static Map<String, String> params(@Nullable String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(k, v);
            } catch (IllegalArgumentException e) {
                // a malformed escape: leave the pair out
            }
        }
        return out;
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
