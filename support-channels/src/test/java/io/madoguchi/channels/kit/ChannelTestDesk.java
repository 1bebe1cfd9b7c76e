package io.madoguchi.channels.kit;

import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelGateway;
import io.madoguchi.channels.event.ChannelEvent;
import io.madoguchi.channels.outbox.InMemoryOutboxStore;
import io.madoguchi.channels.outbox.OutboxSender;
import io.madoguchi.channels.outbox.OutboxSubscriber;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.time.ManualScheduler;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A desk wired to the channels as a host wires it: an in-memory store, a manual scheduler (nothing sleeps; tests
 * advance its clock), the gateway with the given adapter, the outbox store, sender and subscriber. For adapter
 * tests; shipped in the test-jar with {@link ChannelAdapterContract}.
 */
public final class ChannelTestDesk {

    /** The tenant. */
    public final TenantId tenant = TenantId.of("shop-a");
    /** The manual scheduler; its clock is the desk's. */
    public final ManualScheduler scheduler = ManualScheduler.startingAt(Instant.parse("2026-11-30T01:00:00Z"),
        ZoneOffset.UTC);
    /** The clock. */
    public final MutableClock clock = scheduler.clock();
    /** The store. */
    public final DeskStore store = DeskStore.inMemory(clock);
    /** The desk. */
    public final SupportDesk desk = SupportDesk.builder().clock(clock).store(store).scheduler(scheduler).build();
    /** The outbox store. */
    public final InMemoryOutboxStore outbox = new InMemoryOutboxStore();
    /** An agent. */
    public final Principal agent = Principal.agent(tenant, AgentId.of("sato"));
    /** The gateway. */
    public final ChannelGateway gateway;
    /** The sender. */
    public final OutboxSender sender;

    /**
     * @param adapterOnClock makes the adapter under test on the desk's clock
     * @param senderOptions changes to the sender's defaults (attempts, backoff)
     */
    public ChannelTestDesk(Function<java.time.Clock, ChannelAdapter> adapterOnClock,
                           Function<OutboxSender.Builder, OutboxSender.Builder> senderOptions) {
        ChannelAdapter adapter = adapterOnClock.apply(clock);
        Principal admin = Principal.admin(tenant, AgentId.of("admin"));
        desk.saveAgent(admin, Agent.of(tenant, AgentId.of("sato"), "佐藤"));
        gateway = ChannelGateway.builder(desk, store.eventLog(), tenant).adapter(adapter).replyContexts(outbox)
            .build();
        sender = senderOptions.apply(OutboxSender.builder(outbox, store.eventLog(), scheduler, clock)
            .adapter(adapter).desk(desk).backoff(Duration.ofSeconds(1), Duration.ofMinutes(1))).build();
        desk.subscribe(new OutboxSubscriber(desk, outbox, sender, store.eventLog()));
    }

    /** @return every ticket of the tenant */
    public List<Ticket> tickets() {
        return desk.query(agent, TicketQuery.builder().limit(1000).build()).tickets();
    }

    /** @return every message on every ticket */
    public List<Message> messages() {
        List<Message> all = new ArrayList<>();
        for (Ticket t : tickets()) {
            all.addAll(desk.messages(agent, t.id()));
        }
        return all;
    }

    /**
     * @param ticket a ticket
     * @return its messages
     */
    public List<Message> messages(TicketId ticket) {
        return desk.messages(agent, ticket);
    }

    /**
     * @param type a channel event type
     * @param <T> the type
     * @return the channel events of that type in the log
     */
    public <T extends ChannelEvent> List<T> events(Class<T> type) {
        List<T> out = new ArrayList<>();
        long after = 0;
        while (true) {
            List<EventEnvelope> page = store.eventLog().read(after, 500);
            if (page.isEmpty()) {
                return out;
            }
            for (EventEnvelope e : page) {
                if (type.isInstance(e.event())) {
                    out.add(type.cast(e.event()));
                }
                after = e.position();
            }
        }
    }

    /**
     * Advances the clock, running each task that falls due at its own instant.
     *
     * @param total how far
     */
    public void advance(Duration total) {
        scheduler.advance(total);
    }
}
