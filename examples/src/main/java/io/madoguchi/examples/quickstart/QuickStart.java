package io.madoguchi.examples.quickstart;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.Skills;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Clock;
import java.util.List;

/** The README's quick-start example, compiled and run by {@code QuickStartTest}. */
public final class QuickStart {

    private QuickStart() {
    }

    /**
     * Runs the example.
     *
     * @return the solved ticket
     */
    public static Ticket run() {
        // quickstart:start
        SupportDesk desk = SupportDesk.builder()
            .clock(Clock.systemUTC())                      // inject a fixed clock in tests
            .listener(event -> System.out.println(event))  // typed events, after each change is stored
            .build();                                      // in-memory store by default

        TenantId shop = TenantId.of("my-shop");
        Principal gateway = desk.system(shop, "mail-gateway");  // your channel's trusted component
        Received received = desk.receive(gateway, new InboundMessage(Channel.EMAIL,
            ChannelIdentity.email("hanako@example.jp"), "山田 花子", "サイズが合わないので返品できますか？",
            List.of(), "<20261124.1@mail.example.jp>",   // the provider's id: a redelivery is not stored twice
            null, "返品したい", "ja"));                    // no ticket hint; subject; language
        Ticket ticket = received.ticket();              // written as the customer, found or created by the address

        Principal admin = Principal.admin(shop, AgentId.of("kanri"));
        desk.saveAgent(admin, Agent.of(shop, AgentId.of("sato"), "佐藤").withSkills(Skills.language("ja")));
        Principal agent = Principal.agent(shop, AgentId.of("sato"));
        desk.assign(agent, ticket.id(), AgentId.of("sato"));
        desk.reply(agent, ticket.id(), "はい、30日以内でしたら返品いただけます。");
        Ticket solved = desk.changeStatus(agent, ticket.id(), TicketStatus.SOLVED);
        // quickstart:end
        return solved;
    }

    /**
     * Runs the example from the command line.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println(run());
    }
}
