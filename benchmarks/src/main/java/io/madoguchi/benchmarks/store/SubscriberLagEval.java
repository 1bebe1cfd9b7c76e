package io.madoguchi.benchmarks.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.store.ChangeSet;
import io.madoguchi.core.store.TicketWrite;
import io.madoguchi.core.store.jdbc.JdbcDeskStore;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.Visibility;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * How far a durable subscriber falls behind under a sustained rate of changes, on one embedded PostgreSQL, with
 * the producer and the consumer as two host instances (two stores and desks on one database, as two JVMs would
 * have them).
 *
 * <p>The producer is paced open-loop: a pacer hands out change number {@code n} at {@code start + n / RATE} to a
 * pool of {@code WORKERS} threads (so a slow commit does not lower the offered rate; what cannot be committed in
 * time queues, and the run reports the achieved rate and the backlog). A third of the changes open a ticket (a
 * ticket, its first message, the audit entry and {@code TicketCreated}), the others add a reply to an open ticket
 * (the next version, the message, the audit entry and {@code MessageAdded}). With {@code store} (the default) each
 * change is one change set committed to the producer's {@code JdbcDeskStore}; with {@code desk} it is
 * {@code SupportDesk.createTicket} / {@code reply} on the producer desk (which also draws the ticket number in a
 * transaction of its own, and may be refused as a concurrent edit).
 *
 * <p>The consumer's desk delivers the log to a subscriber with its own stored checkpoint, calling
 * {@code processEvents()} in a loop (sleeping 5 ms when nothing was new), as a host's delivery thread would.
 * Reported: the lag in events (log head minus the subscriber's checkpoint, sampled every 100 ms), and in
 * milliseconds from commit to handling: from the moment the producer's commit call returned to the moment the
 * subscriber handles the change's message event (0 if it handled it before the call returned), and from the
 * event's {@code occurredAt} (which also counts the commit itself). In the same run, the plain alternative: a JDBC
 * poller reading {@code madoguchi_event} by position, 256 rows at a time, with its checkpoint in a field (no lease,
 * no stored checkpoint, no parsing into events).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.store.SubscriberLagEval \
 *     [RATE] [SECONDS] [WORKERS] [store|desk]</pre>
 */
public final class SubscriberLagEval {

    private static final TenantId TENANT = TenantId.of("lag");

    private SubscriberLagEval() {}

    /**
     * @param args the offered rate of changes per second (default 1,000), how long to offer it in seconds (default
     *     60), how many producer threads commit the offered changes (default 32), and whether they commit change
     *     sets to the store ({@code store}, default) or run desk steps ({@code desk})
     * @throws Exception if PostgreSQL fails
     */
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int producers = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        boolean viaDesk = args.length > 3 && args[3].equals("desk");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off").start();
             HikariDataSource producerPool = pool(pg); HikariDataSource consumerPool = pool(pg)) {
            JdbcDeskStore producerStore = JdbcDeskStore.migrating(producerPool, Clock.systemUTC());
            SupportDesk producer = SupportDesk.builder().store(producerStore).build();
            Customer customer = producer.createCustomer(producer.system(TENANT, "line"),
                new NewCustomer("山田 花子", List.of(ChannelIdentity.line("U-lag")), null, "ja"));

            // when each change's commit call returned (System.nanoTime), by ticket id and message number
            Map<String, Long> committedAt = new ConcurrentHashMap<>();
            Histogram fromCommit = new Histogram(3_600_000_000L, 3);
            Histogram fromOccurred = new Histogram(3_600_000_000L, 3);
            AtomicLong handled = new AtomicLong();
            EventSubscriber subscriber = new EventSubscriber() {
                @Override
                public String name() {
                    return "lag-eval";
                }

                @Override
                public void handle(EventEnvelope event) {
                    long now = System.nanoTime();
                    long micros = java.time.Duration.between(event.event().occurredAt(), Clock.systemUTC().instant())
                        .toNanos() / 1_000;
                    String key = null;
                    if (event.event() instanceof TicketCreated c) {
                        key = key(c.ticket().id(), c.firstMessage().seq());
                    } else if (event.event() instanceof MessageAdded m) {
                        key = key(m.ticket().id(), m.message().seq());
                    }
                    synchronized (fromOccurred) {
                        fromOccurred.recordValue(Math.max(0, micros));
                        if (key != null) {
                            Long at = committedAt.remove(key);
                            fromCommit.recordValue(at == null ? 0 : Math.max(0, (now - at) / 1_000));
                        }
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

            Changes changes = new Changes(producer, producerStore, customer, viaDesk, committedAt);
            ExecutorService workers = Executors.newFixedThreadPool(producers);
            AtomicLong offered = new AtomicLong();
            AtomicBoolean offering = new AtomicBoolean(true);
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            // the pacer only hands out work: change n is due at start + n / rate, whatever the commits take
            Thread pacer = new Thread(() -> {
                long n = 0;
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        return;
                    }
                    long due = (now - start) * rate / 1_000_000_000L;
                    while (n < due) {
                        long change = ++n;
                        offered.set(change);
                        workers.execute(() -> {
                            if (offering.get()) {
                                changes.make(change);
                            }
                        });
                    }
                    sleep(1);
                }
            }, "pacer");
            pacer.start();

            Histogram lag = new Histogram(100_000_000L, 3);
            Histogram plainLag = new Histogram(100_000_000L, 3);
            long firstTenthMax = 0;
            long lastTenthMax = 0;
            long[] perSecond = new long[seconds];
            long lastCommitted = 0;
            for (int tick = 0; tick < seconds * 10; tick++) {
                sleep(Math.max(0, (start + (tick + 1) * 100_000_000L - System.nanoTime()) / 1_000_000));
                long head = producerStore.eventLog().head();
                long behind = Math.max(0, head - consumerStore.checkpoints().checkpoint("lag-eval"));
                lag.recordValue(behind);
                plainLag.recordValue(Math.max(0, head - plainPosition.get()));
                if (tick < seconds) {
                    firstTenthMax = Math.max(firstTenthMax, behind);
                } else if (tick >= seconds * 9) {
                    lastTenthMax = Math.max(lastTenthMax, behind);
                }
                if (tick % 10 == 9) {
                    long committed = changes.committed.get();
                    perSecond[tick / 10] = committed - lastCommitted;
                    lastCommitted = committed;
                }
            }
            long committedInTime = changes.committed.get();
            double elapsed = (System.nanoTime() - start) / 1e9;
            offering.set(false);
            pacer.join();
            workers.shutdown();
            workers.awaitTermination(120, TimeUnit.SECONDS);
            long committed = changes.committed.get();
            // let both readers finish, then stop them
            long head = producerStore.eventLog().head();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while ((consumerStore.checkpoints().checkpoint("lag-eval") < head || plainPosition.get() < head)
                && System.nanoTime() < deadline) {
                sleep(10);
            }
            running.set(false);
            delivery.join();
            plain.join();

            long[] sorted = perSecond.clone();
            java.util.Arrays.sort(sorted);
            System.out.printf("producer (%s, %d threads): offered %d changes/s for %d s (%d changes); committed %d "
                + "in the %.1f s (%.0f/s; per second min %d, median %d, max %d), %d refused as concurrent edits, "
                + "%d offered but not started in time; log head %d%n", viaDesk ? "desk steps" : "store change sets",
                producers, rate, seconds, offered.get(), committedInTime, elapsed, committedInTime / elapsed,
                sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1], changes.conflicts.get(),
                offered.get() - committed - changes.conflicts.get(), head);
            System.out.printf("subscriber (SupportDesk.processEvents, stored checkpoint): %d events handled%n",
                handled.get());
            System.out.printf("  lag in events, sampled every 100 ms: p50 %d, p99 %d, max %d; max in the first "
                + "tenth %d, in the last tenth %d%n", lag.getValueAtPercentile(50), lag.getValueAtPercentile(99),
                lag.getMaxValue(), firstTenthMax, lastTenthMax);
            System.out.printf("  lag in ms from the commit call's return to handling (%d changes): p50 %.1f, "
                + "p99 %.1f, max %.1f%n", fromCommit.getTotalCount(), fromCommit.getValueAtPercentile(50) / 1e3,
                fromCommit.getValueAtPercentile(99) / 1e3, fromCommit.getMaxValue() / 1e3);
            System.out.printf("  from the event's occurredAt (includes the commit) to handling: p50 %.1f ms, p99 "
                + "%.1f ms, max %.1f ms%n", fromOccurred.getValueAtPercentile(50) / 1e3,
                fromOccurred.getValueAtPercentile(99) / 1e3, fromOccurred.getMaxValue() / 1e3);
            System.out.printf("plain JDBC poller (checkpoint in a field): lag p50 %d, p99 %d, max %d events; from "
                + "occurredAt p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", plainLag.getValueAtPercentile(50),
                plainLag.getValueAtPercentile(99), plainLag.getMaxValue(), plainDelays.getValueAtPercentile(50) / 1e3,
                plainDelays.getValueAtPercentile(99) / 1e3, plainDelays.getMaxValue() / 1e3);
        }
    }

    private static String key(TicketId ticket, int messageSeq) {
        return ticket.value() + "#" + messageSeq;
    }

    /** The producer's changes: a third open a ticket, the others reply to an open one. */
    private static final class Changes {
        private final SupportDesk desk;
        private final JdbcDeskStore store;
        private final Customer customer;
        private final boolean viaDesk;
        private final Map<String, Long> committedAt;
        private final List<Ticket> open = new ArrayList<>();
        private final AtomicLong ids = new AtomicLong();
        final AtomicLong committed = new AtomicLong();
        final AtomicLong conflicts = new AtomicLong();

        Changes(SupportDesk desk, JdbcDeskStore store, Customer customer, boolean viaDesk,
                Map<String, Long> committedAt) {
            this.desk = desk;
            this.store = store;
            this.customer = customer;
            this.viaDesk = viaDesk;
            this.committedAt = committedAt;
        }

        void make(long n) {
            Ticket target;
            synchronized (open) {
                target = n % 3 == 1 || open.size() < 100 ? null : open.get((int) (n % open.size()));
            }
            try {
                if (target == null) {
                    create(n);
                } else if (viaDesk) {
                    Message m = desk.reply(desk.system(TENANT, "agent"), target.id(), "確認いたします。" + n);
                    committedAt.put(key(target.id(), m.seq()), System.nanoTime());
                } else {
                    // one reply per ticket at a time, so the store's version check refuses none
                    synchronized (target) {
                        reply(target, n);
                    }
                }
                committed.incrementAndGet();
            } catch (ConflictException e) {
                conflicts.incrementAndGet();
            }
        }

        private void create(long n) {
            Ticket t;
            if (viaDesk) {
                t = desk.createTicket(desk.system(TENANT, "line"), CreateTicket.builder(customer.id(), Channel.LINE,
                    "配送について " + n, "注文した商品がまだ届きません。").build());
                committedAt.put(key(t.id(), 1), System.nanoTime());
            } else {
                Instant at = Clock.systemUTC().instant().truncatedTo(ChronoUnit.MICROS);
                long number = ids.incrementAndGet();
                t = Ticket.builder(TicketId.of("L" + number), TENANT, customer.id(), Channel.LINE, at).number(number)
                    .subject("配送について " + n).messageCount(1).publicMessageCount(1).build();
                Message m = new Message(t.id(), 1, Visibility.PUBLIC, AuthorKind.CUSTOMER, customer.id().value(),
                    "注文した商品がまだ届きません。", List.of(), at);
                Principal p = Principal.customer(TENANT, customer.id());
                store.commit(new ChangeSet(List.of(new TicketWrite(t, List.of(m),
                    new AuditEntry(1, at, p, "created", List.of(), false))), List.of(),
                    List.of(new TicketCreated(t, p, at, m, null)), Map.of()));
                committedAt.put(key(t.id(), 1), System.nanoTime());
            }
            synchronized (open) {
                open.add(t);
            }
        }

        /** Replies to the newest stored version of {@code base}'s ticket; the caller holds {@code base}'s lock. */
        private void reply(Ticket base, long n) {
            Ticket current = store.ticket(base.id()).orElseThrow();
            Instant at = Clock.systemUTC().instant().truncatedTo(ChronoUnit.MICROS);
            int seq = current.messageCount() + 1;
            Ticket t = current.toBuilder().messageCount(seq).publicMessageCount(current.publicMessageCount() + 1)
                .updatedAt(at).version(current.version() + 1).build();
            Principal p = Principal.system(TENANT, "agent");
            Message m = new Message(t.id(), seq, Visibility.PUBLIC, AuthorKind.SYSTEM, "agent",
                "確認いたします。" + n, List.of(), at);
            store.commit(new ChangeSet(List.of(new TicketWrite(t, List.of(m),
                new AuditEntry(t.version(), at, p, "reply", List.of(), false))), List.of(),
                List.of(new MessageAdded(t, p, at, m)), Map.of()));
            committedAt.put(key(t.id(), seq), System.nanoTime());
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
