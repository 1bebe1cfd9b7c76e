package io.madoguchi.benchmarks.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.store.jdbc.JdbcDeskStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Ticket;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * How far a durable subscriber falls behind under a sustained rate of changes, on one embedded PostgreSQL, with
 * the producer and the consumer as two host instances (two stores and desks on one database, as two JVMs would
 * have them). The producer commits {@code RATE} changes per second (a ticket creation, then two replies to it, each
 * one change set with its events), paced by a scheduler; the consumer's desk delivers the log to a subscriber with
 * its own checkpoint, calling {@code processEvents()} in a loop (sleeping 5 ms when nothing was new), as a host's
 * delivery thread would. Every 100 ms the lag (log head minus the subscriber's checkpoint) is sampled, and each
 * event's delay from commit to handling is recorded.
 *
 * <p>In the same run, the plain alternative: a JDBC poller reading {@code madoguchi_event} by position, 256 rows at
 * a time, with its checkpoint in a field (no lease, no stored checkpoint, no parsing into events).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.store.SubscriberLagEval \
 *     [RATE] [SECONDS] [WORKERS]</pre>
 */
public final class SubscriberLagEval {

    private SubscriberLagEval() {}

    /**
     * @param args the rate of changes per second (default 1,000), how long to run in seconds (default 60), and how
     *     many producer threads commit the offered changes (default 32)
     * @throws Exception if PostgreSQL fails
     */
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int producers = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off").start();
             HikariDataSource producerPool = pool(pg); HikariDataSource consumerPool = pool(pg)) {
            JdbcDeskStore producerStore = JdbcDeskStore.migrating(producerPool, Clock.systemUTC());
            SupportDesk producer = SupportDesk.builder().store(producerStore).build();
            TenantId tenant = TenantId.of("lag");
            Customer customer = producer.createCustomer(producer.system(tenant, "line"),
                new NewCustomer("山田 花子", List.of(ChannelIdentity.line("U-lag")), null, "ja"));

            Histogram delays = new Histogram(3_600_000_000L, 3);
            AtomicLong handled = new AtomicLong();
            EventSubscriber subscriber = new EventSubscriber() {
                @Override
                public String name() {
                    return "lag-eval";
                }

                @Override
                public void handle(EventEnvelope event) {
                    long micros = java.time.Duration.between(event.event().occurredAt(), Clock.systemUTC().instant())
                        .toNanos() / 1_000;
                    synchronized (delays) {
                        delays.recordValue(Math.max(0, micros));
                    }
                    handled.incrementAndGet();
                }
            };
            JdbcDeskStore consumerStore = new JdbcDeskStore(consumerPool, Clock.systemUTC());
            SupportDesk consumer = SupportDesk.builder().store(consumerStore).synchronousDelivery(false)
                .subscriber(subscriber).build();

            AtomicBoolean running = new AtomicBoolean(true);
            Thread delivery = new Thread(() -> {
                while (running.get()) {
                    long before = handled.get();
                    consumer.processEvents();
                    if (handled.get() == before) {
                        sleep(5);
                    }
                }
            }, "delivery");
            AtomicLong plainPosition = new AtomicLong(producerStore.eventLog().head());
            Histogram plainDelays = new Histogram(3_600_000_000L, 3);
            Thread plain = new Thread(() -> {
                while (running.get()) {
                    if (pollPlain(consumerPool, plainPosition, plainDelays) == 0) {
                        sleep(5);
                    }
                }
            }, "plain-poller");
            delivery.start();
            plain.start();

            ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
            ExecutorService workers = Executors.newFixedThreadPool(producers);
            AtomicLong changes = new AtomicLong();
            AtomicLong conflicts = new AtomicLong();
            List<Ticket> open = new ArrayList<>();
            long periodNanos = 1_000_000_000L / rate;
            // the ticker only hands out work, so a slow commit does not slow the offered rate
            AtomicBoolean offering = new AtomicBoolean(true);
            pace.scheduleAtFixedRate(() -> workers.execute(() -> {
                if (!offering.get()) {
                    return; // offered but not started by the end: not counted
                }
                long n = changes.incrementAndGet();
                try {
                    boolean none;
                    synchronized (open) {
                        none = open.isEmpty();
                    }
                    if (n % 3 == 1 || n < 300 || none) {
                        Ticket t = producer.createTicket(producer.system(tenant, "line"), CreateTicket.builder(
                            customer.id(), Channel.LINE, "配送について " + n, "注文した商品がまだ届きません。").build());
                        synchronized (open) {
                            open.add(t);
                        }
                    } else {
                        Ticket t;
                        synchronized (open) {
                            t = open.get((int) (n % open.size()));
                        }
                        producer.reply(producer.system(tenant, "agent"), t.id(), "確認いたします。" + n);
                    }
                } catch (ConflictException e) {
                    conflicts.incrementAndGet();
                }
            }), 0, periodNanos, TimeUnit.NANOSECONDS);

            Histogram lag = new Histogram(10_000_000L, 3);
            Histogram plainLag = new Histogram(10_000_000L, 3);
            long start = System.nanoTime();
            long firstTenthMax = 0;
            long lastTenthMax = 0;
            for (int tick = 0; tick < seconds * 10; tick++) {
                sleep(100);
                long head = producerStore.eventLog().head();
                long behind = Math.max(0, head - consumerStore.checkpoints().checkpoint("lag-eval"));
                lag.recordValue(behind);
                plainLag.recordValue(Math.max(0, head - plainPosition.get()));
                if (tick < seconds) {
                    firstTenthMax = Math.max(firstTenthMax, behind);
                } else if (tick >= seconds * 9) {
                    lastTenthMax = Math.max(lastTenthMax, behind);
                }
            }
            offering.set(false);
            pace.shutdown();
            pace.awaitTermination(10, TimeUnit.SECONDS);
            workers.shutdown();
            workers.awaitTermination(60, TimeUnit.SECONDS);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long committed = changes.get();
            // let both readers finish, then stop them
            long head = producerStore.eventLog().head();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((consumerStore.checkpoints().checkpoint("lag-eval") < head || plainPosition.get() < head)
                && System.nanoTime() < deadline) {
                sleep(10);
            }
            running.set(false);
            delivery.join();
            plain.join();

            System.out.printf("offered %d changes/s for %d s: %d changes (%.0f/s, %d refused as concurrent edits), "
                + "log head %d%n", rate, seconds, committed, committed / elapsed, conflicts.get(), head);
            System.out.printf("subscriber (SupportDesk.processEvents, stored checkpoint): %d events handled%n",
                handled.get());
            System.out.printf("  lag in events, sampled every 100 ms: p50 %d, p99 %d, max %d; max in the first "
                + "tenth %d, in the last tenth %d%n", lag.getValueAtPercentile(50), lag.getValueAtPercentile(99),
                lag.getMaxValue(), firstTenthMax, lastTenthMax);
            System.out.printf("  commit-to-handling delay: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                delays.getValueAtPercentile(50) / 1e3, delays.getValueAtPercentile(99) / 1e3,
                delays.getMaxValue() / 1e3);
            System.out.printf("plain JDBC poller (checkpoint in a field): lag p50 %d, p99 %d, max %d events; delay "
                + "p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", plainLag.getValueAtPercentile(50),
                plainLag.getValueAtPercentile(99), plainLag.getMaxValue(), plainDelays.getValueAtPercentile(50) / 1e3,
                plainDelays.getValueAtPercentile(99) / 1e3, plainDelays.getMaxValue() / 1e3);
        }
    }

    private static int pollPlain(HikariDataSource pool, AtomicLong position, Histogram delays) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
            "SELECT position, occurred_at FROM madoguchi_event WHERE position > ? ORDER BY position LIMIT 256")) {
            ps.setLong(1, position.get());
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long micros = java.time.Duration.between(rs.getObject(2, java.time.OffsetDateTime.class)
                        .toInstant(), Clock.systemUTC().instant()).toNanos() / 1_000;
                    delays.recordValue(Math.max(0, micros));
                    position.set(rs.getLong(1));
                    n++;
                }
            }
            return n;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HikariDataSource pool(EmbeddedPostgres pg) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(16);
        return new HikariDataSource(config);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
