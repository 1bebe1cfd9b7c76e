package io.madoguchi.channels.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.kit.ChannelAdapterContract;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import okhttp3.OkHttpClient;

class TwilioAdapterContractTest extends ChannelAdapterContract {

    @Override
    protected String secret() {
        return TwilioPayloads.TOKEN;
    }

    @Override
    protected ChannelAdapter adapter(String secret, String baseUrl, Clock clock, OkHttpClient http) {
        return TwilioAdapter.builder(TwilioPayloads.ACCOUNT, secret).from(TwilioPayloads.NUMBER).baseUrl(baseUrl)
            .clock(clock).httpClient(http).build();
    }

    /** An incoming SMS; the kit alters the raw text, so it is form-encoded lightly (the decoded form is the same). */
    @Override
    protected byte[] messagePayload(String eventId, String userId, String text, Instant at) {
        return TwilioPayloads.encodeLightly(TwilioPayloads.sms("SM" + eventId, TwilioPayloads.phoneFor(userId), text));
    }

    @Override
    protected WebhookRequest signed(String secret, byte[] body, Instant at) {
        return TwilioPayloads.request(secret, webhookUrl(), body);
    }

    @Override
    protected List<MappingBuilder> sendEndpoints() {
        return List.of(post(urlPathEqualTo("/2010-04-01/Accounts/" + TwilioPayloads.ACCOUNT + "/Messages.json")));
    }

    @Override
    protected ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody(TwilioPayloads.messageJson("SM00000000000000000000000000000001", "+819000000000", "ok",
                "Mon, 30 Nov 2026 01:00:00 +0000"));
    }

    /** Twilio takes form-encoded bodies: the kit looks for the decoded text. */
    @Override
    protected String sentBody(ServeEvent request) {
        return String.join("\n", TwilioAdapter.form(request.getRequest().getBody()).getOrDefault("Body", List.of()));
    }

    /**
     * Twilio's Messages API takes no idempotency key; the adapter's look-up before a resend needs a list endpoint
     * the kit does not stub, so a lost response may be sent twice here (TwilioAdapterTest covers the look-up).
     */
    @Override
    protected boolean sendsAreIdempotent() {
        return false;
    }
}
