package io.madoguchi.core.sla;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.sla.store.InMemorySlaStore;
import io.madoguchi.core.sla.store.SlaDueRow;
import io.madoguchi.core.sla.store.SlaStore;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.store.memory.InMemoryCheckpointStore;
import io.madoguchi.core.store.memory.InMemoryEventLog;
import io.madoguchi.core.time.ManualScheduler;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Several engines on one store, and an engine that went down between recording a breach and saving the state. */
class SlaSharedStoreTest {

    private static final TenantId TENANT = SlaHarness.TENANT;
    private static final Instant T0 = SlaHarness.T0;
    private static final SlaPolicy POLICY = SlaHarness.policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(1));

    private final MutableClock clock = MutableClock.startingAt(T0, WeekdayCalendar.TOKYO);
    private final InMemoryEventLog log = new InMemoryEventLog(new InMemoryCheckpointStore(), clock);

    private SlaEngine engine(SlaStore store, ManualScheduler scheduler) {
        return SlaEngine.builder().clock(clock).scheduler(scheduler).store(store).eventLog(log)
            .policies(List.of(POLICY)).build();
    }

    private List<String> logged(Class<? extends SlaEvent> type) {
        return log.read(0, 100_000).stream().map(EventEnvelope::event).filter(type::isInstance)
            .map(e -> ((SlaEvent) e).ticket().value()).toList();
    }

    private static SlaInput.Created created(int i, Instant at) {
        return new SlaInput.Created(SlaTicket.of(TENANT, TicketId.of("T-" + i), Channel.EMAIL), at);
    }

    @Test
    void twoEnginesOnOneStoreFireEachWarningAndBreachOnce() throws Exception {
        InMemorySlaStore store = new InMemorySlaStore();
        SlaEngine a = engine(store, ManualScheduler.on(clock));
        for (int i = 0; i < 200; i++) {
            a.apply(created(i, T0));
        }
        ManualScheduler schedulerB = ManualScheduler.on(clock);
        SlaEngine b = engine(store, schedulerB);
        assertThat(schedulerB.pending()).as("armed from the due index").isEqualTo(1);
        clock.set(T0.plus(ofMinutes(10)));
        for (int i = 0; i < 50; i++) {
            b.apply(new SlaInput.AgentReply(TENANT, TicketId.of("T-" + i), clock.instant()));
        }

        clock.set(T0.plus(ofMinutes(50)));
        assertThat(fireTogether(a, b)).isEqualTo(150);
        clock.set(T0.plus(ofHours(2)));
        assertThat(fireTogether(a, b)).isEqualTo(150);

        assertThat(logged(SlaEvent.Warning.class)).hasSize(150).doesNotHaveDuplicates();
        assertThat(logged(SlaEvent.Breached.class)).hasSize(150).doesNotHaveDuplicates()
            .doesNotContain("T-0", "T-49").contains("T-50", "T-199");
        assertThat(a.breached()).hasSize(150).isEqualTo(b.breached());
        assertThat(store.nextDue()).isEmpty();
        assertThat(a.cycles(TENANT, TicketId.of("T-3"))).isEqualTo(b.cycles(TENANT, TicketId.of("T-3")));
    }

    /** Both engines fire at once, three times each; returns how many firings they recorded together. */
    private static int fireTogether(SlaEngine a, SlaEngine b) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (SlaEngine e : List.of(a, b)) {
                counts.add(pool.submit(() -> {
                    start.await();
                    int n = 0;
                    for (int k = 0; k < 3; k++) {
                        n += e.fireDue();
                    }
                    return n;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : counts) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBreachRecordedJustBeforeACrashIsNotRecordedAgainAfterTheRestart() {
        FailingSlaStore store = new FailingSlaStore(new InMemorySlaStore());
        SlaEngine before = engine(store, ManualScheduler.on(clock));
        before.apply(created(1, T0));
        clock.set(T0.plus(ofHours(2)));
        store.failNextSave = true;

        assertThatThrownBy(before::fireDue).isInstanceOf(StoreException.class);
        assertThat(logged(SlaEvent.Breached.class)).containsExactly("T-1");
        assertThat(store.due(clock.instant(), 10)).extracting(SlaDueRow::kind).contains(SlaDueRow.Kind.BREACH);

        ManualScheduler scheduler = ManualScheduler.on(clock);
        SlaEngine after = engine(store, scheduler);
        scheduler.runDue();

        assertThat(logged(SlaEvent.Breached.class)).containsExactly("T-1");
        assertThat(after.isBreached(TENANT, TicketId.of("T-1"))).isTrue();
        assertThat(store.nextDue()).isEmpty();
        assertThat(after.fireDue()).isZero();
    }

    @Test
    void whenTheStoreFailsWhileFiringTheEngineTriesAgainAMinuteLaterAndRecordsTheBreachOnce() {
        FailingSlaStore store = new FailingSlaStore(new InMemorySlaStore());
        ManualScheduler scheduler = ManualScheduler.on(clock);
        SlaEngine engine = engine(store, scheduler);
        engine.apply(created(1, T0));
        scheduler.advanceTo(T0.plus(ofMinutes(50)));
        store.failNextSave = true;

        scheduler.advanceTo(T0.plus(ofMinutes(60)));
        assertThat(logged(SlaEvent.Breached.class)).containsExactly("T-1");
        assertThat(engine.isBreached(TENANT, TicketId.of("T-1"))).isFalse();

        scheduler.advanceTo(T0.plus(ofMinutes(61)));
        assertThat(engine.isBreached(TENANT, TicketId.of("T-1"))).isTrue();
        assertThat(logged(SlaEvent.Breached.class)).containsExactly("T-1");
        assertThat(logged(SlaEvent.Warning.class)).containsExactly("T-1");
        assertThat(store.nextDue()).isEmpty();
    }

    @Test
    void anEngineRestartedWithoutWarningsDropsTheStoredWarningRowsAndStillBreaches() {
        InMemorySlaStore store = new InMemorySlaStore();
        engine(store, ManualScheduler.on(clock)).apply(created(1, T0));
        assertThat(store.nextDue()).contains(T0.plus(ofMinutes(45)));

        ManualScheduler scheduler = ManualScheduler.on(clock);
        SlaEngine quiet = SlaEngine.builder().clock(clock).scheduler(scheduler).store(store).eventLog(log)
            .policies(List.of(POLICY)).warningLeads().build();
        // a stale row that nothing fires would wake the engine again and again at the same instant
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> scheduler.advanceTo(T0.plus(ofMinutes(50))));

        assertThat(logged(SlaEvent.Warning.class)).isEmpty();
        assertThat(store.nextDue()).contains(T0.plus(ofMinutes(60)));
        scheduler.advanceTo(T0.plus(ofHours(2)));
        assertThat(logged(SlaEvent.Breached.class)).containsExactly("T-1");
        assertThat(quiet.isBreached(TENANT, TicketId.of("T-1"))).isTrue();
    }

    @Test
    void aRedeliveredInputIsAppliedOnce() {
        SlaEngine engine = engine(new InMemorySlaStore(), ManualScheduler.on(clock));
        assertThat(engine.apply(created(1, T0), 10)).isTrue();
        clock.set(T0.plus(ofMinutes(20)));
        SlaInput reply = new SlaInput.AgentReply(TENANT, TicketId.of("T-1"), clock.instant());
        assertThat(engine.apply(reply, 12)).isTrue();
        List<SlaCycle> cycles = engine.cycles(TENANT, TicketId.of("T-1"));
        int logged = log.read(0, 1000).size();

        assertThat(engine.apply(created(1, T0), 10)).isFalse();
        assertThat(engine.apply(reply, 12)).isFalse();
        assertThat(engine.apply(reply, 11)).isFalse();

        assertThat(engine.cycles(TENANT, TicketId.of("T-1"))).isEqualTo(cycles);
        assertThat(log.read(0, 1000)).hasSize(logged);
        assertThatThrownBy(() -> engine.apply(reply, 0)).isInstanceOf(io.madoguchi.core.ValidationException.class);
    }
}
