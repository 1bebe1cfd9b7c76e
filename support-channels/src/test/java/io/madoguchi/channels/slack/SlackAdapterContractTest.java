package io.madoguchi.channels.slack;

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
import okhttp3.OkHttpClient;

class SlackAdapterContractTest extends ChannelAdapterContract {

    @Override
    protected String secret() {
        return "8f742231b10e8888abcd99yyyzzz85a5";
    }

    @Override
    protected ChannelAdapter adapter(String secret, String baseUrl, Clock clock, OkHttpClient http) {
        return SlackAdapter.builder(secret, "xoxb-test-token").baseUrl(baseUrl).clock(clock).httpClient(http).build();
    }

    @Override
    protected byte[] messagePayload(String eventId, String userId, String text, Instant at) {
        return SlackPayloads.bytes(SlackPayloads.envelope(eventId, at,
            SlackPayloads.message(userId, text, at.getEpochSecond() + ".000100")));
    }

    @Override
    protected WebhookRequest signed(String secret, byte[] body, Instant at) {
        return SlackPayloads.request(secret, body, at);
    }

    @Override
    protected List<MappingBuilder> sendEndpoints() {
        return List.of(post(urlPathEqualTo("/api/chat.postMessage")));
    }

    @Override
    protected ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"ok\":true,\"channel\":\"D024BE91L\",\"ts\":\"1700000000.000200\"}");
    }

    /** chat.postMessage takes no idempotency key. */
    @Override
    protected boolean sendsAreIdempotent() {
        return false;
    }
}
