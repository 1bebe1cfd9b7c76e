package io.madoguchi.channels;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How to answer in the same place a customer wrote: thread hints that stay valid (a Slack channel and thread
 * {@code ts}) and a single-use token that is only good for a short while (a LINE reply token). Adapters define the
 * keys. Immutable; {@code toString} prints the keys only.
 *
 * @param hints thread hints, kept for every reply on the ticket
 * @param replyToken a single-use reply token, or null
 * @param receivedAt when the inbound message carrying the token arrived (the token's age counts from here)
 */
public record ReplyContext(Map<String, String> hints, @Nullable String replyToken, Instant receivedAt) {

    /**
     * Copies the hints.
     *
     * @param hints thread hints, kept for every reply on the ticket
     * @param replyToken a single-use reply token, or null
     * @param receivedAt when the inbound message carrying the token arrived (the token's age counts from here)
     */
    public ReplyContext {
        hints = Map.copyOf(requireNonNull(hints, "hints"));
        requireNonNull(receivedAt, "receivedAt");
    }

    /**
     * @param receivedAt when
     * @return a context without hints or token
     */
    public static ReplyContext none(Instant receivedAt) {
        return new ReplyContext(Map.of(), null, receivedAt);
    }

    /**
     * @param key a hint's key
     * @return its value, or null
     */
    public @Nullable String hint(String key) {
        return hints.get(key);
    }

    /** @return this context without its reply token (the token is single-use) */
    public ReplyContext withoutToken() {
        return replyToken == null ? this : new ReplyContext(hints, null, receivedAt);
    }

    @Override
    public String toString() {
        return "ReplyContext[hints=" + hints.keySet() + ", token=" + (replyToken != null) + "]";
    }
}
