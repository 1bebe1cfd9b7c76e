package io.madoguchi.channels.email;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.kit.ChannelAdapterContract;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import okhttp3.OkHttpClient;

/** SendGrid Inbound Parse (raw, signed) in, SendGrid Mail Send out, through the channel contract kit. */
class EmailAdapterContractTest extends ChannelAdapterContract {

    @Override
    protected String secret() {
        return "sendgrid-parse-policy-key";
    }

    @Override
    protected ChannelAdapter adapter(String secret, String baseUrl, Clock clock, OkHttpClient http) {
        return EmailAdapter.builder("support@desk.example.jp",
                SendGridInbound.withPublicKey(EmailRequests.publicKey(secret)),
                SendGridTransport.of("SG.test-key", baseUrl, http, clock))
            .supportName("窓口サポート").clock(clock).build();
    }

    @Override
    protected byte[] messagePayload(String eventId, String userId, String text, Instant at) {
        return EmailRequests.sendGridForm(EmailRequests.utf8Mail(eventId + "@mail.example.jp",
            userId.toLowerCase(Locale.ROOT) + "@example.jp", "お問い合わせ", text, ""));
    }

    @Override
    protected WebhookRequest signed(String secret, byte[] body, Instant at) {
        return EmailRequests.sendGrid(secret, body, at);
    }

    @Override
    protected List<MappingBuilder> sendEndpoints() {
        return List.of(post(urlPathEqualTo("/v3/mail/send")));
    }

    @Override
    protected ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(202);
    }

    /** SendGrid's Mail Send takes no idempotency key. */
    @Override
    protected boolean sendsAreIdempotent() {
        return false;
    }
}
