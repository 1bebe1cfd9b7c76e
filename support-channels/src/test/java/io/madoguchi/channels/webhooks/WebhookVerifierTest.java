package io.madoguchi.channels.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {

    /** The test vector the Standard Webhooks reference libraries share. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TS = 1614265330L;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final String OTHER = "whsec_" + java.util.Base64.getEncoder()
        .encodeToString("別の秘密鍵-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    private static WebhookRequest request(String id, String ts, String signature, byte[] body) {
        return WebhookRequest.of("POST", "https://hooks.example.jp/desk", Map.of(StandardWebhooks.ID, List.of(id),
            StandardWebhooks.TIMESTAMP, List.of(ts), StandardWebhooks.SIGNATURE, List.of(signature)), body,
            WebhookLimits.DEFAULT);
    }

    private static WebhookRejectedException refused(WebhookVerifier v, WebhookRequest r, Instant now) {
        try {
            v.verify(r, now);
        } catch (WebhookRejectedException e) {
            return e;
        }
        throw new AssertionError("verified");
    }

    @Test
    void theReferenceTestVectorSignsAndVerifies() {
        assertThat(StandardWebhooks.sign(StandardWebhooks.key(SECRET), ID, TS, BODY)).isEqualTo(SIGNATURE);

        String id = WebhookVerifier.of(List.of(SECRET)).verify(request(ID, Long.toString(TS), SIGNATURE, BODY),
            Instant.ofEpochSecond(TS + 60));

        assertThat(id).isEqualTo(ID);
    }

    @Test
    void anAlteredBodyIdOrTimestampIsRefused() {
        WebhookVerifier v = WebhookVerifier.of(List.of(SECRET));
        Instant now = Instant.ofEpochSecond(TS);

        assertThat(refused(v, request(ID, Long.toString(TS), SIGNATURE,
            "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8)), now).field())
            .isEqualTo(StandardWebhooks.SIGNATURE);
        assertThat(refused(v, request("msg_other", Long.toString(TS), SIGNATURE, BODY), now).status()).isEqualTo(401);
        assertThat(refused(v, request(ID, Long.toString(TS + 1), SIGNATURE, BODY), now).field())
            .isEqualTo(StandardWebhooks.SIGNATURE);
    }

    @Test
    void aTimestampMoreThanFiveMinutesAwayIsRefusedEitherWay() {
        WebhookVerifier v = WebhookVerifier.of(List.of(SECRET));
        WebhookRequest r = request(ID, Long.toString(TS), SIGNATURE, BODY);

        assertThat(refused(v, r, Instant.ofEpochSecond(TS + 301)).field()).isEqualTo(StandardWebhooks.TIMESTAMP);
        assertThat(refused(v, r, Instant.ofEpochSecond(TS - 301)).getMessage()).contains("from the future");
        assertThat(v.verify(r, Instant.ofEpochSecond(TS - 300))).isEqualTo(ID);
    }

    @Test
    void duringRotationAnyListedSignatureUnderAnyKnownSecretVerifies() {
        String header = StandardWebhooks.signatureHeader(List.of(OTHER, SECRET), ID, TS, BODY);

        assertThat(header.split(" ")).hasSize(2).contains(SIGNATURE);
        assertThat(WebhookVerifier.of(List.of(SECRET)).verify(request(ID, Long.toString(TS), header, BODY),
            Instant.ofEpochSecond(TS))).isEqualTo(ID);
        assertThat(WebhookVerifier.of(List.of(OTHER)).verify(request(ID, Long.toString(TS), header, BODY),
            Instant.ofEpochSecond(TS))).isEqualTo(ID);
        assertThat(refused(WebhookVerifier.of(List.of(OTHER)), request(ID, Long.toString(TS), SIGNATURE, BODY),
            Instant.ofEpochSecond(TS)).status()).isEqualTo(401);
    }

    @Test
    void anAsymmetricSignatureIsSkippedNotMistakenForV1() {
        String v1a = "v1a," + SIGNATURE.substring(3);

        assertThat(refused(WebhookVerifier.of(List.of(SECRET)), request(ID, Long.toString(TS), v1a, BODY),
            Instant.ofEpochSecond(TS)).field()).isEqualTo(StandardWebhooks.SIGNATURE);
    }

    @Test
    void missingHeadersAreRefusedNamingThem() {
        WebhookRequest bare = WebhookRequest.of("POST", "https://hooks.example.jp/desk",
            Map.of(StandardWebhooks.ID, List.of(ID)), BODY, WebhookLimits.DEFAULT);

        assertThat(refused(WebhookVerifier.of(List.of(SECRET)), bare, Instant.ofEpochSecond(TS)).field())
            .isEqualTo(StandardWebhooks.TIMESTAMP);
        assertThat(refused(WebhookVerifier.of(List.of(SECRET)), request(ID, "昨日", SIGNATURE, BODY),
            Instant.ofEpochSecond(TS)).getMessage()).contains("not a number");
    }

    @Test
    void aSecretWithoutThePrefixOrTooShortIsRefusedNamingTheField() {
        assertThatThrownBy(() -> WebhookVerifier.of(List.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")))
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(x -> x.field()).containsExactly("secret"));
        assertThatThrownBy(() -> WebhookVerifier.of(List.of("whsec_c2hvcnQ=")))
            .isInstanceOf(ValidationException.class).hasMessageContaining("24 to 64 bytes");
        assertThat(WebhookVerifier.of(List.of(SECRET)).toString()).doesNotContain("MfKQ9r8");
    }
}
