package io.madoguchi.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.feedback.Granularity;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.memory.InMemoryEventLog;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.time.MutableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two host instances on one store, each with its own engine. */
class KpiEngineInstancesTest {

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-04-01T01:00:00Z"));
    private final DeskStore store = DeskStore.inMemory(clock);
    private final TenantId tenant = TenantId.of("shop-a");
    private static final LocalDate DAY = LocalDate.of(2026, 4, 1);

    private static long created(KpiEngine e, TenantId tenant) {
        return e.kpis(tenant, Granularity.DAY, DAY, DAY, Dimension.ALL, "").created();
    }

    /** Opens tickets alternately through the two desks; returns how many. */
    private int openTickets(SupportDesk a, SupportDesk b) {
        Principal system = a.system(tenant, "channels");
        Customer c = a.createCustomer(system, new NewCustomer("山田 花子",
            List.of(ChannelIdentity.email("hanako@example.jp")), null, "ja"));
        Principal cp = Principal.customer(tenant, c.id());
        int n = 6;
        for (int i = 0; i < n; i++) {
            SupportDesk through = i % 2 == 0 ? a : b;
            through.createTicket(cp, CreateTicket.builder(c.id(), Channel.EMAIL, "問い合わせ" + i, "本文です").build());
        }
        a.processEvents();
        b.processEvents();
        return n;
    }

    @Test
    void engineSubscribedOnEachInstanceCountsOnlyThatInstancesShare() {
        KpiEngine first = KpiEngine.builder().zone(Script.TOKYO).build();
        KpiEngine second = KpiEngine.builder().zone(Script.TOKYO).build();
        SupportDesk a = SupportDesk.builder().clock(clock).store(store).subscriber(first).build();
        SupportDesk b = SupportDesk.builder().clock(clock).store(store).subscriber(second).build();

        int n = openTickets(a, b);

        // why an engine per instance must follow the log rather than subscribe: the checkpoint is shared
        assertThat(created(first, tenant)).isLessThan(n);
        assertThat(created(first, tenant) + created(second, tenant)).isEqualTo(n);
    }

    @Test
    void engineFollowingTheLogOnEachInstanceCountsEveryInstancesTickets() {
        SupportDesk a = SupportDesk.builder().clock(clock).store(store).build();
        SupportDesk b = SupportDesk.builder().clock(clock).store(store).build();
        a.createCustomer(a.system(tenant, "channels"), new NewCustomer("既存の顧客",
            List.of(ChannelIdentity.email("kizon@example.jp")), null, "ja"));
        KpiEngine first = KpiEngine.builder().zone(Script.TOKYO).build();
        KpiEngine second = KpiEngine.builder().zone(Script.TOKYO).build();
        for (KpiEngine e : List.of(first, second)) {
            e.backfill(store.eventLog());
        }
        a.follow(first, first.lastPosition());
        b.follow(second, second.lastPosition());

        int n = openTickets(a, b);

        assertThat(created(first, tenant)).isEqualTo(n);
        assertThat(created(second, tenant)).isEqualTo(n);
        assertThat(first.eventsCounted()).isEqualTo(second.eventsCounted()).isEqualTo(store.eventLog().head());
    }

    @Test
    void engineFollowingTheLogThatFellBehindItsPruningRecordsTheEventsItMissed() {
        SupportDesk a = SupportDesk.builder().clock(clock).store(store).synchronousDelivery(false).build();
        Principal system = a.system(tenant, "channels");
        Customer c = a.createCustomer(system, new NewCustomer("山田 花子",
            List.of(ChannelIdentity.email("hanako@example.jp")), null, "ja"));
        Principal cp = Principal.customer(tenant, c.id());
        a.createTicket(cp, CreateTicket.builder(c.id(), Channel.EMAIL, "数えられる", "本文です").build());
        KpiEngine engine = KpiEngine.builder().zone(Script.TOKYO).build();
        engine.backfill(store.eventLog());
        long read = engine.lastPosition();
        a.follow(engine, read);
        a.createTicket(cp, CreateTicket.builder(c.id(), Channel.EMAIL, "取りこぼし", "本文です").build());
        // the engine's host is slow to deliver; meanwhile the log grows past what the store keeps, and is pruned
        var filler = store.eventLog().read(0, 1).get(0).event();
        store.eventLog().append(Collections.nCopies(InMemoryEventLog.DEFAULT_RETAINED_EVENTS + 2_000, filler),
            Map.of());
        long oldest = store.eventLog().oldest();

        a.processEvents();

        assertThat(engine.missedEvents()).as("the positions dropped before the engine read them")
            .isEqualTo(oldest - read - 1).isPositive();
        assertThat(created(engine, tenant)).as("the second ticket's creation was among them").isEqualTo(1);
        assertThat(engine.lastPosition()).isEqualTo(store.eventLog().head());
    }
}
