package io.madoguchi.channels.line;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.kit.ChannelAdapterContract;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

class LineAdapterContractTest extends ChannelAdapterContract {

    @Override
    protected String secret() {
        return "line-channel-secret-0123456789ab";
    }

    @Override
    protected ChannelAdapter adapter(String secret, String baseUrl, Clock clock, OkHttpClient http) {
        return LineAdapter.builder(secret, "line-access-token").baseUrl(baseUrl).clock(clock).httpClient(http).build();
    }

    @Override
    protected byte[] messagePayload(String eventId, String userId, String text, Instant at) {
        return LinePayloads.textMessage(eventId, userId, text, at, "reply-" + eventId);
    }

    @Override
    protected WebhookRequest signed(String secret, byte[] body, Instant at) {
        return LinePayloads.request(secret, body);
    }

    @Override
    protected List<MappingBuilder> sendEndpoints() {
        return List.of(post(urlPathEqualTo("/v2/bot/message/reply")), post(urlPathEqualTo("/v2/bot/message/push")));
    }

    /** LINE takes each push retry key once, and each reply token once. */
    @Override
    protected @Nullable String idempotencyKey(ServeEvent request) {
        String key = request.getRequest().getHeader("X-Line-Retry-Key");
        if (key != null) {
            return key;
        }
        return LinePayloads.replyToken(request.getRequest().getBodyAsString());
    }
}
