package io.madoguchi.channels.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookEndpointTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder()
        .encodeToString("endpoint-test-signing-key-0123".getBytes(StandardCharsets.UTF_8));

    @Test
    void anEndpointWithoutATenantIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new WebhookEndpoint(null, "crm", URI.create("https://crm.example.jp/hooks"),
            List.of(SECRET), Set.of("desk.TicketCreated")))
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("tenantId"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t"})
    void aMissingOrBlankTenantIdIsRefusedNamingTheField(String tenant) {
        assertThatThrownBy(() -> WebhookEndpoint.of(tenant, "crm", "https://crm.example.jp/hooks", SECRET,
            "desk.TicketCreated"))
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("tenantId"));
    }

    @Test
    void anEndpointBelongsToTheTenantItWasMadeFor() {
        WebhookEndpoint e = WebhookEndpoint.of("shop-a", "crm", "https://crm.example.jp/hooks", SECRET,
            "desk.TicketCreated");

        assertThat(e.tenantId()).isEqualTo(TenantId.of("shop-a"));
        assertThat(e.toString()).contains("shop-a").contains("crm").doesNotContain(SECRET)
            .doesNotContain(SECRET.substring(6));
    }
}
