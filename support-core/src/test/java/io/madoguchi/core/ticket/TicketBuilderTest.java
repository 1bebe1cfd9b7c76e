package io.madoguchi.core.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TicketBuilderTest {

    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    @Test
    void aBuiltTicketHasTheValuesOfANewTicketUnlessSet() {
        Ticket t = Ticket.builder(TicketId.of("T1"), TenantId.of("city"), CustomerId.of("C1"), Channel.LINE, T0)
            .subject("住民票の写しがほしい").build();
        assertThat(t.version()).isEqualTo(1);
        assertThat(t.number()).isEqualTo(1);
        assertThat(t.status()).isEqualTo(TicketStatus.NEW);
        assertThat(t.priority()).isEqualTo(Priority.NORMAL);
        assertThat(t.updatedAt()).isEqualTo(T0);
        assertThat(t.tags()).isEmpty();
        assertThat(t.subject()).isEqualTo("住民票の写しがほしい");
    }

    @Test
    void toBuilderRoundTripsEveryComponent() {
        Ticket t = new Ticket(TicketId.of("T7"), TenantId.of("shop"), 7, "返品", CustomerId.of("C2"), null,
            Channel.EMAIL, TicketStatus.PENDING, Priority.HIGH, TicketType.INCIDENT, true, List.of("クレーム"),
            Map.of("order", "A-1"), AgentId.of("sato"), null, "ja", T0, T0.plusSeconds(60), null, 4, null,
            List.of(), 3, 2);
        assertThat(t.toBuilder().build()).isEqualTo(t);
        assertThat(t.toBuilder().status(TicketStatus.OPEN).version(5).build())
            .isEqualTo(new Ticket(TicketId.of("T7"), TenantId.of("shop"), 7, "返品", CustomerId.of("C2"), null,
                Channel.EMAIL, TicketStatus.OPEN, Priority.HIGH, TicketType.INCIDENT, true, List.of("クレーム"),
                Map.of("order", "A-1"), AgentId.of("sato"), null, "ja", T0, T0.plusSeconds(60), null, 5, null,
                List.of(), 3, 2));
        assertThatThrownBy(() -> t.toBuilder().subject(null).build()).isInstanceOf(NullPointerException.class);
    }
}
