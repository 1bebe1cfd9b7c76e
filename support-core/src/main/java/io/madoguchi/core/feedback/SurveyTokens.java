package io.madoguchi.core.feedback;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.feedback.InvalidSurveyTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs and verifies survey tokens: {@code st1.<keyId>.<base64url payload>.<base64url HMAC-SHA256>}.
 * The payload binds the invitation, tenant, customer, ticket and expiry. MACs are compared in constant time
 * ({@link MessageDigest#isEqual}). Both base64url parts must be in the canonical form {@link #sign} writes (no
 * {@code =} padding, unused trailing bits zero): a token has exactly one accepted spelling.
 *
 * <p>Thread-safe.
 */
public final class SurveyTokens {

    private static final String VERSION = "st1";
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    /**
     * The claims a token carries.
     *
     * @param invitationId the invitation
     * @param tenant the tenant it is bound to
     * @param customer the only customer who may answer
     * @param ticket the ticket, absent for relationship surveys
     * @param expiresAt when it stops being accepted
     */
    public record Claims(String invitationId, TenantId tenant, CustomerId customer, @Nullable TicketId ticket,
                         Instant expiresAt) {
    }

    private final SurveyKeyRing keys;

    /**
     * @param keys the key ring
     */
    public SurveyTokens(SurveyKeyRing keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * @param claims what to bind
     * @return the token, signed with the ring's newest key
     * @throws IllegalStateException if the ring has no active key
     */
    public String sign(Claims claims) {
        String payload = String.join("\n", claims.invitationId(), claims.tenant().value(), claims.customer().value(),
            claims.ticket() == null ? "" : claims.ticket().value(), Long.toString(claims.expiresAt().getEpochSecond()));
        SurveyKeyRing.SigningMaterial m = keys.signing();
        try {
            String signed = VERSION + "." + m.keyId() + "."
                + ENC.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
            return signed + "." + ENC.encodeToString(mac(m.secret(), signed));
        } finally {
            Arrays.fill(m.secret(), (byte) 0);
        }
    }

    /**
     * Checks the token's form, key and MAC, then its expiry.
     *
     * @param token the token as presented
     * @param now the current time
     * @return the verified claims
     * @throws InvalidSurveyTokenException FORGED, UNKNOWN_KEY or EXPIRED
     */
    public Claims verify(String token, Instant now) {
        if (token == null || token.length() > 2048) {
            throw new InvalidSurveyTokenException(Reason.FORGED, "malformed token");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            throw new InvalidSurveyTokenException(Reason.FORGED, "malformed token");
        }
        byte[] secret = keys.secret(parts[1]).orElseThrow(() ->
            new InvalidSurveyTokenException(Reason.UNKNOWN_KEY, "signed with an unknown or retired key"));
        byte[] given;
        String payload;
        try {
            given = canonical(parts[3]);
            payload = new String(canonical(parts[2]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidSurveyTokenException(Reason.FORGED, "malformed token");
        }
        byte[] expected;
        try {
            expected = mac(secret, parts[0] + "." + parts[1] + "." + parts[2]);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new InvalidSurveyTokenException(Reason.FORGED, "signature does not match");
        }
        String[] f = payload.split("\n", -1);
        if (f.length != 5) {
            throw new InvalidSurveyTokenException(Reason.FORGED, "malformed payload");
        }
        Claims claims;
        try {
            claims = new Claims(f[0], TenantId.of(f[1]), CustomerId.of(f[2]), f[3].isEmpty() ? null : TicketId.of(f[3]),
                Instant.ofEpochSecond(Long.parseLong(f[4])));
        } catch (RuntimeException e) {
            throw new InvalidSurveyTokenException(Reason.FORGED, "malformed payload");
        }
        if (!now.isBefore(claims.expiresAt())) {
            throw new InvalidSurveyTokenException(Reason.EXPIRED, "expired at " + claims.expiresAt());
        }
        return claims;
    }

    /**
     * Decodes base64url strictly: only the form {@link #sign} writes (no padding, unused trailing bits zero) is
     * accepted, so each token has exactly one spelling.
     */
    private static byte[] canonical(String text) {
        byte[] bytes = DEC.decode(text);
        if (!ENC.encodeToString(bytes).equals(text)) {
            throw new IllegalArgumentException("not in canonical base64url form");
        }
        return bytes;
    }

    private static byte[] mac(byte[] secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "SurveyTokens[" + keys + "]";
    }
}
