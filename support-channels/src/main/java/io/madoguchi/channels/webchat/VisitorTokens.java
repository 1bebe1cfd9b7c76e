package io.madoguchi.channels.webchat;

import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.core.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks visitor tokens: {@code base64url(payload) "." base64url(HMAC-SHA256(secret, payload))}, the
 * payload holding the visitor id, the issue time, the language and the display name. A token cannot be made or
 * changed without the secret; an anonymous visitor id is 128 random bits. The signature also covers the tenant (not
 * written in the token), so a token one tenant's chat issued is refused by another tenant's even when a host gives
 * both the same secret: visitor ids are per tenant, and {@code u-42} of one shop is not {@code u-42} of another.
 * Thread-safe.
 */
final class VisitorTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_CHARS = 2_048;

    /** What a valid token says. */
    record Visitor(String id, Instant issuedAt, String language, String displayName) {
        @Override
        public String toString() {
            return "Visitor[" + id.substring(0, Math.min(6, id.length())) + "…]";
        }
    }

    private final byte[] secret;
    /** The tenant's id and a newline, signed before each payload. */
    private final byte[] tenant;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    VisitorTokens(byte[] secret, TenantId tenant, Clock clock, Duration lifetime) {
        this.secret = secret.clone();
        this.tenant = (tenant.value() + "\n").getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** @return a fresh anonymous visitor id: {@code v-} and 22 characters of 128 random bits */
    String newVisitorId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return "v-" + B64.encodeToString(b);
    }

    String issue(Visitor v) {
        String payload = "1\n" + v.id() + "\n" + v.issuedAt().getEpochSecond() + "\n" + v.language() + "\n"
            + v.displayName();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(bytes));
    }

    /**
     * @param token a token from a request
     * @return the visitor it names
     * @throws WebhookRejectedException with 401 if the token is malformed, forged, or expired
     */
    Visitor verify(String token) {
        int dot = token.indexOf('.');
        if (token.length() > MAX_TOKEN_CHARS || dot <= 0 || dot != token.lastIndexOf('.')) {
            throw WebhookRejectedException.unauthorized("token", "is not a visitor token");
        }
        byte[] payload;
        byte[] given;
        try {
            payload = B64D.decode(token.substring(0, dot));
            given = B64D.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw WebhookRejectedException.unauthorized("token", "is not a visitor token");
        }
        if (!MessageDigest.isEqual(mac(payload), given)) {
            throw WebhookRejectedException.unauthorized("token", "has a bad signature");
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", 5);
        if (parts.length != 5 || !"1".equals(parts[0])) {
            throw WebhookRejectedException.unauthorized("token", "has an unknown version");
        }
        Instant issued;
        try {
            issued = Instant.ofEpochSecond(Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw WebhookRejectedException.unauthorized("token", "has a malformed issue time");
        }
        if (issued.plus(lifetime).isBefore(clock.instant())) {
            throw WebhookRejectedException.unauthorized("token", "has expired; start a new conversation");
        }
        return new Visitor(parts[1], issued, parts[3], parts[4]);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(tenant);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "VisitorTokens[lifetime=" + lifetime + "]";
    }
}
