package io.madoguchi.core.sla;

import io.madoguchi.core.time.ManualScheduler;
import io.madoguchi.core.ticket.TicketStatus;

import io.madoguchi.core.ticket.Priority;

import io.madoguchi.core.Channel;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** An engine on a manual scheduler that records every event and escalation; time moves by hand. */
final class SlaHarness {

    static final TenantId TENANT = TenantId.of("shop");
    /** Monday 2026-11-23 09:00 in Tokyo. */
    static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

    final ManualScheduler scheduler = ManualScheduler.startingAt(T0, WeekdayCalendar.TOKYO);
    final List<SlaEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> escalations = java.util.Collections.synchronizedList(new ArrayList<>());
    final SlaEngine engine;

    SlaHarness(List<SlaPolicy> policies) {
        this(policies, b -> { });
    }

    SlaHarness(List<SlaPolicy> policies, Consumer<SlaEngine.Builder> extra) {
        SlaEngine.Builder b = SlaEngine.builder()
            .clock(scheduler.clock())
            .scheduler(scheduler)
            .policies(policies)
            .listener(events::add)
            .actions(new Recording());
        extra.accept(b);
        engine = b.build();
    }

    static TicketId id(String id) {
        return TicketId.of(id);
    }

    static SlaTicket ticket(String id) {
        return SlaTicket.of(TENANT, TicketId.of(id), Channel.EMAIL);
    }

    Instant now() {
        return scheduler.now();
    }

    void advance(Duration d) {
        scheduler.advance(d);
    }

    void advanceTo(Instant at) {
        scheduler.advanceTo(at);
    }

    void create(SlaTicket t) {
        engine.apply(new SlaInput.Created(t, now()));
    }

    void create(String id) {
        create(ticket(id));
    }

    void customer(String id) {
        engine.apply(new SlaInput.CustomerMessage(TENANT, id(id), now()));
    }

    void reply(String id) {
        engine.apply(new SlaInput.AgentReply(TENANT, id(id), now()));
    }

    void bot(String id) {
        engine.apply(new SlaInput.BotReply(TENANT, id(id), now()));
    }

    void status(String id, TicketStatus status) {
        engine.apply(new SlaInput.StatusChanged(TENANT, id(id), status, now()));
    }

    List<SlaCycle> cycles(String id, SlaMetric metric) {
        return engine.cycles(TENANT, id(id)).stream().filter(c -> c.metric() == metric).toList();
    }

    SlaCycle last(String id, SlaMetric metric) {
        List<SlaCycle> list = cycles(id, metric);
        return list.get(list.size() - 1);
    }

    <E extends SlaEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static SlaPolicy policy(String name, SlaMetric metric, Duration target) {
        return SlaPolicy.builder(name).target(metric, target, SlaPolicy.Hours.CALENDAR).build();
    }

    static Set<String> tags(String... tags) {
        return Set.of(tags);
    }

    private final class Recording implements SlaActions {
        @Override
        public void raisePriority(TenantId tenant, TicketId ticket, Priority atLeast) {
            escalations.add(ticket + " priority " + atLeast);
        }

        @Override
        public void reassign(TenantId tenant, TicketId ticket, GroupId group) {
            escalations.add(ticket + " group " + group);
        }

        @Override
        public void addTag(TenantId tenant, TicketId ticket, String tag) {
            escalations.add(ticket + " tag " + tag);
        }

        @Override
        public void notify(TenantId tenant, TicketId ticket, String recipient, SlaEvent cause) {
            escalations.add(ticket + " notify " + recipient + " " + cause.getClass().getSimpleName());
        }
    }
}
