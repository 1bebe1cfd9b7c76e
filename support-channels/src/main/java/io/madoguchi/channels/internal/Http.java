package io.madoguchi.channels.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/** JSON and HTTP helpers for the built-in adapters. Thread-safe. */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@<>()\\[\\]\"',;:]+@[^\\s@<>()\\[\\]\"',;:]+");
    private static final Pattern PHONE = Pattern.compile("\\+\\d(?:[ .()-]{0,2}\\d){5,}|\\d(?:[ .()-]{0,2}\\d){6,}");
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final OkHttpClient DEFAULT = new OkHttpClient.Builder()
        .connectTimeout(5, TimeUnit.SECONDS)
        .readTimeout(10, TimeUnit.SECONDS)
        .callTimeout(20, TimeUnit.SECONDS)
        // the outbox decides about retries (with idempotency keys); OkHttp must not repeat a POST on its own
        .retryOnConnectionFailure(false)
        .build();

    private Http() {
    }

    /** @return the shared client: 5 s connect, 10 s read, 20 s per call, no silent retries */
    public static OkHttpClient defaultClient() {
        return DEFAULT;
    }

    /**
     * @param request a webhook request
     * @return its body as a JSON object
     * @throws WebhookRejectedException 400 if it is not a JSON object
     */
    public static JsonNode readJson(WebhookRequest request) {
        try {
            JsonNode root = JSON.readTree(request.body());
            if (root == null || !root.isObject()) {
                throw WebhookRejectedException.malformed("body", "must be a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw WebhookRejectedException.malformed("body", "is not JSON (line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw WebhookRejectedException.malformed("body", "could not be read");
        }
    }

    /**
     * @param node an object
     * @param field a field name
     * @param at the object's path, for the error
     * @return the field's text
     * @throws WebhookRejectedException 400 naming {@code at.field} if it is missing or not a string
     */
    public static String text(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw WebhookRejectedException.malformed(at + "." + field, "must be a non-empty string");
        }
        return v.asText();
    }

    /**
     * @param url the URL
     * @param body the JSON body
     * @return a POST request builder
     */
    public static Request.Builder postJson(String url, JsonNode body) {
        try {
            return new Request.Builder().url(url).post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON body could not be written", e);
        }
    }

    /** Writes a JSON document with Jackson's streaming generator. */
    @FunctionalInterface
    public interface JsonWriter {
        /**
         * @param json the generator (closed by the caller)
         * @throws IOException if writing fails
         */
        void write(JsonGenerator json) throws IOException;
    }

    /**
     * A JSON request body written straight to bytes with Jackson's streaming generator: the same bytes as
     * {@link #postJson(String, JsonNode)} writes for the same tree, without building the tree or a serializer
     * provider per request (the outbox sends on a hot path).
     *
     * @param writer writes the document
     * @return the body, {@code application/json; charset=utf-8}
     */
    public static RequestBody jsonBody(JsonWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            writer.write(json);
        } catch (IOException e) {
            throw new IllegalStateException("JSON body could not be written", e);
        }
        return RequestBody.create(out.toByteArray(), JSON_TYPE);
    }

    /**
     * @param baseUrl an adapter's base URL
     * @param path the endpoint's path
     * @return the URL parsed once (adapters keep it, so no request parses it again), or null if it is not an HTTP
     *     URL: then the request is built from the string and fails as it always did
     */
    public static @Nullable HttpUrl url(String baseUrl, String path) {
        return HttpUrl.parse(baseUrl + path);
    }

    /**
     * @param r a response
     * @param clock the clock, for an HTTP-date value
     * @return its {@code Retry-After} (seconds or an HTTP date), or null if absent or unreadable
     */
    public static @Nullable Duration retryAfter(Response r, Clock clock) {
        String v = r.header("Retry-After");
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(v.strip());
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 86_400));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /**
     * @param r an error response
     * @return the provider's {@code message} or {@code error} field made safe by {@link #providerText(String)},
     *     or empty
     */
    public static String errorMessage(Response r) {
        try {
            ResponseBody body = r.body();
            if (body == null) {
                return "";
            }
            JsonNode n = JSON.readTree(body.byteStream());
            return n == null ? "" : providerText(n.path("message").asText(n.path("error").asText("")));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * A provider's error text made fit for {@link io.madoguchi.channels.SendResult#detail()}, which flows into
     * outbox rows, dead-letter events, ticket notes and logs: providers quote the request back (Twilio's 21211
     * "The 'To' number +81901234567 is not a valid phone number", a mail API's invalid recipient), so e-mail
     * addresses become {@code [email]} and phone numbers ({@code +} and digits, or seven or more digits, with
     * spaces, dots, hyphens or parentheses between them) become {@code [phone]}; shorter numbers such as error
     * codes stay. Control characters become spaces, so the text is one log line; the result is at most 200
     * characters. Only the first 1,000 characters are read, which bounds the matching.
     *
     * @param text what the provider said
     * @return the text masked and bounded
     */
    public static String providerText(String text) {
        String s = text.length() > 1_000 ? text.substring(0, 1_000) : text;
        s = CONTROL.matcher(s).replaceAll(" ");
        s = EMAIL.matcher(s).replaceAll("[email]");
        s = PHONE.matcher(s).replaceAll("[phone]");
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    /**
     * @param r a response
     * @return its body as JSON, or null if it is not JSON
     */
    public static @Nullable JsonNode json(Response r) {
        try {
            ResponseBody body = r.body();
            return body == null ? null : JSON.readTree(body.byteStream());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
