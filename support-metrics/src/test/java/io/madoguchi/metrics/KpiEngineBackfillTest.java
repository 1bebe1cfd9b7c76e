package io.madoguchi.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventJson;
import io.madoguchi.core.feedback.Granularity;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.MutableClock;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KpiEngineBackfillTest {

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-03-30T23:00:00Z"));
    private final DeskStore store = DeskStore.inMemory(clock);
    private final KpiEngine live = KpiEngine.builder().zone(Script.TOKYO).byAgent(true).build();
    private final SupportDesk desk = SupportDesk.builder().clock(clock).store(store).subscriber(live).build();
    private final TenantId tenant = TenantId.of("shop-a");
    private final Principal admin = Principal.admin(tenant, AgentId.of("admin"));
    private final Principal sato = Principal.agent(tenant, AgentId.of("sato"));

    /** Three days of a small desk in Tokyo, crossing a month boundary in Japan time. */
    private void runDesk() {
        desk.saveAgent(admin, Agent.of(tenant, AgentId.of("sato"), "佐藤"));
        Principal system = desk.system(tenant, "channels");
        for (int day = 0; day < 3; day++) {
            for (int i = 0; i < 4; i++) {
                Customer c = desk.createCustomer(system, new NewCustomer("顧客" + day + "-" + i,
                    List.of(ChannelIdentity.email("c" + day + i + "@example.jp")), null, "ja"));
                Principal cp = Principal.customer(tenant, c.id());
                Ticket t = desk.createTicket(cp, CreateTicket.builder(c.id(), i % 2 == 0 ? Channel.EMAIL : Channel.LINE,
                    "配送について", "荷物がまだ届きません").build());
                if (i == 3) {
                    desk.changePriority(admin, t.id(), Priority.HIGH);
                }
                clock.advance(Duration.ofMinutes(20 + 10 * i));
                desk.assign(admin, t.id(), AgentId.of("sato"));
                desk.reply(sato, t.id(), "確認いたします。");
                clock.advance(Duration.ofMinutes(30));
                if (i != 1) {
                    desk.changeStatus(sato, t.id(), TicketStatus.SOLVED);
                }
                if (i == 2) {
                    clock.advance(Duration.ofMinutes(5));
                    desk.addMessage(cp, io.madoguchi.core.ticket.AddMessage.reply(t.id(), "まだ解決していません"));
                }
            }
            clock.advance(Duration.ofHours(20));
        }
        desk.processEvents();
    }

    private static Map<SliceKey, Kpis> all(KpiEngine e) {
        Map<SliceKey, Kpis> out = new HashMap<>();
        for (SliceKey k : e.slices()) {
            out.put(k, e.kpis(k));
        }
        return out;
    }

    @Test
    void backfillFromTheLogEqualsLiveCounting() {
        runDesk();
        KpiEngine rebuilt = KpiEngine.builder().zone(Script.TOKYO).byAgent(true).build();
        long read = rebuilt.backfill(store.eventLog());

        assertThat(read).isEqualTo(store.eventLog().head());
        assertThat(live.lastPosition()).isEqualTo(store.eventLog().head());
        Map<SliceKey, Kpis> expected = all(live);
        assertThat(expected).isNotEmpty();
        assertThat(all(rebuilt)).isEqualTo(expected);
        Kpis march31 = live.kpis(new SliceKey(tenant, Granularity.DAY, LocalDate.of(2026, 3, 31), Dimension.ALL, ""));
        assertThat(march31.created()).isEqualTo(4);
        assertThat(march31.firstReply().n()).isEqualTo(4);
        assertThat(march31.reopen().count()).isEqualTo(1);
        Kpis april = live.kpis(new SliceKey(tenant, Granularity.MONTH, LocalDate.of(2026, 4, 1), Dimension.ALL, ""));
        assertThat(april.created()).isEqualTo(8);
    }

    @Test
    void backfillFromAnExportedFileEqualsLiveCountingAndAWindowKeepsOnlyItsPeriod() {
        runDesk();
        StringWriter out = new StringWriter();
        EventJson.export(store.eventLog(), 0, out);
        List<EventEnvelope> file = EventJson.readAll(new StringReader(out.toString()));
        KpiEngine fromFile = KpiEngine.builder().zone(Script.TOKYO).byAgent(true).build();
        fromFile.backfill(file);
        assertThat(all(fromFile)).isEqualTo(all(live));

        KpiEngine april = KpiEngine.builder().zone(Script.TOKYO).byAgent(true)
            .window(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 30)).build();
        april.backfill(file);
        assertThat(april.slices()).allMatch(k -> !k.periodEnd().isBefore(LocalDate.of(2026, 4, 2)));
        SliceKey aprilAll = new SliceKey(tenant, Granularity.MONTH, LocalDate.of(2026, 4, 1), Dimension.ALL, "");
        assertThat(april.kpis(aprilAll)).isEqualTo(live.kpis(aprilAll));
    }

    @Test
    void aRedeliveredEventIsCountedOnce() {
        runDesk();
        KpiEngine twice = KpiEngine.builder().zone(Script.TOKYO).byAgent(true).build();
        List<EventEnvelope> events = store.eventLog().read(0, 10_000);
        twice.backfill(events);
        twice.backfill(events.subList(events.size() / 2, events.size()));
        assertThat(all(twice)).isEqualTo(all(live));
        assertThat(twice.eventsCounted()).isEqualTo(events.size());
    }

    @Test
    void afterARestartTheHistoryBackfilledBehindTheResumedLiveCountingIsCountedToo() {
        runDesk();
        // the host restarts: a new, empty engine is subscribed and the desk resumes it from its checkpoint ...
        KpiEngine restarted = KpiEngine.builder().zone(Script.TOKYO).byAgent(true).build();
        SupportDesk again = SupportDesk.builder().clock(clock).store(store).subscriber(restarted).build();
        Customer c = again.createCustomer(again.system(tenant, "channels"), new NewCustomer("顧客",
            List.of(ChannelIdentity.email("late@example.jp")), null, "ja"));
        Ticket t = again.createTicket(Principal.customer(tenant, c.id()),
            CreateTicket.builder(c.id(), Channel.EMAIL, "返品", "返品したいです").build());
        clock.advance(Duration.ofMinutes(15));
        again.reply(sato, t.id(), "承知しました。");
        again.processEvents();
        assertThat(restarted.eventsCounted()).isPositive();
        // ... and the history before the restart is rebuilt from the log
        restarted.backfill(store.eventLog());

        KpiEngine rebuilt = KpiEngine.builder().zone(Script.TOKYO).byAgent(true).build();
        rebuilt.backfill(store.eventLog());
        assertThat(restarted.eventsCounted()).isEqualTo(store.eventLog().head());
        assertThat(all(restarted)).isEqualTo(all(rebuilt));
        assertThat(restarted.lastPosition()).isEqualTo(store.eventLog().head());
    }

    @Test
    void aTenantsBackfillCountsItsEventsOnlyAndEqualsItsShareOfTheWholeLog() {
        runDesk();
        TenantId other = TenantId.of("shop-b");
        Principal otherSystem = desk.system(other, "channels");
        Customer c = desk.createCustomer(otherSystem, new NewCustomer("大阪の顧客",
            List.of(ChannelIdentity.email("osaka@example.jp")), null, "ja"));
        desk.createTicket(Principal.customer(other, c.id()),
            CreateTicket.builder(c.id(), Channel.EMAIL, "ポイント", "ポイントが反映されていません").build());
        desk.processEvents();

        KpiEngine shopA = KpiEngine.builder().zone(Script.TOKYO).byAgent(true).build();
        long counted = shopA.backfill(store.eventLog(), tenant);

        long ofShopA = store.eventLog().read(0, 10_000).stream()
            .filter(e -> e.event().tenantId().equals(tenant)).count();
        assertThat(counted).isEqualTo(ofShopA).isLessThan(store.eventLog().head());
        assertThat(shopA.slices()).isNotEmpty().allMatch(k -> k.tenant().equals(tenant));
        Map<SliceKey, Kpis> shopAOfAll = new HashMap<>(all(live));
        shopAOfAll.keySet().removeIf(k -> !k.tenant().equals(tenant));
        assertThat(all(shopA)).isEqualTo(shopAOfAll);
    }
}
