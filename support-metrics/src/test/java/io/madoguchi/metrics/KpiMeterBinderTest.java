package io.madoguchi.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import io.madoguchi.core.time.MutableClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KpiMeterBinderTest {

    @Test
    void metersCarryConventionalNamesAndOnlyLowCardinalityTags() {
        KpiEngine engine = KpiEngine.builder().zone(Script.TOKYO).byAgent(true).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new KpiMeterBinder(engine).bindTo(registry);
        new Script()
            .created("T1", "2026-04-01T09:00:00").assign("T1", "2026-04-01T09:01:00", "sato")
            .reply("T1", "2026-04-01T09:30:00", "sato").status("T1", "2026-04-01T10:00:00", TicketStatus.SOLVED, "sato")
            .created("T2", "2026-04-01T09:00:00").reply("T2", "2026-04-01T11:00:00", "suzuki")
            .botMatched("T2", "2026-04-01T09:00:01").botHandedOver("T2", "2026-04-01T09:00:02")
            .feed(engine);

        Timer first = registry.get("madoguchi.ticket.first.reply").tags("tenant", "tokyo-shop", "channel", "email",
            "priority", "normal").timer();
        assertThat(first.count()).isEqualTo(2);
        assertThat(first.totalTime(TimeUnit.MINUTES)).isEqualTo(150.0);
        assertThat(first.max(TimeUnit.MINUTES)).isEqualTo(120.0);
        assertThat(registry.get("madoguchi.ticket.resolution").timer().totalTime(TimeUnit.HOURS)).isEqualTo(1.0);
        assertThat(registry.get("madoguchi.tickets").tags("event", "created", "channel", "email").counter().count())
            .isEqualTo(2);
        assertThat(registry.get("madoguchi.tickets").tags("event", "solved").counter().count()).isEqualTo(1);
        assertThat(registry.get("madoguchi.bot.tickets").tags("outcome", "handed_over").counter().count()).isEqualTo(1);
        assertThat(registry.get("madoguchi.metrics.events").functionCounter().count())
            .isEqualTo(engine.eventsCounted());
        assertThat(registry.get("madoguchi.metrics.slices").gauge().value()).isEqualTo(engine.sliceCount());
        assertThat(registry.get("madoguchi.metrics.missed").functionCounter().count()).isZero();
        engine.missed(3, 10); // the log dropped positions 4 to 9 before the engine read them
        assertThat(registry.get("madoguchi.metrics.missed").functionCounter().count()).isEqualTo(6);
        for (Meter m : registry.getMeters()) {
            assertThat(m.getId().getName()).matches("madoguchi(\\.[a-z]+)+");
            assertThat(m.getId().getTags()).allSatisfy(t ->
                assertThat(t.getKey()).isIn("tenant", "channel", "priority", "outcome", "state", "status", "event"));
            assertThat(m.getId().getTags()).noneMatch(t -> t.getValue().matches("sato|suzuki|T\\d+|cust-.*"));
        }
    }

    @Test
    void thePrometheusScrapeShowsTheTimersCountersAndStoreCountedBacklog() {
        MutableClock clock = MutableClock.startingAt(Instant.parse("2026-04-01T00:00:00Z"));
        KpiEngine engine = KpiEngine.builder().zone(Script.TOKYO).build();
        SupportDesk desk = SupportDesk.builder().clock(clock).store(DeskStore.inMemory(clock)).subscriber(engine)
            .build();
        Principal admin = Principal.admin(Script.SHOP, AgentId.of("admin"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new KpiMeterBinder(engine).backlog(new Backlog(desk, clock), admin).bindTo(registry);

        Customer c = desk.createCustomer(desk.system(Script.SHOP, "channels"),
            new NewCustomer("佐々木 一郎", List.of(ChannelIdentity.email("ichiro@example.jp")), null, "ja"));
        Principal cp = Principal.customer(Script.SHOP, c.id());
        var t1 = desk.createTicket(cp,
            CreateTicket.builder(c.id(), Channel.LINE, "解約したい", "解約方法を教えて").build());
        desk.createTicket(cp,
            CreateTicket.builder(c.id(), Channel.LINE, "ポイント", "ポイントが消えた").build());
        clock.advance(Duration.ofMinutes(45));
        desk.reply(admin, t1.id(), "ご案内します。");
        desk.changeStatus(admin, t1.id(), TicketStatus.PENDING);

        String scrape = registry.scrape();
        assertThat(scrape)
            .contains("# TYPE madoguchi_ticket_first_reply_seconds summary")
            .contains("madoguchi_ticket_first_reply_seconds_count"
                + "{channel=\"line\",priority=\"normal\",tenant=\"tokyo-shop\"} 1")
            .contains("madoguchi_ticket_first_reply_seconds_sum"
                + "{channel=\"line\",priority=\"normal\",tenant=\"tokyo-shop\"} 2700.0")
            .contains("madoguchi_tickets_total{channel=\"line\",event=\"created\",tenant=\"tokyo-shop\"} 2.0")
            .contains("madoguchi_backlog_tickets{status=\"new\",tenant=\"tokyo-shop\"} 1.0")
            .contains("madoguchi_backlog_tickets{status=\"pending\",tenant=\"tokyo-shop\"} 1.0")
            .contains("madoguchi_metrics_events_total")
            .doesNotContain("ichiro", "佐々木");
    }

    @Test
    void theTenantTagCanBeTurnedOff() {
        KpiEngine engine = KpiEngine.builder().zone(Script.TOKYO).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new KpiMeterBinder(engine).tenantTag(false).bindTo(registry);
        new Script().created("T1", "2026-04-01T09:00:00").feed(engine);

        assertThat(registry.get("madoguchi.tickets").counter().getId().getTags())
            .extracting(io.micrometer.core.instrument.Tag::getKey).containsExactly("channel", "event");
    }

    /** Per tenant: a ticket created by the customer on LINE and an agent's reply ten minutes later. */
    private static List<EventEnvelope> tenants(int n) {
        List<EventEnvelope> log = new ArrayList<>();
        Instant at = Instant.parse("2026-04-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            TenantId tenant = TenantId.of("tenant-" + i);
            CustomerId customer = CustomerId.of("cust-" + i);
            Ticket t = Ticket.builder(TicketId.of("T" + i), tenant, customer, Channel.LINE, at).subject("質問")
                .status(TicketStatus.NEW).messageCount(1).build();
            Message first = new Message(t.id(), 1, Visibility.PUBLIC, AuthorKind.CUSTOMER, customer.value(), "質問です",
                List.of(), at);
            log.add(new EventEnvelope(log.size() + 1,
                new TicketCreated(t, Principal.customer(tenant, customer), at, first, null)));
            Instant later = at.plusSeconds(600);
            Ticket replied = t.toBuilder().messageCount(2).updatedAt(later).version(t.version() + 1).build();
            log.add(new EventEnvelope(log.size() + 1, new MessageAdded(replied, Principal.agent(tenant,
                AgentId.of("sato")), later, new Message(t.id(), 2, Visibility.PUBLIC, AuthorKind.AGENT, "sato",
                "回答です", List.of(), later))));
        }
        return log;
    }

    @Test
    void withoutTheTenantTagTheMetersAreCachedOncePerKpiChannelAndPriorityNotPerTenant() {
        KpiEngine engine = KpiEngine.builder().zone(Script.TOKYO).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KpiMeterBinder binder = new KpiMeterBinder(engine).tenantTag(false);
        binder.bindTo(registry);
        engine.backfill(tenants(10_000));

        // a first-reply and a handle-time timer, a created counter
        assertThat(binder.cachedMeters()).isEqualTo(3);
        Timer first = registry.get("madoguchi.ticket.first.reply").timer();
        assertThat(first.count()).isEqualTo(10_000);
        assertThat(first.totalTime(TimeUnit.SECONDS)).isEqualTo(6_000_000.0);
        assertThat(registry.get("madoguchi.tickets").tags("event", "created", "channel", "line").counter().count())
            .isEqualTo(10_000);
    }

    @Test
    void withTheTenantTagTheCacheOfMeterHandlesIsBoundedAndNoCountIsLost() {
        KpiEngine engine = KpiEngine.builder().zone(Script.TOKYO).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KpiMeterBinder binder = new KpiMeterBinder(engine);
        binder.bindTo(registry);
        List<EventEnvelope> log = tenants(10_000);
        engine.backfill(log);

        // timers and counters are cached apart, each within the bound
        assertThat(binder.cachedMeters()).isLessThanOrEqualTo(2 * KpiMeterBinder.MAX_CACHED_METERS);
        assertThat(registry.get("madoguchi.ticket.first.reply").timers()).hasSize(10_000)
            .allSatisfy(t -> assertThat(t.count()).isEqualTo(1));
        assertThat(registry.get("madoguchi.tickets").counters()).hasSize(10_000)
            .allSatisfy(c -> assertThat(c.count()).isEqualTo(1.0));
    }

    @Test
    void aMeterRemovedFromTheRegistryIsRegisteredAgainInsteadOfCountingIntoTheRemovedOne() {
        KpiEngine engine = KpiEngine.builder().zone(Script.TOKYO).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new KpiMeterBinder(engine).tenantTag(false).bindTo(registry);
        List<EventEnvelope> log = new Script().created("T1", "2026-04-01T09:00:00").created("T2", "2026-04-01T10:00:00")
            .log;
        engine.backfill(log.subList(0, 2));
        // a departed tenant's series, say: Micrometer keeps counting into a removed meter but never publishes it
        registry.remove(registry.get("madoguchi.tickets").counter());
        engine.backfill(log.subList(2, 4));

        assertThat(registry.get("madoguchi.tickets").tags("event", "created").counter().count()).isEqualTo(1);
    }
}
