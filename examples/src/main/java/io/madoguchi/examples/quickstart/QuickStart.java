package io.madoguchi.examples.quickstart;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Clock;

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
        Principal gateway = desk.system(shop, "web-form");
        Customer hanako = desk.resolveCustomer(gateway, ChannelIdentity.email("hanako@example.jp"), "山田 花子");

        Ticket ticket = desk.createTicket(gateway,
            CreateTicket.builder(hanako.id(), Channel.EMAIL, "返品したい", "サイズが合わないので返品できますか？")
                .language("ja")
                .build());

        Principal admin = Principal.admin(shop, AgentId.of("kanri"));
        desk.saveAgent(admin, Agent.of(shop, AgentId.of("sato"), "佐藤").withSkills("ja"));
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
