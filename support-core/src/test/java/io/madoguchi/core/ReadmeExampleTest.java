package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentStrategy;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The desk example of the README, compiled and run. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRuns() {
        List<String> log = new ArrayList<>();
        // --- README snippet begins
        SupportDesk desk = SupportDesk.builder()
            .clock(Clock.systemUTC())
            .assignmentStrategy(AssignmentStrategy.leastLoaded())
            .listener(event -> {
                if (event instanceof StatusChanged s) {
                    log.add("#" + s.ticket().number() + " " + s.from().label() + " -> " + s.to().label());
                }
            })
            .build();
        TenantId shop = TenantId.of("my-shop");
        Principal admin = Principal.admin(shop, AgentId.of("admin"));
        desk.saveAgent(admin, Agent.of(shop, AgentId.of("sato"), "佐藤"));

        Principal mail = desk.system(shop, "mail-gateway");               // trusted in-process component
        Customer tanaka = desk.resolveCustomer(mail, ChannelIdentity.email("tanaka@example.jp"), "田中 太郎");
        Ticket ticket = desk.createTicket(mail,
            CreateTicket.builder(tanaka.id(), Channel.EMAIL, "注文が届きません", "注文番号 A-1024 がまだ届きません").build());

        Principal sato = Principal.agent(shop, AgentId.of("sato"));     // assigned by the strategy
        desk.reply(sato, ticket.id(), "確認いたします。少々お待ちください。");
        desk.changeStatus(sato, ticket.id(), TicketStatus.SOLVED);
        desk.reply(Principal.customer(shop, tanaka.id()), ticket.id(), "まだ届いていません"); // reopens it
        // --- README snippet ends
        Ticket after = desk.ticket(sato, ticket.id());
        assertThat(after.assigneeId()).contains(AgentId.of("sato"));
        assertThat(after.status()).isEqualTo(TicketStatus.OPEN);
        assertThat(log).containsExactly("#1 new -> solved", "#1 solved -> open");
    }
}
