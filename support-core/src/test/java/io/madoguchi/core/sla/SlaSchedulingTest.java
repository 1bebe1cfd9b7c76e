package io.madoguchi.core.sla;

import io.madoguchi.core.time.Scheduler;
import io.madoguchi.core.time.ManualScheduler;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The real scheduler, the manual scheduler's contract, and many threads at once. */
class SlaSchedulingTest {

    private static final TenantId TENANT = TenantId.of("shop");

    @Test
    void theExecutorSchedulerFiresABreachOnItsOwnAndNotBeforeItIsDue() throws Exception {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        Clock clock = Clock.systemUTC();
        CountDownLatch breached = new CountDownLatch(1);
        AtomicLong firedAt = new AtomicLong();
        try (SlaEngine engine = SlaEngine.builder()
            .clock(clock)
            .scheduler(Scheduler.executor(executor, clock))
            .policies(List.of(SlaHarness.policy("速い", SlaMetric.FIRST_REPLY_TIME, ofMillis(300))))
            .warningLeads()
            .listener(e -> {
                if (e instanceof SlaEvent.Breached) {
                    firedAt.set(clock.millis());
                    breached.countDown();
                }
            })
            .build()) {
            Instant created = clock.instant();
            engine.apply(new SlaInput.Created(SlaTicket.of(TENANT, TicketId.of("T-1"), Channel.LINE), created));

            assertThat(breached.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(firedAt.get()).isGreaterThanOrEqualTo(created.plusMillis(300).toEpochMilli());
            assertThat(engine.isBreached(TENANT, TicketId.of("T-1"))).isTrue();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void theManualSchedulerRunsTasksInTimeOrderWithTheClockAtEachTasksInstant() {
        ManualScheduler s = ManualScheduler.startingAt(SlaHarness.T0, WeekdayCalendar.TOKYO);
        Clock clock = s.clock();
        ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
        s.schedule(SlaHarness.T0.plusSeconds(20), () -> ran.add("b@" + clock.instant()));
        s.schedule(SlaHarness.T0.plusSeconds(10), () -> {
            ran.add("a@" + clock.instant());
            s.schedule(SlaHarness.T0.plusSeconds(15), () -> ran.add("c@" + clock.instant()));
        });
        Scheduler.Cancellable cancelled = s.schedule(SlaHarness.T0.plusSeconds(12), () -> ran.add("never"));
        cancelled.cancel();
        s.advance(java.time.Duration.ofSeconds(30));

        assertThat(ran).containsExactly("a@" + SlaHarness.T0.plusSeconds(10), "c@" + SlaHarness.T0.plusSeconds(15),
            "b@" + SlaHarness.T0.plusSeconds(20));
        assertThat(clock.instant()).isEqualTo(SlaHarness.T0.plusSeconds(30));
        assertThat(s.pending()).isZero();
        assertThatThrownBy(() -> s.advanceTo(SlaHarness.T0)).isInstanceOf(ValidationException.class);
    }

    @Test
    void manyThreadsFeedingTheEngineEndInAnExactState() throws Exception {
        SlaHarness h = new SlaHarness(List.of(SlaHarness.policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(1))));
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String id = "T-" + thread + "-" + i;
                        h.create(id);
                        if (i % 5 == 0) {
                            h.reply(id);
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        h.advance(ofHours(2));

        assertThat(h.engine.size()).isEqualTo(threads * perThread);
        assertThat(h.engine.breached()).hasSize(threads * perThread * 4 / 5);
        assertThat(h.events(SlaEvent.Breached.class)).hasSize(threads * perThread * 4 / 5);
    }
}
