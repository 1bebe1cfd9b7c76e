package io.madoguchi.channels.email;

import io.madoguchi.channels.Signatures;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mailgun routes that forward to a URL ending in {@code mime}: a form POST whose {@code body-mime} field is the raw
 * mail, signed with the fields {@code timestamp}, {@code token} and {@code signature} = hex(HMAC-SHA256(webhook
 * signing key, timestamp + token)), compared in constant time. Mailgun's signature does not cover the mail, so the
 * timestamp must be within 300 s of the clock and each token is accepted once: tokens are remembered until they are
 * older than the window (they would be refused as stale after that) and at most {@code maxTokens} at a time; while
 * that many fresh tokens are held, further requests are answered 503 (Mailgun retries later) rather than forgetting
 * a token that could then be replayed. A retried delivery from Mailgun carries a new token and is deduplicated on
 * the mail's Message-ID. Thread-safe.
 */
public final class MailgunInbound implements InboundMailSource {

    private static final Duration WINDOW = Duration.ofSeconds(300);

    private final byte[] signingKey;
    private final int maxTokens;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    private MailgunInbound(String signingKey, int maxTokens) {
        this.signingKey = Signatures.utf8(signingKey);
        this.maxTokens = maxTokens;
    }

    /**
     * @param signingKey the HTTP webhook signing key
     * @return the source, remembering at most 100,000 tokens
     * @throws ValidationException if the key is blank
     */
    public static MailgunInbound withSigningKey(String signingKey) {
        return withSigningKey(signingKey, 100_000);
    }

    /**
     * @param signingKey the HTTP webhook signing key
     * @param maxTokens the most tokens remembered at once
     * @return the source
     * @throws ValidationException if the key is blank or the bound not positive
     */
    public static MailgunInbound withSigningKey(String signingKey, int maxTokens) {
        if (signingKey == null || signingKey.isBlank()) {
            throw ValidationException.of("signingKey", "must be the Mailgun webhook signing key, not blank");
        }
        if (maxTokens <= 0) {
            throw ValidationException.of("maxTokens", "must be positive");
        }
        return new MailgunInbound(signingKey, maxTokens);
    }

    /**
     * @param timestamp the timestamp field
     * @param token the token field
     * @param signingKey the signing key
     * @return the {@code signature} field Mailgun would send
     */
    public static String sign(String timestamp, String token, String signingKey) {
        return HexFormat.of().formatHex(Signatures.hmac("HmacSHA256", Signatures.utf8(signingKey),
            (timestamp + token).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void verify(WebhookRequest request, Instant now) {
        Map<String, byte[]> fields = FormData.parse(request);
        String timestamp = FormData.text(fields, "timestamp");
        String token = FormData.text(fields, "token");
        String signature = FormData.text(fields, "signature");
        if (signature == null || signature.isEmpty()) {
            throw WebhookRejectedException.unauthorized("signature", "is missing");
        }
        if (timestamp == null || token == null || token.isEmpty() || token.length() > 200) {
            throw WebhookRejectedException.unauthorized(timestamp == null ? "timestamp" : "token",
                "is missing or too long");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw WebhookRejectedException.unauthorized("timestamp", "is not a number of seconds");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > WINDOW.getSeconds()) {
            throw WebhookRejectedException.unauthorized("timestamp", "is more than 300 s from now (stale or replayed)");
        }
        if (!Signatures.matches(sign(timestamp, token, new String(signingKey, StandardCharsets.UTF_8)), signature)) {
            throw WebhookRejectedException.unauthorized("signature", "does not match the timestamp and token");
        }
        claim(token, Instant.ofEpochSecond(seconds), now);
    }

    private synchronized void claim(String token, Instant signedAt, Instant now) {
        // arrival order is close to signing order: the tokens old enough to forget sit in front
        Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Instant> e = it.next();
            if (e.getValue().isBefore(now.minus(WINDOW))) {
                it.remove();
            } else {
                break;
            }
        }
        if (seen.containsKey(token)) {
            throw WebhookRejectedException.unauthorized("token", "was used before (replayed request)");
        }
        if (seen.size() >= maxTokens) {
            throw new WebhookRejectedException(503, "token", "too many requests within 300 s; retry later");
        }
        seen.put(token, signedAt);
    }

    /** @return how many tokens are remembered now */
    public synchronized int rememberedTokens() {
        return seen.size();
    }

    @Override
    public byte[] rawMime(WebhookRequest request) {
        byte[] raw = FormData.parse(request).get("body-mime");
        if (raw == null || raw.length == 0) {
            throw WebhookRejectedException.malformed("body.body-mime",
                "is missing: the route must forward to a URL ending in 'mime'");
        }
        return raw;
    }

    @Override
    public String toString() {
        return "MailgunInbound[" + seen.size() + " tokens]";
    }
}
