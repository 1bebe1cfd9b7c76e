package io.madoguchi.channels;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as the host's web framework received it: method, full URL, headers and the raw body bytes. The
 * SDK verifies signatures over exactly these bytes. Framework-neutral: build it from a servlet, Javalin, Netty or
 * anything else. Header names compare case-insensitively. Immutable; {@code toString} prints neither headers nor
 * body.
 */
public final class WebhookRequest {

    private final String method;
    private final String url;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    private WebhookRequest(String method, String url, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.url = url;
        this.headers = headers;
        this.body = body;
    }

    /**
     * Builds a request from values already in memory, checking them against the limits.
     *
     * @param method the HTTP method, for example {@code POST}
     * @param url the full URL the provider called, with the query string
     * @param headers the headers, each name with its values
     * @param body the raw body
     * @param limits the bounds
     * @return the request
     * @throws WebhookRejectedException with status 413 if the body is too large, 431 if there are too many headers
     *     or header bytes
     */
    public static WebhookRequest of(String method, String url, Map<String, List<String>> headers, byte[] body,
                                    WebhookLimits limits) {
        requireNonNull(body, "body");
        if (body.length > limits.maxBodyBytes()) {
            throw new WebhookRejectedException(413, "body",
                "is " + body.length + " bytes, more than the limit of " + limits.maxBodyBytes());
        }
        return new WebhookRequest(method(method), requireNonNull(url, "url"), headers(headers, limits), body.clone());
    }

    /**
     * Reads the body from a stream, never more than the limit allows (the stream is not closed).
     *
     * @param method the HTTP method
     * @param url the full URL, with the query string
     * @param headers the headers
     * @param body the body stream
     * @param limits the bounds
     * @return the request
     * @throws WebhookRejectedException with status 413 as soon as the body passes the limit, 431 for too many
     *     headers, 400 if the stream fails
     */
    public static WebhookRequest read(String method, String url, Map<String, List<String>> headers, InputStream body,
                                      WebhookLimits limits) {
        Map<String, List<String>> h = headers(headers, limits);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = body.read(buf, 0, Math.min(buf.length, limits.maxBodyBytes() + 1 - out.size()))) > 0) {
                out.write(buf, 0, n);
                if (out.size() > limits.maxBodyBytes()) {
                    throw new WebhookRejectedException(413, "body",
                        "is more than the limit of " + limits.maxBodyBytes() + " bytes");
                }
            }
        } catch (IOException e) {
            throw new WebhookRejectedException(400, "body", "could not be read: " + e.getClass().getSimpleName());
        }
        return new WebhookRequest(method(method), requireNonNull(url, "url"), h, out.toByteArray());
    }

    private static String method(String method) {
        return requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    }

    private static Map<String, List<String>> headers(Map<String, List<String>> headers, WebhookLimits limits) {
        requireNonNull(headers, "headers");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int lines = 0;
        long bytes = 0;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() == null) {
                continue; // HttpURLConnection puts the status line under a null name
            }
            for (String v : e.getValue()) {
                lines++;
                bytes += e.getKey().length() + (v == null ? 0 : v.length());
                if (lines > limits.maxHeaders()) {
                    throw new WebhookRejectedException(431, "headers",
                        "more than the limit of " + limits.maxHeaders() + " header lines");
                }
                if (bytes > limits.maxHeaderBytes()) {
                    throw new WebhookRejectedException(431, "headers",
                        "more than the limit of " + limits.maxHeaderBytes() + " bytes");
                }
                copy.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(v == null ? "" : v);
            }
        }
        copy.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(copy);
    }

    /** @return the HTTP method, upper case */
    public String method() {
        return method;
    }

    /** @return the full URL with the query string */
    public String url() {
        return url;
    }

    /** @return the headers, names compared case-insensitively */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * @param name a header name, any case
     * @return its first value, if present
     */
    public Optional<String> header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** @return a copy of the raw body */
    public byte[] body() {
        return body.clone();
    }

    /** @return the body length in bytes */
    public int bodyLength() {
        return body.length;
    }

    /** @return the body decoded as UTF-8 */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** @return the raw body without copying; package-private for verifiers in this module */
    byte[] rawBody() {
        return body;
    }

    @Override
    public String toString() {
        return "WebhookRequest[" + method + " " + body.length + " bytes, " + headers.size() + " headers]";
    }
}
