package io.madoguchi.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.channels.line.LineAdapter;
import io.madoguchi.channels.slack.SlackAdapter;
import io.madoguchi.channels.twilio.TwilioAdapter;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.store.DeskStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelGatewayRegistrationTest {

    private final DeskStore store = DeskStore.inMemory();
    private final SupportDesk desk = SupportDesk.builder().store(store).build();
    private final TenantId tenant = TenantId.of("shop-a");

    @Test
    void serviceLoaderFindsTheBuiltInAdaptersForTheChannelsThatHaveSettings() {
        Map<String, String> line = Map.of("secret", "line-secret", "token", "line-token");

        ChannelGateway gateway = ChannelGateway.builder(desk, store.eventLog(), tenant)
            .discover(channel -> "line".equals(channel) ? line::get : null).build();

        assertThat(gateway.adapter("line")).get().isInstanceOf(LineAdapter.class);
        assertThat(gateway.adapter("slack")).isEmpty();
    }

    @Test
    void serviceLoaderBuildsTwilioFromItsSettingsUnderTheSmsChannel() {
        Map<String, String> twilio = Map.of("accountSid", "AC0123456789abcdef0123456789abcdef",
            "secret", "twilio-auth-token", "from", "+815012345678", "publicBaseUrl", "https://desk.example.jp");

        ChannelGateway gateway = ChannelGateway.builder(desk, store.eventLog(), tenant)
            .discover(channel -> "sms".equals(channel) ? twilio::get : null).build();

        assertThat(gateway.adapter("sms")).get().isInstanceOf(TwilioAdapter.class);
        assertThatThrownBy(() -> ChannelGateway.builder(desk, store.eventLog(), tenant)
            .discover(channel -> "sms".equals(channel) ? Map.of("secret", "t")::get : null))
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("accountSid"));
    }

    @Test
    void anExplicitlyRegisteredAdapterIsKeptOverADiscoveredOne() {
        SlackAdapter mine = SlackAdapter.builder("signing-secret", "xoxb-mine").build();
        Map<String, String> slack = Map.of("secret", "other", "token", "xoxb-other");

        ChannelGateway gateway = ChannelGateway.builder(desk, store.eventLog(), tenant).adapter(mine)
            .discover(channel -> "slack".equals(channel) || "line".equals(channel) ? slack::get : null).build();

        assertThat(gateway.adapter("slack")).containsSame(mine);
        assertThat(gateway.adapter("line")).isPresent();
    }

    @Test
    void aDiscoveredAdapterWithoutItsSecretIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ChannelGateway.builder(desk, store.eventLog(), tenant)
            .discover(channel -> "line".equals(channel) ? Map.of("token", "t")::get : null))
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("secret"));
    }

    @Test
    void twoAdaptersForOneChannelAreRefused() {
        ChannelGateway.Builder b = ChannelGateway.builder(desk, store.eventLog(), tenant)
            .adapter(LineAdapter.builder("a", "b").build());

        assertThatThrownBy(() -> b.adapter(LineAdapter.builder("c", "d").build()))
            .isInstanceOf(ValidationException.class).hasMessageContaining("line");
    }

    @Test
    void aWebhookForAChannelWithoutAnAdapterIsAnswered404AndChangesNothing() {
        ChannelGateway gateway = ChannelGateway.builder(desk, store.eventLog(), tenant).build();

        WebhookResponse r = gateway.handle("line", WebhookRequest.of("POST", "https://desk.example.jp/webhooks/line",
            Map.of(), "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), WebhookLimits.DEFAULT));

        assertThat(r.status()).isEqualTo(404);
        assertThat(store.eventLog().head()).isZero();
    }
}
