package io.madoguchi.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BacklogTest {

    @Test
    void backlogLevelsAndAgesComeFromTheStoreAndSurviveANewDeskOnTheSameStore() {
        MutableClock clock = MutableClock.startingAt(Instant.parse("2026-04-01T00:00:00Z"));
        DeskStore store = DeskStore.inMemory(clock);
        SupportDesk desk = SupportDesk.builder().clock(clock).store(store).build();
        TenantId tenant = TenantId.of("shop-a");
        Principal admin = Principal.admin(tenant, AgentId.of("admin"));
        Customer c = desk.createCustomer(desk.system(tenant, "channels"),
            new NewCustomer("山田 花子", List.of(ChannelIdentity.email("hanako@example.jp")), null, "ja"));
        Principal cp = Principal.customer(tenant, c.id());
        desk.createTicket(cp, CreateTicket.builder(c.id(), Channel.EMAIL, "返品", "返品したい").build());
        clock.advance(Duration.ofDays(5));
        Ticket mid = desk.createTicket(cp, CreateTicket.builder(c.id(), Channel.EMAIL, "請求", "請求額が違う").build());
        clock.advance(Duration.ofDays(3));
        desk.createTicket(cp, CreateTicket.builder(c.id(), Channel.EMAIL, "配送", "届かない").build());
        Ticket solved = desk.createTicket(cp, CreateTicket.builder(c.id(), Channel.EMAIL, "質問", "営業時間は").build());
        desk.changeStatus(admin, mid.id(), TicketStatus.PENDING);
        desk.changeStatus(admin, solved.id(), TicketStatus.SOLVED);
        clock.advance(Duration.ofHours(2));

        SupportDesk restarted = SupportDesk.builder().clock(clock).store(store).build();
        Backlog backlog = new Backlog(restarted, clock);

        assertThat(backlog.byStatus(admin)).containsEntry(TicketStatus.NEW, 2L).containsEntry(TicketStatus.PENDING, 1L)
            .containsEntry(TicketStatus.OPEN, 0L).containsEntry(TicketStatus.ON_HOLD, 0L);
        assertThat(backlog.byAge(admin)).containsExactly(Map.entry("lt_1d", 1L), Map.entry("1d_3d", 0L),
            Map.entry("3d_7d", 1L), Map.entry("ge_7d", 1L));
    }
}
