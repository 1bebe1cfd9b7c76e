package io.madoguchi.channels.webhooks;

import io.madoguchi.channels.Signatures;
import io.madoguchi.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The symmetric signature scheme of the Standard Webhooks specification: the content signed is
 * {@code webhook-id + "." + webhook-timestamp + "." + body}, with HMAC-SHA256 under a secret serialized as
 * {@code whsec_} + Base64 of 24 to 64 random bytes; a signature is {@code v1,} + Base64 of the MAC, and the
 * {@code webhook-signature} header lists several, space-delimited, during key rotation. Thread-safe.
 */
public final class StandardWebhooks {

    /** The header carrying the message id (the same on every retry). */
    public static final String ID = "webhook-id";
    /** The header carrying the attempt's Unix time in seconds. */
    public static final String TIMESTAMP = "webhook-timestamp";
    /** The header carrying the space-delimited signatures. */
    public static final String SIGNATURE = "webhook-signature";
    /** The prefix of a serialized symmetric secret. */
    public static final String SECRET_PREFIX = "whsec_";

    /**
     * The specification's example retry schedule: the delay before each attempt after the first (5 s, 5 min, 30 min,
     * 2 h, 5 h, 10 h, 14 h, 20 h, 24 h), ten attempts spanning about 75 hours.
     */
    public static final List<Duration> RETRY_SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
        Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14),
        Duration.ofHours(20), Duration.ofHours(24));

    private StandardWebhooks() {
    }

    /**
     * @param secret a serialized secret, {@code whsec_} + Base64
     * @return its key bytes
     * @throws ValidationException on field {@code secret} if it lacks the prefix, is not Base64, or is not 24 to 64
     *     bytes
     */
    public static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw ValidationException.of("secret", "must start with '" + SECRET_PREFIX + "'");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()).strip());
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("secret", "must be '" + SECRET_PREFIX + "' followed by Base64");
        }
        if (key.length < 24 || key.length > 64) {
            throw ValidationException.of("secret", "must hold 24 to 64 bytes, held " + key.length);
        }
        return key;
    }

    /**
     * @param key the key bytes
     * @param id the message id (no {@code .})
     * @param timestamp the Unix time in seconds
     * @param body the exact body bytes sent
     * @return {@code v1,} + Base64(HMAC-SHA256(key, id.timestamp.body))
     */
    public static String sign(byte[] key, String id, long timestamp, byte[] body) {
        return sign(key, id, Long.toString(timestamp), body);
    }

    /**
     * @param key the key bytes
     * @param id the message id (no {@code .})
     * @param timestamp the {@code webhook-timestamp} header exactly as sent
     * @param body the exact body bytes sent
     * @return {@code v1,} + Base64(HMAC-SHA256(key, id.timestamp.body))
     */
    public static String sign(byte[] key, String id, String timestamp, byte[] body) {
        byte[] mac = Signatures.hmac("HmacSHA256", key, (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8),
            body);
        return "v1," + Base64.getEncoder().encodeToString(mac);
    }

    /**
     * @param secrets serialized secrets: the current one first, then older ones still in rotation
     * @param id the message id
     * @param timestamp the Unix time in seconds
     * @param body the body bytes
     * @return the {@code webhook-signature} header value: one signature per secret, space-delimited
     * @throws ValidationException if a secret is malformed
     */
    public static String signatureHeader(List<String> secrets, String id, long timestamp, byte[] body) {
        List<String> out = new ArrayList<>();
        for (String s : secrets) {
            out.add(sign(key(s), id, timestamp, body));
        }
        return String.join(" ", out);
    }
}
