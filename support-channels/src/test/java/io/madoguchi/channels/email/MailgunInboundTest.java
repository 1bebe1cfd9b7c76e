package io.madoguchi.channels.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.channels.ChannelGateway;
import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.kit.ChannelTestDesk;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailgunInboundTest {

    private static final String KEY = "key-mailgun-signing";
    private static final Instant NOW = Instant.parse("2026-11-30T01:00:00Z");

    private final MailgunInbound source = MailgunInbound.withSigningKey(KEY, 3);

    private static byte[] mail(String id) {
        return EmailRequests.utf8Mail(id, "taro@example.jp", "再送", "同じメールです", "");
    }

    @Test
    void aSignedRequestVerifiesAndCarriesTheRawMail() {
        WebhookRequest r = EmailRequests.mailgun(KEY, mail("g1@example.jp"), "tok-1", NOW);

        source.verify(r, NOW.plusSeconds(10));

        assertThat(MailParser.withDefaults().parse(source.rawMime(r)).messageId()).isEqualTo("g1@example.jp");
    }

    @Test
    void aWrongSignatureAMissingOneAndAStaleTimestampAreRefused() {
        WebhookRequest forged = EmailRequests.mailgun("not-" + KEY, mail("g1@example.jp"), "tok-1", NOW);
        WebhookRequest stale = EmailRequests.mailgun(KEY, mail("g1@example.jp"), "tok-2", NOW.minusSeconds(301));
        WebhookRequest unsigned = WebhookRequest.of("POST", EmailRequests.URL,
            Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
            "timestamp=1&token=t&body-mime=From%3A+a%40b.jp".getBytes(StandardCharsets.US_ASCII),
            WebhookLimits.DEFAULT);

        assertThatThrownBy(() -> source.verify(forged, NOW)).isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> source.verify(stale, NOW)).isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.field()).isEqualTo("timestamp"));
        assertThatThrownBy(() -> source.verify(unsigned, NOW)).isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.field()).isEqualTo("signature"));
        assertThat(source.rememberedTokens()).isZero();
    }

    @Test
    void aTokenIsAcceptedOnce() {
        WebhookRequest r = EmailRequests.mailgun(KEY, mail("g1@example.jp"), "tok-1", NOW);
        source.verify(r, NOW);

        assertThatThrownBy(() -> source.verify(r, NOW.plusSeconds(5)))
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.field()).isEqualTo("token");
            });
    }

    @Test
    void rememberedTokensAreBoundedByCountAndForgottenOnceTheyAreStale() {
        for (int i = 0; i < 3; i++) {
            source.verify(EmailRequests.mailgun(KEY, mail("g@example.jp"), "tok-" + i, NOW), NOW);
        }

        assertThatThrownBy(() -> source.verify(EmailRequests.mailgun(KEY, mail("g@example.jp"), "tok-3", NOW), NOW))
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThat(source.rememberedTokens()).isEqualTo(3);

        Instant later = NOW.plusSeconds(301);
        source.verify(EmailRequests.mailgun(KEY, mail("g@example.jp"), "tok-4", later), later);
        assertThat(source.rememberedTokens()).isEqualTo(1);
    }

    @Test
    void aRedeliveryWithANewTokenIsOneMessage() {
        ChannelTestDesk t = new ChannelTestDesk(clock -> EmailAdapter.builder("support@desk.example.jp",
            MailgunInbound.withSigningKey(KEY), SmtpTransport.builder("127.0.0.1", 9).build()).clock(clock).build(),
            b -> b);
        byte[] raw = mail("g7@example.jp");

        ChannelGateway.Outcome first = t.gateway.process("email", EmailRequests.mailgun(KEY, raw, "tok-a",
            t.clock.instant()));
        t.clock.advance(Duration.ofMinutes(1));
        ChannelGateway.Outcome again = t.gateway.process("email", EmailRequests.mailgun(KEY, raw, "tok-b",
            t.clock.instant()));

        assertThat(first.stored()).hasSize(1);
        assertThat(again.duplicates()).isEqualTo(1);
        assertThat(t.messages()).hasSize(1);
    }

    @Test
    void aRouteThatDoesNotForwardMimeIsRefusedNamingTheField() {
        WebhookRequest r = WebhookRequest.of("POST", EmailRequests.URL,
            Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
            "body-plain=%E6%9C%AC%E6%96%87".getBytes(StandardCharsets.US_ASCII), WebhookLimits.DEFAULT);

        assertThatThrownBy(() -> source.rawMime(r)).isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.field()).isEqualTo("body.body-mime"));
    }

    @Test
    void aUrlEncodedFieldKeepsItsBytesAndABadEscapeIsRefusedNamingTheField() {
        byte[] raw = "From: a@example.jp\r\nSubject: 住民票\r\n\r\n本文".getBytes(StandardCharsets.UTF_8);
        byte[] body = new java.io.ByteArrayOutputStream() {
            {
                writeBytes("timestamp=1&body-mime=".getBytes(StandardCharsets.US_ASCII));
                writeBytes(raw);
            }
        }.toByteArray();
        WebhookRequest plain = WebhookRequest.of("POST", EmailRequests.URL,
            Map.of("Content-Type", List.of("application/x-www-form-urlencoded")), body, WebhookLimits.DEFAULT);
        WebhookRequest bad = WebhookRequest.of("POST", EmailRequests.URL,
            Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
            "timestamp=1&body-mime=From%3A+a%40b.jp%0".getBytes(StandardCharsets.US_ASCII), WebhookLimits.DEFAULT);

        assertThat(source.rawMime(plain)).isEqualTo(raw);
        assertThatThrownBy(() -> source.rawMime(bad)).isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.field()).isEqualTo("body.body-mime");
        });
    }
}
