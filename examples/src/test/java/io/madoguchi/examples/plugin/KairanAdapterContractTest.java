package io.madoguchi.examples.plugin;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelGateway;
import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.kit.ChannelAdapterContract;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.store.DeskStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The example plugin passes the contract kit every adapter must pass, taken from the support-channels test-jar. */
class KairanAdapterContractTest extends ChannelAdapterContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected String secret() {
        return "kairan-署名鍵-2026";
    }

    @Override
    protected ChannelAdapter adapter(String secret, String baseUrl, Clock clock, OkHttpClient http) {
        return new KairanAdapter(secret, "kairan-token", baseUrl, http, clock);
    }

    @Override
    protected byte[] messagePayload(String eventId, String userId, String text, Instant at) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("id", eventId);
        body.put("from", userId);
        body.put("name", "山田 花子");
        body.put("text", text);
        body.put("sentAt", at.toString());
        try {
            return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected WebhookRequest signed(String secret, byte[] body, Instant at) {
        return WebhookRequest.of("POST", webhookUrl(), Map.of("Content-Type", List.of("application/json"),
            "X-Kairan-Signature", List.of(KairanAdapter.signature(secret, body))), body, WebhookLimits.DEFAULT);
    }

    @Override
    protected List<MappingBuilder> sendEndpoints() {
        return List.of(post(urlEqualTo("/v1/notes")));
    }

    @Override
    protected @Nullable String idempotencyKey(ServeEvent request) {
        return request.getRequest().getHeader("Idempotency-Key");
    }

    @Test
    void theGatewayFindsThePluginThroughServiceLoader() {
        DeskStore store = DeskStore.inMemory(Clock.systemUTC());
        SupportDesk desk = SupportDesk.builder().store(store).build();
        Map<String, String> settings = Map.of("secret", secret(), "token", "kairan-token", "baseUrl",
            "http://localhost:1");

        ChannelGateway gateway = ChannelGateway.builder(desk, store.eventLog(), TenantId.of("shop-a"))
            .discover(channel -> channel.equals("kairan") ? settings::get : null).build();

        assertThat(gateway.adapters()).singleElement().isInstanceOf(KairanAdapter.class);
    }
}
