package io.madoguchi.channels.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.channels.ChannelGateway;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.store.DeskStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmailAdapterProviderTest {

    private final DeskStore store = DeskStore.inMemory();
    private final SupportDesk desk = SupportDesk.builder().store(store).build();

    @Test
    void serviceLoaderBuildsTheEmailAdapterFromSettings() {
        Map<String, String> email = Map.of("address", "support@desk.example.jp",
            "mailgunSigningKey", "key-1", "smtpHost", "127.0.0.1", "smtpPort", "2525", "name", "窓口サポート");

        ChannelGateway gateway = ChannelGateway.builder(desk, store.eventLog(), TenantId.of("shop-a"))
            .discover(channel -> "email".equals(channel) ? email::get : null).build();

        assertThat(gateway.adapter("email")).get().isInstanceOf(EmailAdapter.class)
            .asString().contains("MailgunInbound", "SmtpTransport[127.0.0.1:2525]");
    }

    @Test
    void missingSettingsAreRefusedNamingThem() {
        EmailAdapterProvider p = new EmailAdapterProvider();

        assertThatThrownBy(() -> p.create(Map.<String, String>of()::get))
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("address"));
        assertThatThrownBy(() -> p.create(Map.of("address", "support@desk.example.jp", "mailgunSigningKey", "k",
            "smtpHost", "h", "smtpPort", "二十五")::get))
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("smtpPort"));
    }
}
