package io.madoguchi.channels.email;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * SendGrid Inbound Parse with "POST the raw, full MIME message" on: a {@code multipart/form-data} POST whose
 * {@code email} field is the raw mail. Verified with the signature of a Parse webhook security policy:
 * {@code X-Twilio-Email-Event-Webhook-Signature} is the Base64 ECDSA (P-256, SHA-256) signature of
 * {@code X-Twilio-Email-Event-Webhook-Timestamp} followed by the raw body, checked against the policy's public key;
 * the timestamp must be within 300 s of the clock. The signature covers the whole body, so an altered mail is
 * refused; SendGrid retries deliver the same mail again, deduplicated on its Message-ID. Thread-safe.
 */
public final class SendGridInbound implements InboundMailSource {

    /** The signature header. */
    public static final String SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature";
    /** The timestamp header. */
    public static final String TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp";
    private static final Duration WINDOW = Duration.ofSeconds(300);

    private final PublicKey publicKey;

    private SendGridInbound(PublicKey publicKey) {
        this.publicKey = publicKey;
    }

    /**
     * @param base64PublicKey the security policy's {@code public_key} (Base64 of the X.509 SubjectPublicKeyInfo)
     * @return the source
     * @throws ValidationException if the key is not a Base64 EC public key
     */
    public static SendGridInbound withPublicKey(String base64PublicKey) {
        if (base64PublicKey == null || base64PublicKey.isBlank()) {
            throw ValidationException.of("publicKey", "must be the SendGrid policy's public key, not blank");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64PublicKey.replaceAll("-----[A-Z ]+-----", "").strip());
            return new SendGridInbound(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw ValidationException.of("publicKey", "must be a Base64 EC public key (X.509 SubjectPublicKeyInfo)");
        }
    }

    /**
     * @param key the public key
     * @return the source
     */
    public static SendGridInbound withPublicKey(PublicKey key) {
        return new SendGridInbound(requireNonNull(key, "key"));
    }

    @Override
    public void verify(WebhookRequest request, Instant now) {
        String ts = request.header(TIMESTAMP)
            .orElseThrow(() -> WebhookRejectedException.unauthorized(TIMESTAMP, "is missing"));
        String sig = request.header(SIGNATURE)
            .orElseThrow(() -> WebhookRejectedException.unauthorized(SIGNATURE, "is missing"));
        long seconds;
        try {
            seconds = Long.parseLong(ts.strip());
        } catch (NumberFormatException e) {
            throw WebhookRejectedException.unauthorized(TIMESTAMP, "is not a number of seconds");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > WINDOW.getSeconds()) {
            throw WebhookRejectedException.unauthorized(TIMESTAMP, "is more than 300 s from now (stale or replayed)");
        }
        boolean ok;
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(publicKey);
            verifier.update(ts.strip().getBytes(StandardCharsets.UTF_8));
            verifier.update(request.body());
            ok = verifier.verify(Base64.getDecoder().decode(sig.strip()));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw WebhookRejectedException.unauthorized(SIGNATURE, "does not match the body");
        }
    }

    @Override
    public byte[] rawMime(WebhookRequest request) {
        Map<String, byte[]> fields = FormData.parse(request);
        byte[] raw = fields.get("email");
        if (raw == null || raw.length == 0) {
            throw WebhookRejectedException.malformed("body.email",
                "is missing: turn on \"POST the raw, full MIME message\" for the Parse setting");
        }
        return raw;
    }

    @Override
    public String toString() {
        return "SendGridInbound[ECDSA]";
    }
}
