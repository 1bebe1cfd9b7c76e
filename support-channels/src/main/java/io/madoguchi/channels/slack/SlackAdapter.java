package io.madoguchi.channels.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.madoguchi.channels.WebhookResponse;
import io.madoguchi.channels.internal.Exchange;
import io.madoguchi.channels.internal.Http;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.IdentityKind;
import io.madoguchi.core.ticket.Attachment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Slack Events API. Inbound: {@code X-Slack-Signature} = {@code v0=} + hex(HMAC-SHA256(signing secret,
 * {@code "v0:" + X-Slack-Request-Timestamp + ":" + raw body})), checked in constant time, and the timestamp within
 * 300 s of the clock; {@code url_verification} answered with its challenge; {@code message} and
 * {@code app_mention} events deduplicated on the message they carry (workspace, channel and {@code ts}, which Slack
 * keeps unique per channel), not on {@code event_id}: an app subscribed to both gets a message that mentions it
 * twice, under two event ids, and a retry repeats one of them; messages from bots ({@code bot_id}, any
 * {@code subtype} but {@code file_share}) are left out so the desk never answers itself. Outbound:
 * {@code chat.postMessage} into the customer's thread; {@code ok:false}
 * errors Slack documents as transient ({@code ratelimited}, {@code internal_error}, {@code fatal_error},
 * {@code service_unavailable}, {@code request_timeout}) are retried, the others are permanent; 429 waits for
 * {@code Retry-After}. Slack takes no idempotency key on {@code chat.postMessage}: a request whose response was lost
 * may be posted twice when it is retried (the kit's slow-response test allows for this). Thread-safe.
 */
public final class SlackAdapter implements ChannelAdapter {

    /** Hint key: the conversation (channel or DM id) the customer wrote in. */
    public static final String HINT_CHANNEL = "slack.channel";
    /** Hint key: the thread's {@code ts} (the customer's message if it started no thread). */
    public static final String HINT_THREAD = "slack.thread";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChannelCapabilities CAPABILITIES = new ChannelCapabilities(4_000, 1, false, true);
    private static final Duration WINDOW = Duration.ofSeconds(300);
    private static final Set<String> TRANSIENT = Set.of("ratelimited", "internal_error", "fatal_error",
        "service_unavailable", "request_timeout");

    private final byte[] signingSecret;
    private final String botToken;
    private final String baseUrl;
    private final OkHttpClient http;
    private final Clock clock;

    private SlackAdapter(Builder b) {
        this.signingSecret = Signatures.utf8(b.signingSecret);
        this.botToken = b.botToken;
        this.baseUrl = b.configuredBaseUrl();
        this.http = b.configuredHttpClient();
        this.clock = b.configuredClock();
    }

    /**
     * @param signingSecret the app's signing secret
     * @param botToken the bot token ({@code xoxb-…})
     * @return a builder for {@code https://slack.com}
     * @throws ValidationException if a value is blank
     */
    public static Builder builder(String signingSecret, String botToken) {
        return new Builder(signingSecret, botToken);
    }

    /**
     * @param body the raw body
     * @param timestamp the {@code X-Slack-Request-Timestamp} value
     * @param secret the signing secret
     * @return the {@code X-Slack-Signature} Slack would send
     */
    public static String sign(byte[] body, String timestamp, String secret) {
        byte[] mac = Signatures.hmac("HmacSHA256", Signatures.utf8(secret),
            ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8), body);
        return "v0=" + HexFormat.of().formatHex(mac);
    }

    @Override
    public Channel channel() {
        return Channel.SLACK;
    }

    @Override
    public IdentityKind identityKind() {
        return IdentityKind.SLACK_USER;
    }

    @Override
    public ChannelCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void verify(WebhookRequest request, Instant now) {
        String ts = request.header("X-Slack-Request-Timestamp")
            .orElseThrow(() -> WebhookRejectedException.unauthorized("X-Slack-Request-Timestamp", "is missing"));
        String given = request.header("X-Slack-Signature")
            .orElseThrow(() -> WebhookRejectedException.unauthorized("X-Slack-Signature", "is missing"));
        long seconds;
        try {
            seconds = Long.parseLong(ts.strip());
        } catch (NumberFormatException e) {
            throw WebhookRejectedException.unauthorized("X-Slack-Request-Timestamp", "is not a number of seconds");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > WINDOW.getSeconds()) {
            throw WebhookRejectedException.unauthorized("X-Slack-Request-Timestamp",
                "is more than 300 s from now (stale or replayed)");
        }
        byte[] mac = Signatures.hmac("HmacSHA256", signingSecret,
            ("v0:" + ts.strip() + ":").getBytes(StandardCharsets.UTF_8), request.body());
        if (!Signatures.matches("v0=" + HexFormat.of().formatHex(mac), given.strip())) {
            throw WebhookRejectedException.unauthorized("X-Slack-Signature", "does not match the body");
        }
    }

    @Override
    public ParsedWebhook parse(WebhookRequest request) {
        JsonNode root = Http.readJson(request);
        String type = Http.text(root, "type", "body");
        if ("url_verification".equals(type)) {
            String challenge = Http.text(root, "challenge", "body");
            return new ParsedWebhook(List.of(), WebhookResponse.of(200, "text/plain; charset=utf-8", challenge));
        }
        if (!"event_callback".equals(type)) {
            return ParsedWebhook.of(List.of());
        }
        Http.text(root, "event_id", "body");
        JsonNode event = root.get("event");
        if (event == null || !event.isObject()) {
            throw WebhookRejectedException.malformed("body.event", "must be an object");
        }
        String eventType = Http.text(event, "type", "body.event");
        if (!"message".equals(eventType) && !"app_mention".equals(eventType)) {
            return ParsedWebhook.of(List.of());
        }
        String subtype = event.path("subtype").asText("");
        if (event.hasNonNull("bot_id") || !subtype.isEmpty() && !"file_share".equals(subtype)) {
            return ParsedWebhook.of(List.of()); // bots (the desk itself), edits, deletions, joins
        }
        String user = Http.text(event, "user", "body.event");
        String channel = Http.text(event, "channel", "body.event");
        String ts = Http.text(event, "ts", "body.event");
        String thread = event.hasNonNull("thread_ts") ? event.get("thread_ts").asText() : ts;
        String text = event.path("text").asText("");
        List<Attachment> attachments = new ArrayList<>();
        for (JsonNode f : event.path("files")) {
            if (attachments.size() == 20) {
                break;
            }
            attachments.add(new Attachment(f.path("name").asText("file"),
                f.path("mimetype").asText("application/octet-stream"), Math.max(0, f.path("size").asLong(0)),
                f.path("url_private").asText("slack-file:" + f.path("id").asText(""))));
        }
        if (text.isBlank()) {
            text = attachments.isEmpty() ? "[empty]" : "[file]";
        }
        ChannelIdentity identity;
        try {
            identity = ChannelIdentity.slack(user);
        } catch (ValidationException e) {
            throw WebhookRejectedException.malformed("body.event.user", "is not a Slack user id");
        }
        long eventTime = root.path("event_time").asLong(clock.instant().getEpochSecond());
        ReplyContext context = new ReplyContext(Map.of(HINT_CHANNEL, channel, HINT_THREAD, thread), null,
            clock.instant());
        return ParsedWebhook.of(List.of(new ChannelMessage(Channel.SLACK, ChannelMessage.Kind.MESSAGE, identity,
            "Slack ユーザー", text, attachments, context, messageId(root, event, channel, ts),
            Instant.ofEpochSecond(eventTime))));
    }

    /**
     * The id the desk dedupes a customer's message on: its workspace, channel and {@code ts}, the same in the
     * {@code message} and the {@code app_mention} event of one message and in every retry of either, where their
     * {@code event_id}s differ between the two.
     */
    private static String messageId(JsonNode root, JsonNode event, String channel, String ts) {
        String team = root.path("team_id").asText(event.path("team").asText(""));
        return "message:" + team + "/" + channel + "/" + ts;
    }

    @Override
    public String endpoint(OutboundMessage message) {
        return "slack:chat.postMessage";
    }

    @Override
    public SendResult send(OutboundMessage message) {
        String channel = message.context().hint(HINT_CHANNEL);
        ObjectNode body = JSON.createObjectNode()
            .put("channel", channel != null ? channel : message.recipient().value())
            .put("text", String.join("\n", message.texts()));
        String thread = message.context().hint(HINT_THREAD);
        if (thread != null && channel != null) {
            body.put("thread_ts", thread);
        }
        Request request = Http.postJson(baseUrl + "/api/chat.postMessage", body)
            .header("Authorization", "Bearer " + botToken).build();
        return Exchange.send(http, request, clock, null, r -> {
            if (r.code() != 200) {
                return Exchange.rejected(r);
            }
            String raw = r.body() == null ? "" : r.body().string();
            JsonNode answer;
            try {
                answer = JSON.readTree(raw);
            } catch (IOException e) {
                answer = null;
            }
            if (answer == null || !answer.has("ok")) {
                return new SendResult.Retry("200 without a Slack answer", null, true, null);
            }
            if (answer.path("ok").asBoolean(false)) {
                return new SendResult.Sent("ok");
            }
            String error = answer.path("error").asText("unknown_error");
            if (TRANSIENT.contains(error)) {
                return new SendResult.Retry("ok:false " + error, Http.retryAfter(r, clock), true, null);
            }
            return new SendResult.Rejected("ok:false " + Http.providerText(error));
        });
    }

    @Override
    public String toString() {
        return "SlackAdapter[" + baseUrl + "]";
    }

    /** Builds a Slack adapter. Not thread-safe. */
    public static final class Builder extends HttpAdapterBuilder<Builder> {
        private final String signingSecret;
        private final String botToken;

        private Builder(String signingSecret, String botToken) {
            super("https://slack.com");
            if (signingSecret == null || signingSecret.isBlank()) {
                throw ValidationException.of("secret", "must be the Slack signing secret, not blank");
            }
            if (botToken == null || botToken.isBlank()) {
                throw ValidationException.of("token", "must be the Slack bot token, not blank");
            }
            this.signingSecret = signingSecret;
            this.botToken = botToken;
        }




        @Override
        protected Builder self() {
            return this;
        }

        /** @return the adapter */
        public SlackAdapter build() {
            return new SlackAdapter(this);
        }
    }
}
