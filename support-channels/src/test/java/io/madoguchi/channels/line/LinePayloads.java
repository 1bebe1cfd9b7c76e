package io.madoguchi.channels.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** LINE webhook bodies in the shape of line-webhook.yml, signed as LINE signs them. */
final class LinePayloads {

    static final ObjectMapper JSON = new ObjectMapper();

    private LinePayloads() {
    }

    static ObjectNode base(String type, String eventId, String userId, Instant at, boolean redelivery) {
        ObjectNode e = JSON.createObjectNode();
        e.put("type", type);
        e.put("mode", "active");
        e.put("timestamp", at.toEpochMilli());
        ObjectNode source = e.putObject("source");
        source.put("type", "user");
        source.put("userId", userId);
        e.put("webhookEventId", eventId);
        e.putObject("deliveryContext").put("isRedelivery", redelivery);
        return e;
    }

    static ObjectNode text(String eventId, String userId, String text, Instant at, @Nullable String replyToken) {
        ObjectNode e = base("message", eventId, userId, at, false);
        if (replyToken != null) {
            e.put("replyToken", replyToken);
        }
        ObjectNode m = e.putObject("message");
        m.put("id", "4" + Math.abs(eventId.hashCode()));
        m.put("type", "text");
        m.put("quoteToken", "q3Plxr4AgKd...");
        m.put("text", text);
        return e;
    }

    static byte[] body(List<ObjectNode> events) {
        ObjectNode root = JSON.createObjectNode();
        root.put("destination", "U0123456789abcdef0123456789abcdef");
        ArrayNode a = root.putArray("events");
        events.forEach(a::add);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] textMessage(String eventId, String userId, String text, Instant at, String replyToken) {
        return body(List.of(text(eventId, userId, text, at, replyToken)));
    }

    static WebhookRequest request(String secret, byte[] body) {
        return WebhookRequest.of("POST", "https://desk.example.jp/webhooks/line",
            Map.of("Content-Type", List.of("application/json; charset=utf-8"),
                "x-line-signature", List.of(LineAdapter.sign(body, secret))), body, WebhookLimits.DEFAULT);
    }

    static @Nullable String replyToken(String requestBody) {
        try {
            JsonNode n = JSON.readTree(requestBody.getBytes(StandardCharsets.UTF_8));
            return n.hasNonNull("replyToken") ? n.get("replyToken").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
