package io.madoguchi.examples.cli;

import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.line.LineAdapter;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.slack.SlackAdapter;
import io.madoguchi.channels.twilio.TwilioAdapter;
import io.madoguchi.core.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The channels the webhook commands know: which adapters exist and how each provider signs a body. */
final class WebhookChannels {

    /** Channel names the issue spells for the commands. */
    static final Set<String> NAMED = Set.of("line", "slack", "twilio", "webhooks");
    /** Those with an adapter today. */
    static final Set<String> BUILT = Set.of("line", "slack", "twilio", "webhooks");
    /** The URL ingest signs Twilio payloads for (Twilio signs the URL it calls). */
    static final String TWILIO_URL = "https://localhost/webhooks/twilio";
    /** A well-formed account SID for an adapter that only verifies and parses (the CLI never sends). */
    private static final String CLI_ACCOUNT = "AC00000000000000000000000000000000";

    private WebhookChannels() {
    }

    /**
     * @param channel a channel name
     * @return null if the commands can use it, else the one-line problem
     */
    static @Nullable String problem(String channel) {
        if (!NAMED.contains(channel)) {
            return "--channel: must be one of line, slack, twilio, webhooks; was '" + channel + "'";
        }
        if (!BUILT.contains(channel)) {
            return "--channel: '" + channel + "' has no adapter yet";
        }
        return null;
    }

    /**
     * @param channel a channel with an adapter (not {@code webhooks})
     * @param secret the {@code --secret} value
     * @return null if the channel's adapter takes the secret, else the one-line problem naming {@code --secret}
     *     (never the secret itself)
     */
    static @Nullable String secretProblem(String channel, String secret) {
        try {
            adapter(channel, secret, Clock.systemUTC());
            return null;
        } catch (ValidationException e) {
            return "--secret: " + e.violations().get(0).message();
        }
    }

    static ChannelAdapter adapter(String channel, String secret, Clock clock) {
        return switch (channel) {
            case "line" -> LineAdapter.builder(secret, "cli-does-not-send").clock(clock).build();
            case "slack" -> SlackAdapter.builder(secret, "cli-does-not-send").clock(clock).build();
            case "twilio" -> TwilioAdapter.builder(CLI_ACCOUNT, secret).from("+10000000000").clock(clock).build();
            default -> throw new IllegalArgumentException(channel);
        };
    }

    /** The request the provider would send with this body, signed with the secret at {@code now}. */
    static WebhookRequest signed(String channel, String secret, byte[] body, Instant now) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        switch (channel) {
            case "line" -> headers.put("x-line-signature", List.of(LineAdapter.sign(body, secret)));
            case "slack" -> {
                String ts = Long.toString(now.getEpochSecond());
                headers.put("X-Slack-Request-Timestamp", List.of(ts));
                headers.put("X-Slack-Signature", List.of(SlackAdapter.sign(body, ts, secret)));
            }
            case "twilio" -> {
                headers.put("Content-Type", List.of("application/x-www-form-urlencoded"));
                Map<String, List<String>> params;
                try {
                    params = TwilioAdapter.form(body);
                } catch (WebhookRejectedException e) {
                    params = Map.of(); // not a form: Twilio never sends it; the adapter refuses it as malformed
                }
                headers.put("X-Twilio-Signature", List.of(TwilioAdapter.sign(TWILIO_URL, params, secret)));
                return WebhookRequest.of("POST", TWILIO_URL, headers, body, WebhookLimits.DEFAULT);
            }
            default -> throw new IllegalArgumentException(channel);
        }
        return WebhookRequest.of("POST", "https://localhost/webhooks/" + channel, headers, body,
            WebhookLimits.DEFAULT);
    }
}
