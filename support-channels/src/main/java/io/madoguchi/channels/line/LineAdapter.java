package io.madoguchi.channels.line;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelCapabilities;
import io.madoguchi.channels.ChannelMessage;
import io.madoguchi.channels.HttpAdapterBuilder;
import io.madoguchi.channels.OutboundMessage;
import io.madoguchi.channels.ParsedWebhook;
import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.SendResult;
import io.madoguchi.channels.Signatures;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.internal.Exchange;
import io.madoguchi.channels.internal.Http;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.IdentityKind;
import io.madoguchi.core.ticket.Attachment;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * LINE Messaging API. Inbound: {@code x-line-signature} = Base64(HMAC-SHA256(channel secret, raw body)), checked in
 * constant time; events {@code message}, {@code postback}, {@code follow} and {@code unfollow}, deduplicated on
 * {@code webhookEventId}; other event types are left out and an empty {@code events} array is a connectivity check
 * (answered 200). Outbound: replies with the reply token while it is fresh and unused, else pushes with
 * {@code X-Line-Retry-Key} (the same key on every attempt; 409 means LINE already accepted it); 5,000 UTF-16 units
 * per text, 5 texts per request.
 *
 * <p>Reply tokens carry no retry key. LINE leaves undocumented whether a reply whose response was lost went out, so
 * the safe choice: after such an attempt the adapter retries the <em>same</em> token while it is fresh, and if LINE
 * then refuses the token as used, it takes the reply as delivered rather than pushing a second copy. A token that
 * is refused on its first attempt (expired) falls back to push at once. Thread-safe; secrets are never logged.
 */
public final class LineAdapter implements ChannelAdapter {

    /** Hint key: where a reply goes (a group or room id; a user's own id for one-to-one chats). */
    public static final String HINT_TO = "line.to";
    /** Hint key set after a reply attempt whose response was lost. */
    public static final String HINT_REPLY_AMBIGUOUS = "line.replyAmbiguous";

    private static final String PUSH_PATH = "/v2/bot/message/push";
    private static final String REPLY_PATH = "/v2/bot/message/reply";
    private static final ChannelCapabilities CAPABILITIES = new ChannelCapabilities(5_000, 5, true, false);

    private final byte[] secret;
    private final String authorization;
    private final String baseUrl;
    private final @Nullable HttpUrl pushUrl;
    private final @Nullable HttpUrl replyUrl;
    private final OkHttpClient http;
    private final Clock clock;
    private final Duration replyTokenLifetime;

    private LineAdapter(Builder b) {
        this.secret = Signatures.utf8(b.secret);
        this.authorization = "Bearer " + b.accessToken;
        this.baseUrl = b.configuredBaseUrl();
        this.pushUrl = Http.url(baseUrl, PUSH_PATH);
        this.replyUrl = Http.url(baseUrl, REPLY_PATH);
        this.http = b.configuredHttpClient();
        this.clock = b.configuredClock();
        this.replyTokenLifetime = b.replyTokenLifetime;
    }

    /**
     * @param channelSecret the channel secret (signs webhooks)
     * @param channelAccessToken the channel access token (sends)
     * @return a builder for {@code https://api.line.me}
     * @throws ValidationException if a value is blank
     */
    public static Builder builder(String channelSecret, String channelAccessToken) {
        return new Builder(channelSecret, channelAccessToken);
    }

    @Override
    public Channel channel() {
        return Channel.LINE;
    }

    @Override
    public IdentityKind identityKind() {
        return IdentityKind.LINE_USER;
    }

    @Override
    public ChannelCapabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * @param body the raw body
     * @param secret the channel secret
     * @return the {@code x-line-signature} LINE would send
     */
    public static String sign(byte[] body, String secret) {
        return Base64.getEncoder().encodeToString(Signatures.hmac("HmacSHA256", Signatures.utf8(secret), body));
    }

    @Override
    public void verify(WebhookRequest request, Instant now) {
        String given = request.header("x-line-signature")
            .orElseThrow(() -> WebhookRejectedException.unauthorized("x-line-signature", "is missing"));
        String expected = Base64.getEncoder().encodeToString(Signatures.hmac("HmacSHA256", secret, request.body()));
        if (!Signatures.matches(expected, given.strip())) {
            throw WebhookRejectedException.unauthorized("x-line-signature", "does not match the body");
        }
    }

