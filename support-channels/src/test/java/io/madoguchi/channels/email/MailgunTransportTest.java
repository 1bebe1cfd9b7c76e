package io.madoguchi.channels.email;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.madoguchi.channels.SendResult;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.time.MutableClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mailgun's Messages API against a WireMock stand-in: the form it gets, and how each answer is classified. */
class MailgunTransportTest {

    private static final String DOMAIN = "mg.desk.example.jp";
    private static final String PATH = "/v3/" + DOMAIN + "/messages";

    private WireMockServer mailgun;
    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-30T01:00:00Z"));

    @BeforeEach
    void start() {
        mailgun = new WireMockServer(options().dynamicPort());
        mailgun.start();
    }

    @AfterEach
    void stop() {
        mailgun.stop();
    }

    private MailgunTransport transport() {
        return MailgunTransport.of("key-0123456789abcdef", DOMAIN, mailgun.baseUrl(), null, clock);
    }

    private static ReplyMail reply() {
        return new ReplyMail("r-1.T42@desk.example.jp", "CAF=abc@mail.example.jp",
            List.of("first@mail.example.jp", "CAF=abc@mail.example.jp"), "support+T42@desk.example.jp",
            "窓口サポート", "yamada@example.jp", "Re: 返品について ①㈱～ [#T42]", "山田様\n\n返品を承りました。",
            Instant.parse("2026-11-30T01:00:00Z"));
    }

    /** The form fields of the one request Mailgun received, decoded as UTF-8. */
    private Map<String, String> receivedForm() {
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> all =
            mailgun.findAll(postRequestedFor(urlPathEqualTo(PATH)));
        assertThat(all).hasSize(1);
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : all.get(0).getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    @Test
    void aReplyIsPostedAsAUtf8FormWithTheThreadingHeadersAsHFieldsAndBasicAuth() {
        mailgun.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"id\":\"<x@mg.desk.example.jp>\",\"message\":\"Queued. Thank you.\"}")));

        SendResult result = transport().send(reply());

        assertThat(result).isInstanceOf(SendResult.Sent.class);
        mailgun.verify(postRequestedFor(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo("Basic "
            + Base64.getEncoder().encodeToString("api:key-0123456789abcdef".getBytes(StandardCharsets.UTF_8)))));
        Map<String, String> form = receivedForm();
        assertThat(form).containsEntry("from", "\"窓口サポート\" <support+T42@desk.example.jp>")
            .containsEntry("to", "yamada@example.jp")
            .containsEntry("subject", "Re: 返品について ①㈱～ [#T42]")
            .containsEntry("text", "山田様\n\n返品を承りました。")
            .containsEntry("h:Message-Id", "<r-1.T42@desk.example.jp>")
            .containsEntry("h:In-Reply-To", "<CAF=abc@mail.example.jp>")
            .containsEntry("h:References", "<first@mail.example.jp> <CAF=abc@mail.example.jp>");
        // the percent-escapes are UTF-8 bytes: the NEC and Windows characters ① ㈱ ～ go as they are
        assertThat(mailgun.findAll(postRequestedFor(urlPathEqualTo(PATH))).get(0).getBodyAsString())
            .contains("subject=Re%3A%20%E8%BF%94%E5%93%81");
    }

    @Test
    void aFirstMailWithoutThreadSendsNoInReplyToOrReferences() {
        mailgun.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)));
        ReplyMail first = new ReplyMail("r-2.T43@desk.example.jp", null, List.of(), "support+T43@desk.example.jp", "",
            "sato@example.jp", "お問い合わせ [#T43]", "佐藤様", Instant.parse("2026-11-30T01:00:00Z"));

        assertThat(transport().send(first)).isInstanceOf(SendResult.Sent.class);

        assertThat(receivedForm()).containsEntry("from", "support+T43@desk.example.jp")
            .doesNotContainKeys("h:In-Reply-To", "h:References");
    }

    @Test
    void tooManyRequestsIsRetriedAfterItsRetryAfterAndNotAmbiguous() {
        mailgun.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(429)
            .withHeader("Retry-After", "30")));

        SendResult result = transport().send(reply());

        assertThat(result).isInstanceOfSatisfying(SendResult.Retry.class, r -> {
            assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(30));
            assertThat(r.ambiguous()).isFalse();
        });
    }

    @Test
    void serverErrorsAndBrokenConnectionsAreRetriedAsAmbiguous() {
        mailgun.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
        assertThat(transport().send(reply())).isInstanceOfSatisfying(SendResult.Retry.class,
            r -> assertThat(r.ambiguous()).isTrue());

        MailgunTransport nowhere = MailgunTransport.of("key-1", DOMAIN, "http://127.0.0.1:1", null, clock);
        assertThat(nowhere.send(reply())).isInstanceOfSatisfying(SendResult.Retry.class,
            r -> assertThat(r.ambiguous()).isTrue());
    }

    @Test
    void otherClientErrorsArePermanentWithMailgunsMessage() {
        mailgun.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"message\":\"to parameter is not a valid address\"}")));
        assertThat(transport().send(reply())).isInstanceOfSatisfying(SendResult.Rejected.class,
            r -> assertThat(r.detail()).startsWith("400").contains("not a valid address"));

        mailgun.resetAll();
        mailgun.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(401).withBody("Forbidden")));
        assertThat(transport().send(reply())).isInstanceOfSatisfying(SendResult.Rejected.class,
            r -> assertThat(r.detail()).startsWith("401"));
    }

    @Test
    void anAddressOrNumberInMailgunsMessageIsMaskedAndTheRestKept() {
        mailgun.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"message\":\"'to' parameter is not a valid address: 山田 <yamada.taro+shop@example.co.jp>, "
                + "tel 03-1234-5678\"}")));

        assertThat(transport().send(reply())).isInstanceOfSatisfying(SendResult.Rejected.class,
            r -> assertThat(r.detail()).startsWith("400 'to' parameter is not a valid address")
                .doesNotContain("yamada", "example.co.jp", "1234", "5678"));
    }

    @Test
    void theRegionsBaseUrlsAndAMalformedConfigurationNamingEachField() {
        assertThat(MailgunTransport.of("k", DOMAIN, MailgunTransport.EU, null, clock))
            .hasToString("MailgunTransport[https://api.eu.mailgun.net, mg.desk.example.jp]");
        assertThat(MailgunTransport.of("k", DOMAIN, MailgunTransport.US, null, clock).toString())
            .contains("https://api.mailgun.net").doesNotContain("k,");

        assertThatThrownBy(() -> MailgunTransport.of(" ", "not a domain", "ftp://x", null, clock))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field).containsExactly("apiKey", "domain", "baseUrl"));
    }
}
