package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.sla.SlaEngine;
import io.madoguchi.core.sla.SlaEvent;
import io.madoguchi.core.sla.SlaInput;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.sla.SlaPolicy;
import io.madoguchi.core.sla.SlaTicket;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.time.MutableClock;
import io.madoguchi.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * SLA engines of several host instances on one database: they divide the due rows through leases, a row leased by
 * an instance that died is left alone until its lease ran out and then fired by another, and each breach is
 * recorded once. Run on H2 and on PostgreSQL.
 */
abstract class SlaEnginesOnLeasesContract {

    static final TenantId SHOP = TenantId.of("難波店");
    static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(5);

    private final MutableClock clock = MutableClock.startingAt(T0);

    /** @return a data source on a new database at the current schema version */
    protected abstract DataSource newDatabase();

    /**
     * @param first a data source from {@link #newDatabase()}
     * @return another data source (pool) on the same database, as a second host instance has
     */
    protected abstract DataSource sameDatabase(DataSource first);

    private SlaEngine engine(DataSource ds, String owner, EventLog log) {
        return SlaEngine.builder().clock(clock).scheduler(Scheduler.none()).store(new JdbcSlaStore(ds)).eventLog(log)
            .owner(owner).leaseFor(LEASE)
            .policies(List.of(SlaPolicy.builder("標準")
                .target(SlaMetric.FIRST_REPLY_TIME, Duration.ofHours(1), SlaPolicy.Hours.CALENDAR).build()))
            .build();
    }

    private static SlaInput created(int i) {
        return new SlaInput.Created(SlaTicket.of(SHOP, TicketId.of("受付-" + i), Channel.LINE), T0);
    }

    private static List<String> breaches(EventLog log) {
        List<String> out = new ArrayList<>();
        long after = 0;
        while (true) {
            List<EventEnvelope> page = log.read(after, 1_000);
            if (page.isEmpty()) {
                return out;
            }
            for (EventEnvelope e : page) {
                if (e.event() instanceof SlaEvent.Breached b) {
                    out.add(b.ticket().value());
                }
            }
            after = page.get(page.size() - 1).position();
        }
    }

    @Test
    void anInstanceThatDiedHoldingLeasesKeepsTheOtherOffUntilTheLeaseRanOutThenEachBreachIsRecordedOnce() {
        DataSource first = newDatabase();
        JdbcDeskStore desk = new JdbcDeskStore(first, clock);
        DyingLog dying = new DyingLog(desk.eventLog());
        SlaEngine a = engine(first, "instance-a", dying);
        for (int i = 0; i < 20; i++) {
            a.apply(created(i));
        }
        clock.advance(Duration.ofHours(2));
        // A leases every due row, then loses the database before it records the first breach
        dying.dead = true;
        assertThatThrownBy(a::fireDue).isInstanceOf(StoreException.class);

        DataSource second = sameDatabase(first);
        EventLog log = new JdbcDeskStore(second, clock).eventLog();
        SlaEngine b = engine(second, "instance-b", log);
        assertThat(b.fireDue()).as("A's leases still hold").isZero();
        clock.advance(LEASE.minusSeconds(1));
        assertThat(b.fireDue()).as("A's leases still hold").isZero();
        assertThat(breaches(log)).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(b.fireDue()).as("A's leases ran out: B takes the rows over").isEqualTo(20);
        assertThat(breaches(log)).hasSize(20).doesNotHaveDuplicates().contains("受付-0", "受付-19");
        for (int i = 0; i < 20; i++) {
            assertThat(b.isBreached(SHOP, TicketId.of("受付-" + i))).isTrue();
        }

        // A restarted under its own name finds nothing left to fire
        SlaEngine restarted = engine(sameDatabase(first), "instance-a", desk.eventLog());
        assertThat(restarted.fireDue()).isZero();
        assertThat(breaches(log)).hasSize(20);
    }

    @Test
    void twoInstancesFiringAtOnceShareTheDueRowsAndRecordEachBreachOnce() throws Exception {
        DataSource first = newDatabase();
        DataSource second = sameDatabase(first);
        EventLog logA = new JdbcDeskStore(first, clock).eventLog();
        SlaEngine a = engine(first, "instance-a", logA);
        SlaEngine b = engine(second, "instance-b", new JdbcDeskStore(second, clock).eventLog());
        for (int i = 0; i < 300; i++) {
            (i % 2 == 0 ? a : b).apply(created(i));
        }
        clock.advance(Duration.ofHours(2));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        int fired = 0;
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (SlaEngine e : List.of(a, b)) {
                counts.add(pool.submit(() -> {
                    start.await();
                    return e.fireDue() + e.fireDue();
                }));
            }
            start.countDown();
            for (Future<Integer> f : counts) {
                fired += f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(fired).isEqualTo(300);
        assertThat(breaches(logA)).hasSize(300).doesNotHaveDuplicates();
        assertThat(a.breached()).hasSize(300);
        assertThat(a.fireDue() + b.fireDue()).isZero();
    }

    /** An event log whose host lost the database: once {@link #dead}, every append fails as a lost connection. */
    private static final class DyingLog implements EventLog {
        private final EventLog delegate;
        volatile boolean dead;

        DyingLog(EventLog delegate) {
            this.delegate = delegate;
        }

        @Override
        public long append(List<? extends SupportEvent> events, Map<IdempotencyKey, String> claims) {
            if (dead) {
                throw new StoreException("接続が切れました", true);
            }
            return delegate.append(events, claims);
        }

        @Override
        public List<EventEnvelope> read(long after, int max) {
            return delegate.read(after, max);
        }

        @Override
        public long head() {
            return delegate.head();
        }

        @Override
        public long oldest() {
            return delegate.oldest();
        }

        @Override
        public Optional<String> claimed(IdempotencyKey key) {
            return delegate.claimed(key);
        }
    }
}
