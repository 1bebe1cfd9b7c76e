package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeskCountTest {

    private final DeskFixture f = new DeskFixture();

    @Test
    void staffCountTheirTenantAndACustomerOnlyTheirOwnTickets() {
        f.open("一件目", "本文");
        f.open("二件目", "本文");
        Customer suzuki = f.desk.createCustomer(f.system, new NewCustomer("鈴木 一郎",
            List.of(ChannelIdentity.email("suzuki@example.jp")), null, "ja"));
        var other = f.desk.createTicket(Principal.customer(f.tenant, suzuki.id()),
            CreateTicket.builder(suzuki.id(), Channel.EMAIL, "別の客", "本文").build());
        f.desk.changeStatus(f.sato, other.id(), TicketStatus.PENDING);
        assertThat(f.desk.count(f.sato, TicketQuery.builder().build())).isEqualTo(3);
        assertThat(f.desk.count(f.sato, TicketQuery.builder().status(TicketStatus.PENDING).build())).isEqualTo(1);
        assertThat(f.desk.count(f.tanakaP, TicketQuery.builder().build())).isEqualTo(2);
        assertThat(f.desk.count(Principal.agent(TenantId.of("other-shop"), AgentId.of("x")),
            TicketQuery.builder().build())).isZero();
        assertThatThrownBy(() -> f.desk.count(f.tanakaP, TicketQuery.builder().requester(suzuki.id()).build()))
            .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> f.desk.count(f.tanakaP, TicketQuery.builder().tag("vip").build()))
            .isInstanceOf(AccessDeniedException.class);
    }
}
