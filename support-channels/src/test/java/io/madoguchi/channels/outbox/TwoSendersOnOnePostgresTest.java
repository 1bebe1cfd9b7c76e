package io.madoguchi.channels.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.outbox.jdbc.JdbcOutboxStore;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.jdbc.TestDatabases;
import io.madoguchi.core.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two host instances, each with its own pool, scheduler threads and sender, deliver one outbox on one PostgreSQL:
 * both are told to deliver every row (as both subscribers and both periodic resumes would) at the same moment.
 */
@ExtendWith(TestDatabases.ClosePools.class)
class TwoSendersOnOnePostgresTest {

    @Test
    void everyRowIsSentExactlyOnceAcrossTwoInstances() throws Exception {
        HikariDataSource first = TestDatabases.migratedPostgres();
        JdbcOutboxStore.migrate(first);
        HikariDataSource second = TestDatabases.samePostgres(first);
        Clock clock = Clock.systemUTC();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        JdbcOutboxStore storeA = new JdbcOutboxStore(first);
        JdbcOutboxStore storeB = new JdbcOutboxStore(second);
        int rows = 300;
        for (long id = 1; id <= rows; id++) {
            storeA.add(new OutboxRow(id, TenantId.of("shop-a"), TicketId.of("t-" + id), 1, RecordingAdapter.CHANNEL,
                ChannelIdentity.line("U" + id), List.of("お問い合わせ " + id + " への返信"), 0, ReplyContext.none(now),
                OutboxRow.Status.PENDING, 0, 0, now, null, now, 1));
        }
        List<RecordingAdapter.Request> provider = new CopyOnWriteArrayList<>();
        ScheduledExecutorService threadsA = Executors.newScheduledThreadPool(3);
        ScheduledExecutorService threadsB = Executors.newScheduledThreadPool(3);
        ExecutorService starters = Executors.newFixedThreadPool(4);
        try {
            OutboxSender a = OutboxSender.builder(storeA, DeskStore.inMemory(clock).eventLog(),
                Scheduler.executor(threadsA, clock), clock).adapter(new RecordingAdapter(clock, provider)).build();
            OutboxSender b = OutboxSender.builder(storeB, DeskStore.inMemory(clock).eventLog(),
                Scheduler.executor(threadsB, clock), clock).adapter(new RecordingAdapter(clock, provider)).build();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> started = new ArrayList<>();
            for (OutboxSender s : List.of(a, b)) {
                started.add(starters.submit(() -> {
                    go.await();
                    for (long id = 1; id <= rows; id++) {
                        s.dispatch(id);
                    }
                    return null;
                }));
                started.add(starters.submit(() -> {
                    go.await();
                    return s.resume();
                }));
            }
            go.countDown();
            for (Future<?> f : started) {
                f.get(60, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (storeA.withStatus(OutboxRow.Status.SENT, rows).size() < rows && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        } finally {
            starters.shutdownNow();
            // let sends in flight finish, so a second send of any row would be counted below
            threadsA.shutdown();
            threadsB.shutdown();
            threadsA.awaitTermination(30, TimeUnit.SECONDS);
            threadsB.awaitTermination(30, TimeUnit.SECONDS);
        }

        assertThat(storeB.withStatus(OutboxRow.Status.SENT, rows + 1)).hasSize(rows);
        assertThat(provider).extracting(RecordingAdapter.Request::key).hasSize(rows).doesNotHaveDuplicates();
        assertThat(storeB.due(now.plus(Duration.ofDays(1)), 10)).isEmpty();
    }
}
