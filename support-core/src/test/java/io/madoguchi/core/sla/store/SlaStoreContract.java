package io.madoguchi.core.sla.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.Channel;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.calendar.JapaneseHolidays;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.integration.DeskBridge;
import io.madoguchi.core.sla.SlaEngine;
import io.madoguchi.core.sla.SlaEvent;
import io.madoguchi.core.sla.SlaPolicy;
import io.madoguchi.core.store.memory.InMemoryDeskStore;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.time.ManualScheduler;
import io.madoguchi.core.time.Scheduler;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.EnumSet;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.sla.PolicyApplication;
import io.madoguchi.core.sla.SlaCycle;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.sla.SlaTicket;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SlaStore} must have. A store implementation proves itself by extending this class in
 * its tests and implementing {@link #newStore()}; it ships in the support-core test-jar.
 */
public abstract class SlaStoreContract {

    /** The first tenant. */
    protected static final TenantId TENANT = TenantId.of("contract-a");
    /** Another tenant. */
    protected static final TenantId OTHER = TenantId.of("contract-b");
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    private SlaStore store;

    /** @return a new, empty store */
    protected abstract SlaStore newStore();

    /**
     * @param store the store under test
     * @return another instance over the same data, as a second host process would build it; the store itself for a
     *     store that lives in one process
     */
    protected SlaStore sameData(SlaStore store) {
        return store;
    }

    @BeforeEach
    void setUp() {
        store = newStore();
    }

    /** A ticket created at T0 whose first reply is due {@code dueInMinutes} later, with a 15-minute warning. */
    private static SlaState state(TenantId tenant, String ticket, long version, int dueInMinutes, boolean breached) {
        SlaTicket facts = new SlaTicket(tenant, TicketId.of(ticket), Priority.HIGH, "question", Channel.LINE,
            Set.of("返品"), false, Map.of("tier", "vip"), Map.of(), TicketStatus.OPEN);
        Instant due = T0.plus(Duration.ofMinutes(dueInMinutes));
        SlaState.Cycle cycle = new SlaState.Cycle(SlaMetric.FIRST_REPLY_TIME, T0, null, null,
            Duration.ofMinutes(dueInMinutes), due, Duration.ZERO, breached ? 1 : 0, breached);
        List<SlaDueRow> rows = breached ? List.of() : List.of(
            new SlaDueRow(tenant, TicketId.of(ticket), SlaMetric.FIRST_REPLY_TIME, 0, SlaDueRow.Kind.WARNING,
                due.minus(Duration.ofMinutes(15)), due),
            new SlaDueRow(tenant, TicketId.of(ticket), SlaMetric.FIRST_REPLY_TIME, 0, SlaDueRow.Kind.BREACH, due, due));
        return new SlaState(version, facts, 7, false, T0, T0, null, T0,
            List.of(new SlaState.StatusSpan(T0, TicketStatus.NEW), new SlaState.StatusSpan(T0, TicketStatus.OPEN)),
            List.of(cycle), List.of(new PolicyApplication(T0, "標準")), rows);
    }

    @Test
    void aSavedStateIsReadBackEqual() {
        SlaState s = state(TENANT, "T-1", 1, 60, false);
        store.save(s, 0);

        assertThat(store.state(TENANT, TicketId.of("T-1"))).contains(s);
        assertThat(store.state(OTHER, TicketId.of("T-1"))).isEmpty();
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void instantsAreKeptToTheMicrosecond() {
        Instant fine = T0.plusNanos(1_234_567);
        SlaState s = state(TENANT, "T-1", 1, 60, false);
        SlaState withNanos = new SlaState(1, s.facts(), 0, true, fine, fine, fine, fine,
            List.of(new SlaState.StatusSpan(fine, TicketStatus.OPEN)), s.cycles(), List.of(), List.of());
        store.save(withNanos, 0);

        SlaState read = store.state(TENANT, TicketId.of("T-1")).orElseThrow();
        assertThat(read.createdAt()).isEqualTo(T0.plusNanos(1_234_000));
        assertThat(read.timeline().get(0).from()).isEqualTo(T0.plusNanos(1_234_000));
    }

    @Test
    void aSaveBasedOnAStaleVersionIsRefusedAndChangesNothing() {
        store.save(state(TENANT, "T-1", 1, 60, false), 0);
        store.save(state(TENANT, "T-1", 2, 90, false), 1);

        assertThatThrownBy(() -> store.save(state(TENANT, "T-1", 2, 30, false), 1))
            .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.save(state(TENANT, "T-1", 1, 30, false), 0))
            .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.save(state(TENANT, "T-2", 4, 30, false), 3))
            .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.save(state(TENANT, "T-1", 5, 30, false), 2))
            .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.state(TENANT, TicketId.of("T-1")).orElseThrow().version()).isEqualTo(2);
        assertThat(store.due(T0.plus(Duration.ofDays(1)), 10)).extracting(SlaDueRow::dueAt)
            .containsOnly(T0.plus(Duration.ofMinutes(90)));
        assertThat(store.state(TENANT, TicketId.of("T-2"))).isEmpty();
    }

    @Test
    void aSaveReplacesTheTicketsDueRows() {
        store.save(state(TENANT, "T-1", 1, 60, false), 0);
        store.save(state(TENANT, "T-1", 2, 120, false), 1);

        assertThat(store.due(T0.plus(Duration.ofMinutes(60)), 10)).isEmpty();
        assertThat(store.due(T0.plus(Duration.ofMinutes(120)), 10)).extracting(SlaDueRow::kind)
            .containsExactly(SlaDueRow.Kind.WARNING, SlaDueRow.Kind.BREACH);
        assertThat(store.nextDue()).contains(T0.plus(Duration.ofMinutes(105)));
    }

    @Test
    void dueRowsComeSoonestFirstUpToTheInstantAndTheLimit() {
        store.save(state(TENANT, "T-3", 1, 30, false), 0);
        store.save(state(OTHER, "T-1", 1, 60, false), 0);
        store.save(state(TENANT, "T-2", 1, 60, false), 0);

        List<SlaDueRow> rows = store.due(T0.plus(Duration.ofMinutes(60)), 10);
        assertThat(rows).extracting(r -> r.tenant().value() + "/" + r.ticket().value() + " " + r.kind() + " " + r.at())
            .containsExactly(
                "contract-a/T-3 WARNING " + T0.plus(Duration.ofMinutes(15)),
                "contract-a/T-3 BREACH " + T0.plus(Duration.ofMinutes(30)),
                "contract-a/T-2 WARNING " + T0.plus(Duration.ofMinutes(45)),
                "contract-b/T-1 WARNING " + T0.plus(Duration.ofMinutes(45)),
                "contract-a/T-2 BREACH " + T0.plus(Duration.ofMinutes(60)),
                "contract-b/T-1 BREACH " + T0.plus(Duration.ofMinutes(60)));
        assertThat(store.due(T0.plus(Duration.ofMinutes(60)), 3)).isEqualTo(rows.subList(0, 3));
        assertThat(store.due(T0.plus(Duration.ofMinutes(14)), 10)).isEmpty();
        assertThat(store.nextDue()).contains(T0.plus(Duration.ofMinutes(15)));
        assertThatThrownBy(() -> store.due(T0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void breachedListsOnlyTicketsWithAnActiveBreachedCycle() {
        store.save(state(TENANT, "T-1", 1, 60, true), 0);
        store.save(state(TENANT, "T-2", 1, 60, false), 0);
        SlaState closed = state(TENANT, "T-3", 1, 60, true);
        store.save(new SlaState(1, closed.facts().withStatus(TicketStatus.CLOSED), 0, true, T0, null, null, T0,
            List.of(new SlaState.StatusSpan(T0, TicketStatus.CLOSED)), closed.cycles(), List.of(), List.of()), 0);

        assertThat(store.breached()).extracting(SlaState::ticket).containsExactly(TicketId.of("T-1"));

        SlaState solved = state(TENANT, "T-1", 2, 60, true);
        SlaState.Cycle c = solved.cycles().get(0);
        store.save(new SlaState(2, solved.facts(), 0, true, T0, null, null, T0, solved.timeline(),
            List.of(new SlaState.Cycle(c.metric(), c.start(), T0.plus(Duration.ofHours(2)), SlaCycle.StopReason.SOLVED,
                c.target(), c.dueAt(), Duration.ofHours(2), 1, true)), List.of(), List.of()), 1);
        assertThat(store.breached()).isEmpty();
    }

    @Test
    void removingATicketDropsItsStateAndRows() {
        store.save(state(TENANT, "T-1", 1, 60, false), 0);
        store.save(state(TENANT, "T-2", 1, 90, true), 0);

        assertThat(store.remove(TENANT, TicketId.of("T-1"))).isTrue();
        assertThat(store.remove(TENANT, TicketId.of("T-2"))).isTrue();
        assertThat(store.remove(TENANT, TicketId.of("T-1"))).isFalse();

        assertThat(store.state(TENANT, TicketId.of("T-1"))).isEmpty();
        assertThat(store.due(T0.plus(Duration.ofDays(1)), 10)).isEmpty();
        assertThat(store.nextDue()).isEmpty();
        assertThat(store.breached()).isEmpty();
        assertThat(store.count()).isZero();
        store.save(state(TENANT, "T-1", 1, 60, false), 0);
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void statesArePagedByTenantThenTicket() {
        for (String t : List.of("T-3", "T-1", "T-2")) {
            store.save(state(TENANT, t, 1, 60, false), 0);
        }
        store.save(state(OTHER, "T-0", 1, 60, false), 0);

        List<String> seen = new ArrayList<>();
        TenantId afterTenant = null;
        TicketId afterTicket = null;
        while (true) {
            List<SlaState> page = store.states(afterTenant, afterTicket, 2);
            page.forEach(s -> seen.add(s.tenant().value() + "/" + s.ticket().value()));
            if (page.size() < 2) {
                break;
            }
            afterTenant = page.get(1).tenant();
            afterTicket = page.get(1).ticket();
        }
        assertThat(seen).containsExactly("contract-a/T-1", "contract-a/T-2", "contract-a/T-3", "contract-b/T-0");
        assertThatThrownBy(() -> store.states(TENANT, null, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofConcurrentSavesFromOneVersionExactlyOneWins() throws Exception {
        store.save(state(TENANT, "T-1", 1, 60, false), 0);

        assertThat(winnersOfRacingSaves(List.of(store), "T-1", 1)).isEqualTo(1);
        assertThat(store.due(T0.plus(Duration.ofDays(1)), 10)).hasSize(2);
    }

    /** Eight threads save version {@code expected + 1} of a ticket at once, alternating between the stores. */
    private static int winnersOfRacingSaves(List<SlaStore> stores, String ticket, long expected) throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                SlaStore s = stores.get(i % stores.size());
                int minutes = 100 + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        s.save(state(TENANT, ticket, expected + 1, minutes, false), expected);
                        return true;
                    } catch (ConflictException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            return won;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ofEnginesLeasingAtOnceEachDueRowGoesToOne() throws Exception {
        for (int i = 0; i < 20; i++) {
            store.save(state(i % 2 == 0 ? TENANT : OTHER, "T-" + i, 1, 30 + i, false), 0);
        }
        SlaStore second = sameData(store);
        int engines = 6;
        ExecutorService pool = Executors.newFixedThreadPool(engines);
        CountDownLatch start = new CountDownLatch(1);
        List<SlaDueRow> all;
        try {
            List<Future<List<SlaDueRow>>> results = new ArrayList<>();
            for (int i = 0; i < engines; i++) {
                SlaStore s = i % 2 == 0 ? store : second;
                String owner = "窓口-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    List<SlaDueRow> mine = new ArrayList<>();
                    for (int round = 0; round < 5; round++) {
                        mine.addAll(s.lease(T0.plus(Duration.ofDays(1)), 3, owner, T0, Duration.ofMinutes(5)));
                    }
                    return mine;
                }));
            }
            start.countDown();
            all = new ArrayList<>();
            for (Future<List<SlaDueRow>> f : results) {
                all.addAll(f.get(60, TimeUnit.SECONDS).stream().distinct().toList());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(all).doesNotHaveDuplicates();
        assertThat(all).hasSizeLessThanOrEqualTo(40);
        // whatever no engine got yet is still free for the next one
        List<SlaDueRow> rest = second.lease(T0.plus(Duration.ofDays(1)), 100, "後続", T0, Duration.ofMinutes(5));
        assertThat(rest).doesNotContainAnyElementsOf(all);
        assertThat(all.size() + rest.size()).isEqualTo(40);
    }

    @Test
    void aLeaseRunsOutAndASaveEndsIt() {
        store.save(state(TENANT, "T-1", 1, 60, false), 0);
        SlaStore second = sameData(store);
        Instant until = T0.plus(Duration.ofDays(1));

        assertThat(store.lease(until, 10, "a", T0, Duration.ofMinutes(1))).hasSize(2);
        assertThat(second.lease(until, 10, "b", T0.plusSeconds(59), Duration.ofMinutes(1))).isEmpty();
        assertThat(store.lease(until, 10, "a", T0.plusSeconds(59), Duration.ofMinutes(1))).as("renewed by its owner")
            .hasSize(2);
        assertThat(second.lease(until, 10, "b", T0.plusSeconds(118), Duration.ofMinutes(1))).isEmpty();
        assertThat(second.lease(until, 10, "b", T0.plusSeconds(119), Duration.ofMinutes(1))).as("run out").hasSize(2);
        assertThat(store.due(until, 10)).as("leases do not hide rows from due()").hasSize(2);

        store.save(state(TENANT, "T-1", 2, 60, false), 1);
        assertThat(store.lease(until, 10, "a", T0.plusSeconds(121), Duration.ofMinutes(1))).as("the save ended it")
            .hasSize(2);
        assertThatThrownBy(() -> store.lease(until, 10, "a", T0, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofTwoInstancesSavingFromOneVersionExactlyOneWins() throws Exception {
        SlaStore second = sameData(store);

        assertThat(winnersOfRacingSaves(List.of(store, second), "T-新規", 0)).isEqualTo(1);
        assertThat(second.state(TENANT, TicketId.of("T-新規"))).isPresent();
        assertThat(store.due(T0.plus(Duration.ofDays(1)), 10)).hasSize(2);
    }

    /**
     * A ticket created on Monday 09:00 JST, on hold for four hours, whose SLA state is forgotten, and whose
     * customer writes again on Tuesday, a holiday (文化の日): tracking resumes with the ticket's own times, so every
     * clock is due when it was due before the state was forgotten, and the first reply breach that fell due while
     * it was untracked fires with its own due instant.
     */
    @Test
    void aForgottenOpenTicketResumesWithTheClocksItHadBefore() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        ManualScheduler scheduler = ManualScheduler.startingAt(Instant.parse("2026-11-02T00:00:00Z"), tokyo);
        InMemoryDeskStore deskStore = new InMemoryDeskStore(scheduler.clock());
        SupportDesk desk = SupportDesk.builder().clock(scheduler.clock()).store(deskStore).scheduler(scheduler)
            .build();
        BusinessCalendar honsha = BusinessCalendar.builder("本社").zone(tokyo)
            .open(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00-18:00")
            .holidays(JapaneseHolidays.instance()).build();
        SlaEngine sla = SlaEngine.builder().clock(desk.clock()).scheduler(Scheduler.none()).store(store)
            .eventLog(deskStore.eventLog())
            .policies(List.of(SlaPolicy.builder("標準").calendar(honsha)
                .target(SlaMetric.FIRST_REPLY_TIME, Duration.ofHours(8), SlaPolicy.Hours.BUSINESS)
                .target(SlaMetric.AGENT_WORK_TIME, Duration.ofHours(8), SlaPolicy.Hours.BUSINESS)
                .target(SlaMetric.TOTAL_RESOLUTION_TIME, Duration.ofHours(16), SlaPolicy.Hours.BUSINESS)
                .build()))
            .build();
        DeskBridge bridge = DeskBridge.attach(desk, sla, null);
        Principal admin = Principal.admin(TENANT, AgentId.of("admin"));
        Principal sato = Principal.agent(TENANT, AgentId.of("sato"));
        desk.saveAgent(admin, Agent.of(TENANT, AgentId.of("sato"), "佐藤"));
        Customer tanaka = desk.createCustomer(desk.system(TENANT, "channels"),
            new NewCustomer("田中 太郎", List.of(ChannelIdentity.line("U1234")), null, "ja"));
        Ticket ticket = desk.createTicket(Principal.customer(TENANT, tanaka.id()),
            CreateTicket.builder(tanaka.id(), Channel.LINE, "配送について", "注文した商品が届きません").build());
        scheduler.advance(Duration.ofHours(2));
        desk.addNote(sato, ticket.id(), "配送業者に確認中");
        desk.changeStatus(sato, ticket.id(), TicketStatus.ON_HOLD);
        scheduler.advance(Duration.ofHours(4));
        desk.changeStatus(sato, ticket.id(), TicketStatus.OPEN);
        scheduler.advance(Duration.ofHours(1));
        List<String> before = activeClocks(sla.cycles(TENANT, ticket.id()));
        assertThat(before).containsExactly(
            "FIRST_REPLY_TIME from 2026-11-02T09:00+09:00[Asia/Tokyo] due 2026-11-02T17:00+09:00[Asia/Tokyo]",
            "AGENT_WORK_TIME from 2026-11-02T09:00+09:00[Asia/Tokyo] due 2026-11-04T12:00+09:00[Asia/Tokyo]",
            "TOTAL_RESOLUTION_TIME from 2026-11-02T09:00+09:00[Asia/Tokyo] due 2026-11-04T16:00+09:00[Asia/Tokyo]");

        // Monday 16:00: the host forgets the ticket's SLA state; Tuesday 10:00 (a holiday) the customer writes again
        sla.forget(TENANT, ticket.id());
        scheduler.advanceTo(Instant.parse("2026-11-03T01:00:00Z"));
        desk.addMessage(Principal.customer(TENANT, tanaka.id()),
            AddMessage.reply(ticket.id(), "まだ届いていません。至急確認してください。"));

        assertThat(activeClocks(sla.cycles(TENANT, ticket.id()))).as("clocks after tracking resumed")
            .isEqualTo(before);
        assertThat(sameData(store).state(TENANT, ticket.id()).orElseThrow().createdAt())
            .isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
        sla.fireDue();
        assertThat(deskStore.eventLog().read(0, 10_000)).extracting(e -> e.event())
            .filteredOn(SlaEvent.Breached.class::isInstance).map(SlaEvent.Breached.class::cast)
            .singleElement().satisfies(b -> {
                assertThat(b.metric()).isEqualTo(SlaMetric.FIRST_REPLY_TIME);
                assertThat(b.at()).isEqualTo(Instant.parse("2026-11-02T08:00:00Z"));
            });
        bridge.close();
    }

    /** Each active cycle as "METRIC from START due DUE", in Tokyo time. */
    private static List<String> activeClocks(List<SlaCycle> cycles) {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        return cycles.stream().filter(SlaCycle::active)
            .map(c -> c.metric() + " from " + c.start().atZone(tokyo) + " due "
                + (c.dueAt() == null ? "never" : c.dueAt().atZone(tokyo).toString()))
            .toList();
    }
}
