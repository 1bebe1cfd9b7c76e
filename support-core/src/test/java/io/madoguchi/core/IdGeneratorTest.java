package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

    @Test
    void theDeskMakesIdsThroughTheConfiguredGenerator() {
        AtomicInteger n = new AtomicInteger();
        IdGenerator mine = new IdGenerator() {
            @Override
            public TicketId ticketId(TenantId tenantId) {
                return TicketId.of(tenantId.value() + "-チケット-" + n.incrementAndGet());
            }

            @Override
            public CustomerId customerId(TenantId tenantId) {
                return CustomerId.of(tenantId.value() + "-客-" + n.incrementAndGet());
            }
        };
        SupportDesk desk = SupportDesk.builder().idGenerator(mine).build();
        Received r = desk.receive(desk.system(TenantId.of("city"), "line"),
            InboundMessage.of(Channel.LINE, ChannelIdentity.line("U1"), "住民", "粗大ごみの出し方", "m-1"));
        assertThat(r.customer().id()).isEqualTo(CustomerId.of("city-客-1"));
        assertThat(r.ticket().id()).isEqualTo(TicketId.of("city-チケット-2"));
        assertThatThrownBy(() -> SupportDesk.builder().idGenerator(mine).idGenerator(mine))
            .isInstanceOf(ValidationException.class).hasMessageContaining("idGenerator");
    }

    @Test
    void randomIdsAreUniqueAndRevealNoCount() {
        IdGenerator random = IdGenerator.random();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(random.ticketId(TenantId.of("shop")).value())).isTrue();
        }
        assertThat(seen).allMatch(id -> id.matches("T[0-9a-f]{24}"));
        SupportDesk desk = SupportDesk.builder().idGenerator(random).build();
        Customer c = desk.resolveCustomer(desk.system(TenantId.of("shop"), "web"),
            ChannelIdentity.email("a@example.jp"), "山田");
        assertThat(c.id().value()).matches("C[0-9a-f]{24}");
    }
}
