package io.madoguchi.core;

import io.madoguchi.core.time.MutableClock;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Ticket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A desk with one tenant, an admin, two agents and a Japanese customer, recording every event. */
final class DeskFixture {

    final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-24T00:00:00Z"));
    final List<DeskEvent> events = new CopyOnWriteArrayList<>();
    final io.madoguchi.core.store.DeskStore store = io.madoguchi.core.store.DeskStore.inMemory(clock);
    final SupportDesk desk;
    final TenantId tenant = TenantId.of("shop-a");
    final Principal admin = Principal.admin(tenant, AgentId.of("admin"));
    final Principal sato = Principal.agent(tenant, AgentId.of("sato"));
    final Principal system;
    final Customer tanaka;
    final Principal tanakaP;

    DeskFixture() {
        this(SupportDesk.builder());
    }

    DeskFixture(SupportDesk.Builder builder) {
        desk = builder.clock(clock).store(store).listener(events::add).build();
        system = desk.system(tenant, "channels");
        desk.saveAgent(admin, Agent.of(tenant, AgentId.of("sato"), "佐藤"));
        desk.saveAgent(admin, Agent.of(tenant, AgentId.of("suzuki"), "鈴木"));
        tanaka = desk.createCustomer(system,
            new NewCustomer("田中 太郎", List.of(ChannelIdentity.email("tanaka@example.jp")), null, "ja"));
        tanakaP = Principal.customer(tenant, tanaka.id());
    }

    Ticket open(String subject, String body) {
        return desk.createTicket(tanakaP, CreateTicket.builder(tanaka.id(), Channel.EMAIL, subject, body).build());
    }

    /** Opens a ticket as the customer and reads it back as staff (the customer's view has no assignee). */
    Ticket openSeenByStaff(String subject, String body) {
        return desk.ticket(sato, open(subject, body).id());
    }

    <T extends DeskEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