    @Override
    public ParsedWebhook parse(WebhookRequest request) {
        JsonNode root = Http.readJson(request);
        JsonNode events = root.get("events");
        if (events == null || !events.isArray()) {
            throw WebhookRejectedException.malformed("events", "must be an array");
        }
        List<ChannelMessage> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ChannelMessage m = event(events.get(i), "events[" + i + "]");
            if (m != null) {
                out.add(m);
            }
        }
        return ParsedWebhook.of(out);
    }

    private @Nullable ChannelMessage event(JsonNode e, String at) {
        String type = Http.text(e, "type", at);
        ChannelMessage.Kind kind = switch (type) {
            case "message" -> ChannelMessage.Kind.MESSAGE;
            case "postback" -> ChannelMessage.Kind.POSTBACK;
            case "follow" -> ChannelMessage.Kind.FOLLOW;
            case "unfollow" -> ChannelMessage.Kind.UNFOLLOW;
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        String eventId = Http.text(e, "webhookEventId", at);
        JsonNode source = e.get("source");
        if (source == null || !source.isObject()) {
            throw WebhookRejectedException.malformed(at + ".source", "must be an object");
        }
        String userId = source.path("userId").asText("");
        if (userId.isEmpty()) {
            return null; // a group member who has not consented: nobody to keep a history for
        }
        String to = switch (source.path("type").asText("")) {
            case "group" -> source.path("groupId").asText(userId);
            case "room" -> source.path("roomId").asText(userId);
            default -> userId;
        };
        long millis = e.path("timestamp").asLong(-1);
        if (millis < 0) {
            throw WebhookRejectedException.malformed(at + ".timestamp", "must be epoch milliseconds");
        }
        String replyToken = e.hasNonNull("replyToken") ? e.get("replyToken").asText() : null;
        String text = "";
        List<Attachment> attachments = List.of();
        if (kind == ChannelMessage.Kind.MESSAGE) {
            JsonNode message = e.get("message");
            if (message == null || !message.isObject()) {
                throw WebhookRejectedException.malformed(at + ".message", "must be an object");
            }
            String messageType = Http.text(message, "type", at + ".message");
            String id = Http.text(message, "id", at + ".message");
            switch (messageType) {
                case "text" -> text = Http.text(message, "text", at + ".message");
                case "image", "video", "audio", "file" -> {
                    text = "[" + messageType + "]";
                    String name = message.path("fileName").asText(messageType + "-" + id);
                    attachments = List.of(new Attachment(name, contentType(messageType),
                        Math.max(0, message.path("fileSize").asLong(0)), "line-content:" + id));
                }
                case "sticker" -> text = "[sticker]";
                case "location" -> text = "[location] " + message.path("address").asText("");
                default -> text = "[" + messageType + "]";
            }
        } else if (kind == ChannelMessage.Kind.POSTBACK) {
            text = Http.text(e.path("postback"), "data", at + ".postback");
        }
        ChannelIdentity identity;
        try {
            identity = ChannelIdentity.line(userId);
        } catch (ValidationException ex) {
            throw WebhookRejectedException.malformed(at + ".source.userId", "is not a LINE user id");
        }
        Instant receivedAt = clock.instant();
        ReplyContext context = new ReplyContext(Map.of(HINT_TO, to), replyToken, receivedAt);
        return new ChannelMessage(Channel.LINE, kind, identity, "LINE ユーザー", text, attachments, context,
            eventId, Instant.ofEpochMilli(millis));
    }

    private static String contentType(String messageType) {
        return switch (messageType) {
            case "image" -> "image/jpeg";
            case "video" -> "video/mp4";
            case "audio" -> "audio/m4a";
            default -> "application/octet-stream";
        };
    }

    private boolean replyTokenUsable(ReplyContext context) {
        return context.replyToken() != null
            && Duration.between(context.receivedAt(), clock.instant()).compareTo(replyTokenLifetime) < 0;
    }

    @Override
    public String endpoint(OutboundMessage message) {
        return replyTokenUsable(message.context()) ? "line:reply" : "line:push";
    }

    @Override
    public SendResult send(OutboundMessage message) {
        ReplyContext context = message.context();
        if (replyTokenUsable(context)) {
            return reply(context, message.texts());
        }
        return push(message);
    }

    /** Writes {@code "messages": [{"type": "text", "text": …}, …]}. */
    private static void messages(JsonGenerator json, List<String> texts) throws IOException {
        json.writeArrayFieldStart("messages");
        for (String t : texts) {
            json.writeStartObject();
            json.writeStringField("type", "text");
            json.writeStringField("text", t);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** A request to a URL parsed when the adapter was built (or, if that failed, the string, failing as before). */
    private Request.Builder request(@Nullable HttpUrl url, String path) {
        Request.Builder b = new Request.Builder();
        return url != null ? b.url(url) : b.url(baseUrl + path);
    }

    private SendResult reply(ReplyContext context, List<String> texts) {
        String token = context.replyToken();
        RequestBody body = Http.jsonBody(json -> {
            json.writeStartObject();
            json.writeStringField("replyToken", token);
            messages(json, texts);
            json.writeEndObject();
        });
        boolean triedBefore = "true".equals(context.hint(HINT_REPLY_AMBIGUOUS));
        Request request = request(replyUrl, REPLY_PATH).post(body).header("Authorization", authorization).build();
        return Exchange.send(http, request, clock, ambiguous(context), r -> {
            if (r.code() == 200) {
                return new SendResult.Sent("200 reply");
            }
            if (r.code() == 400) {
                if (triedBefore) {
                    return new SendResult.Sent("400 reply token used: the lost reply went out");
                }
                return new SendResult.Retry("400 reply token refused; pushing", Duration.ZERO, false,
                    context.withoutToken());
            }
            return Exchange.rejected(r);
        });
    }

    private static ReplyContext ambiguous(ReplyContext context) {
        Map<String, String> hints = new HashMap<>(context.hints());
        hints.put(HINT_REPLY_AMBIGUOUS, "true");
        return new ReplyContext(hints, context.replyToken(), context.receivedAt());
    }

    private SendResult push(OutboundMessage message) {
        String hinted = message.context().hint(HINT_TO);
        String to = hinted != null ? hinted : message.recipient().value();
        List<String> texts = message.texts();
        RequestBody body = Http.jsonBody(json -> {
            json.writeStartObject();
            json.writeStringField("to", to);
            messages(json, texts);
            json.writeEndObject();
        });
        Request request = request(pushUrl, PUSH_PATH).post(body)
            .header("Authorization", authorization)
            .header("X-Line-Retry-Key", message.idempotencyKey())
            .build();
        return Exchange.send(http, request, clock, null, r -> switch (r.code()) {
            case 200 -> new SendResult.Sent("200 push");
            case 409 -> new SendResult.Sent("409 already accepted");
            default -> Exchange.rejected(r);
        });
    }

    @Override
    public String toString() {
        return "LineAdapter[" + baseUrl + "]";
    }

    /** Builds a LINE adapter. Not thread-safe. */
    public static final class Builder extends HttpAdapterBuilder<Builder> {
        private final String secret;
        private final String accessToken;
        private Duration replyTokenLifetime = Duration.ofSeconds(50);

        private Builder(String secret, String accessToken) {
            super("https://api.line.me");
            if (secret == null || secret.isBlank()) {
                throw ValidationException.of("secret", "must be the LINE channel secret, not blank");
            }
            if (accessToken == null || accessToken.isBlank()) {
                throw ValidationException.of("token", "must be the LINE channel access token, not blank");
            }
            this.secret = secret;
            this.accessToken = accessToken;
        }




        /**
         * @param value how long after its message a reply token is used (default 50 s; LINE's own limit is about a
         *     minute and undocumented)
         * @return this builder
         */
        public Builder replyTokenLifetime(Duration value) {
            this.replyTokenLifetime = requireNonNull(value, "replyTokenLifetime");
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** @return the adapter */
        public LineAdapter build() {
            return new LineAdapter(this);
        }
    }
}
