package io.madoguchi.channels.webhooks;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.Signatures;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.core.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a received Standard Webhooks request, for receivers (a host's endpoint, its tests, the CLI): the
 * {@code webhook-timestamp} within the tolerance of now (default ±5 minutes, against replays) and one of the
 * {@code v1} signatures in {@code webhook-signature} matching one of the secrets (several during rotation), each
 * compared in constant time over the raw body bytes. Other signature versions ({@code v1a}) are skipped.
 * Thread-safe; secrets never appear in messages or {@code toString}.
 */
public final class WebhookVerifier {

    private final List<byte[]> keys;
    private final Duration tolerance;

    private WebhookVerifier(List<byte[]> keys, Duration tolerance) {
        this.keys = keys;
        this.tolerance = tolerance;
    }

    /**
     * @param secrets the endpoint's secrets ({@code whsec_…}), at least one
     * @return a verifier with a ±5 minute tolerance
     * @throws ValidationException on {@code secret} if there is none or one is malformed
     */
    public static WebhookVerifier of(List<String> secrets) {
        return of(secrets, Duration.ofMinutes(5));
    }

    /**
     * @param secrets the endpoint's secrets ({@code whsec_…}), at least one
     * @param tolerance how far the timestamp may be from now, either way
     * @return the verifier
     * @throws ValidationException on {@code secret} if there is none or one is malformed, on {@code tolerance} if
     *     it is negative
     */
    public static WebhookVerifier of(List<String> secrets, Duration tolerance) {
        if (secrets == null || secrets.isEmpty()) {
            throw ValidationException.of("secret", "at least one secret is needed");
        }
        if (requireNonNull(tolerance, "tolerance").isNegative()) {
            throw ValidationException.of("tolerance", "must not be negative");
        }
        List<byte[]> keys = new ArrayList<>();
        for (String s : secrets) {
            keys.add(StandardWebhooks.key(s));
        }
        return new WebhookVerifier(List.copyOf(keys), tolerance);
    }

    /**
     * @param request the received request, with its raw body
     * @param now the current instant
     * @return the {@code webhook-id}, for the receiver's dedupe
     * @throws WebhookRejectedException 401 naming the header if a header is missing or malformed, the timestamp is
     *     outside the tolerance, or no signature matches
     */
    public String verify(WebhookRequest request, Instant now) {
        String id = request.header(StandardWebhooks.ID).map(String::strip).filter(s -> !s.isEmpty())
            .orElseThrow(() -> WebhookRejectedException.unauthorized(StandardWebhooks.ID, "is missing"));
        String ts = request.header(StandardWebhooks.TIMESTAMP).map(String::strip)
            .orElseThrow(() -> WebhookRejectedException.unauthorized(StandardWebhooks.TIMESTAMP, "is missing"));
        String header = request.header(StandardWebhooks.SIGNATURE).map(String::strip)
            .orElseThrow(() -> WebhookRejectedException.unauthorized(StandardWebhooks.SIGNATURE, "is missing"));
        long seconds;
        try {
            seconds = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            throw WebhookRejectedException.unauthorized(StandardWebhooks.TIMESTAMP, "is not a number of seconds");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.getSeconds()) {
            throw WebhookRejectedException.unauthorized(StandardWebhooks.TIMESTAMP,
                "is more than " + tolerance.getSeconds() + " s from now (stale, replayed or from the future)");
        }
        byte[] body = request.body();
        List<String> expected = new ArrayList<>();
        for (byte[] key : keys) {
            expected.add(StandardWebhooks.sign(key, id, ts, body).substring(3));
        }
        boolean ok = false;
        for (String sig : header.split(" ")) {
            int comma = sig.indexOf(',');
            if (comma < 0 || !"v1".equals(sig.substring(0, comma))) {
                continue;
            }
            String given = sig.substring(comma + 1);
            for (String e : expected) {
                ok |= Signatures.matches(e, given);
            }
        }
        if (!ok) {
            throw WebhookRejectedException.unauthorized(StandardWebhooks.SIGNATURE,
                "no v1 signature matches the id, timestamp and body");
        }
        return id;
    }

    @Override
    public String toString() {
        return "WebhookVerifier[" + keys.size() + " secrets, ±" + tolerance.getSeconds() + " s]";
    }
}
