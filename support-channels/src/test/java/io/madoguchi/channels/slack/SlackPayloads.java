package io.madoguchi.channels.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Slack Events API bodies in the shape of slack_events_api_async_v1.json, signed as Slack signs them. */
final class SlackPayloads {

    static final ObjectMapper JSON = new ObjectMapper();

    private SlackPayloads() {
    }

    static ObjectNode envelope(String eventId, Instant at, ObjectNode event) {
        ObjectNode root = JSON.createObjectNode();
        root.put("token", "XXYYZZ");
        root.put("team_id", "T061EG9R6");
        root.put("api_app_id", "A0PNCHHK2");
        root.set("event", event);
        root.put("type", "event_callback");
        root.put("event_id", eventId);
        root.put("event_time", at.getEpochSecond());
        root.putArray("authed_users").add("U061F7AUR");
        return root;
    }

    static ObjectNode message(String user, String text, String ts) {
        ObjectNode e = JSON.createObjectNode();
        e.put("type", "message");
        e.put("channel", "D024BE91L");
        e.put("user", user);
        e.put("text", text);
        e.put("ts", ts);
        e.put("channel_type", "im");
        return e;
    }

    static byte[] bytes(ObjectNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WebhookRequest request(String secret, byte[] body, Instant at) {
        String ts = Long.toString(at.getEpochSecond());
        return WebhookRequest.of("POST", "https://desk.example.jp/webhooks/slack",
            Map.of("Content-Type", List.of("application/json"), "X-Slack-Request-Timestamp", List.of(ts),
                "X-Slack-Signature", List.of(SlackAdapter.sign(body, ts, secret))), body, WebhookLimits.DEFAULT);
    }
}
