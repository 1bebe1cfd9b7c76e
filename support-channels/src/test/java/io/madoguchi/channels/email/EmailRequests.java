package io.madoguchi.channels.email;

import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Webhook requests as SendGrid Inbound Parse (raw, signed) and Mailgun (mime route) post them. */
final class EmailRequests {

    static final String BOUNDARY = "xYzZY-madoguchi-test";
    static final String URL = "https://desk.example.jp/webhooks/email";

    private EmailRequests() {
    }

    /** A P-256 key pair derived from a text, so the contract's secret (and a forged one) names a key. */
    static KeyPair keys(String secret) {
        try {
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(secret.getBytes(StandardCharsets.UTF_8));
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), seeded);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String publicKey(String secret) {
        return Base64.getEncoder().encodeToString(keys(secret).getPublic().getEncoded());
    }

    /** The multipart/form-data body of a raw-mode Parse POST. */
    static byte[] sendGridForm(byte[] rawMime) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part(out, "to", "support@desk.example.jp".getBytes(StandardCharsets.UTF_8));
        part(out, "email", rawMime);
        part(out, "charsets", "{\"to\":\"UTF-8\"}".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static WebhookRequest sendGrid(String secret, byte[] form, Instant at) {
        String ts = Long.toString(at.getEpochSecond());
        String sig;
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(keys(secret).getPrivate());
            s.update(ts.getBytes(StandardCharsets.UTF_8));
            s.update(form);
            sig = Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return WebhookRequest.of("POST", URL, Map.of(
            "Content-Type", List.of("multipart/form-data; boundary=" + BOUNDARY),
            SendGridInbound.SIGNATURE, List.of(sig),
            SendGridInbound.TIMESTAMP, List.of(ts)), form, WebhookLimits.DEFAULT);
    }

    static WebhookRequest mailgun(String signingKey, byte[] rawMime, String token, Instant at) {
        String ts = Long.toString(at.getEpochSecond());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part(out, "recipient", "support@desk.example.jp".getBytes(StandardCharsets.UTF_8));
        part(out, "timestamp", ts.getBytes(StandardCharsets.UTF_8));
        part(out, "token", token.getBytes(StandardCharsets.UTF_8));
        part(out, "signature", MailgunInbound.sign(ts, token, signingKey).getBytes(StandardCharsets.UTF_8));
        part(out, "body-mime", rawMime);
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return WebhookRequest.of("POST", URL, Map.of(
            "Content-Type", List.of("multipart/form-data; boundary=" + BOUNDARY)), out.toByteArray(),
            WebhookLimits.DEFAULT);
    }

    private static void part(ByteArrayOutputStream out, String name, byte[] value) {
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** A plain UTF-8 mail (8bit), as the contract's messages. */
    static byte[] utf8Mail(String messageId, String from, String subject, String text, String extraHeaders) {
        return JapaneseMails.mail("From: " + from + "\nTo: support@desk.example.jp\nSubject: "
            + JapaneseMails.word(subject, StandardCharsets.UTF_8, "UTF-8") + "\nMessage-ID: <" + messageId + ">\n"
            + extraHeaders + "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit",
            text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }
}
