package io.madoguchi.examples.plugin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelCapabilities;
import io.madoguchi.channels.ChannelMessage;
import io.madoguchi.channels.OutboundMessage;
import io.madoguchi.channels.ParsedWebhook;
import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.SendResult;
import io.madoguchi.channels.Signatures;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.core.Channel;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.IdentityKind;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * A plugin adapter for "Kairan" (回覧板), a made-up neighbourhood message board, written only against the public SPI
 * of support-channels as a third party would write one. Its webhook posts {@code {"id", "from", "name", "text",
 * "sentAt"}} signed in {@code X-Kairan-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}; replies go to
 * {@code POST /v1/notes} with an {@code Idempotency-Key} header (409 means the key was accepted before). Its test
 * extends the shipped contract kit. Thread-safe.
 */
public final class KairanAdapter implements ChannelAdapter {

    /** The channel. */
    public static final Channel CHANNEL = Channel.of("kairan");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

    private final byte[] secret;
    private final String token;
    private final String baseUrl;
    private final OkHttpClient http;
    private final Clock clock;

    /**
     * @param secret the webhook signing secret
     * @param token the API token for replies
     * @param baseUrl the API's base URL
     * @param http the HTTP client (it must not retry on its own: the outbox retries)
     * @param clock the clock (Retry-After dates)
     */
    public KairanAdapter(String secret, String token, String baseUrl, OkHttpClient http, Clock clock) {
        this.secret = Signatures.utf8(requireNonNull(secret, "secret"));
        this.token = requireNonNull(token, "token");
        this.baseUrl = requireNonNull(baseUrl, "baseUrl");
        this.http = requireNonNull(http, "http");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * @param secret a signing secret
     * @param body a raw body
     * @return the header value Kairan sends for that body
     */
    public static String signature(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(Signatures.hmac("HmacSHA256", Signatures.utf8(secret), body));
    }

    @Override
    public Channel channel() {
        return CHANNEL;
    }

    @Override
    public IdentityKind identityKind() {
        return IdentityKind.CHAT_VISITOR;
    }

    @Override
    public ChannelCapabilities capabilities() {
        return new ChannelCapabilities(1_000, 3, false, false);
    }

    @Override
    public void verify(WebhookRequest request, Instant now) {
        String given = request.header("X-Kairan-Signature")
            .orElseThrow(() -> WebhookRejectedException.unauthorized("x-kairan-signature", "is missing"));
        String expected = "sha256=" + HexFormat.of().formatHex(Signatures.hmac("HmacSHA256", secret, request.body()));
        if (!Signatures.matches(expected, given.strip())) {
            throw WebhookRejectedException.unauthorized("x-kairan-signature", "does not match the body");
        }
    }

    @Override
    public ParsedWebhook parse(WebhookRequest request) {
        JsonNode n;
        try {
            n = JSON.readTree(request.body());
        } catch (IOException e) {
            throw WebhookRejectedException.malformed("body", "is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw WebhookRejectedException.malformed("body", "is not a JSON object");
        }
        String id = text(n, "id");
        String from = text(n, "from");
        Instant sentAt;
        try {
            sentAt = Instant.parse(text(n, "sentAt"));
        } catch (DateTimeParseException e) {
            throw WebhookRejectedException.malformed("sentAt", "is not an ISO-8601 instant");
        }
        String name = n.path("name").asText("回覧板の利用者");
        ChannelMessage m = new ChannelMessage(CHANNEL, ChannelMessage.Kind.MESSAGE, ChannelIdentity.chatVisitor(from),
            name.isBlank() ? "回覧板の利用者" : name, text(n, "text"), List.of(), ReplyContext.none(sentAt), id, sentAt);
        return ParsedWebhook.of(List.of(m));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw WebhookRejectedException.malformed(field, "is missing or not text");
        }
        return v.asText();
    }

    @Override
    public String endpoint(OutboundMessage message) {
        return "kairan:notes";
    }

    @Override
    public SendResult send(OutboundMessage message) {
        ObjectNode body = JSON.createObjectNode().put("to", message.recipient().value());
        message.texts().forEach(body.putArray("texts")::add);
        Request request = new Request.Builder().url(baseUrl + "/v1/notes")
            .header("Authorization", "Bearer " + token)
            .header("Idempotency-Key", message.idempotencyKey())
            .post(RequestBody.create(body.toString(), JSON_TYPE)).build();
        try (Response r = http.newCall(request).execute()) {
            int code = r.code();
            if (r.body() != null) {
                r.body().string(); // read to the end: a broken body is a failed attempt, not a success
            }
            if (code / 100 == 2 || code == 409) {
                return new SendResult.Sent(Integer.toString(code));
            }
            if (code == 429 || code >= 500) {
                return new SendResult.Retry(Integer.toString(code), retryAfter(r.header("Retry-After")), code >= 500,
                    null);
            }
            return new SendResult.Rejected(Integer.toString(code));
        } catch (IOException e) {
            return new SendResult.Retry(e.getClass().getSimpleName(), null, true, null);
        }
    }

    private @Nullable Duration retryAfter(@Nullable String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: the outbox's own backoff applies
        }
    }

    @Override
    public String toString() {
        return "KairanAdapter[" + baseUrl + "]";
    }
}
