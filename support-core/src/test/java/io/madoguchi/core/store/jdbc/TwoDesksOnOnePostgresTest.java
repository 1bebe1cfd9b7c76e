package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.sla.DeskBridge;
import io.madoguchi.core.sla.SlaEngine;
import io.madoguchi.core.sla.SlaEvent;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.sla.SlaPolicy;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.time.MutableClock;
import io.madoguchi.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two host instances on one PostgreSQL (separate pools, stores, desks and SLA engines, as two JVMs have them):
 * inbound messages with provider ids, a third of them redelivered to the other instance at the same time, SLA
 * breaches falling due, one instance stopped abruptly halfway and its share redelivered to the other. Exact counts:
 * no duplicate ticket, message, breach or event, nothing missing.
 */
@ExtendWith(TestDatabases.ClosePools.class)
class TwoDesksOnOnePostgresTest {

    private static final TenantId SHOP = TenantId.of("渋谷店");
    private static final int MESSAGES = 3_000;
    private static final int CUSTOMERS = 300;

    private record Instance(HikariDataSource pool, JdbcDeskStore store, SupportDesk desk, SlaEngine sla) {
    }

    private static Instance instance(HikariDataSource pool, MutableClock clock) {
        JdbcDeskStore store = new JdbcDeskStore(pool, clock);
        SupportDesk desk = SupportDesk.builder().clock(clock).store(store).build();
        SlaEngine sla = SlaEngine.builder().clock(clock).scheduler(Scheduler.none()).eventLog(store.eventLog())
            .store(new JdbcSlaStore(pool))
            .policies(List.of(SlaPolicy.builder("標準")
                .target(SlaMetric.FIRST_REPLY_TIME, Duration.ofHours(1), SlaPolicy.Hours.CALENDAR).build()))
            .build();
        DeskBridge.attach(desk, sla, null);
        return new Instance(pool, store, desk, sla);
    }

    private static InboundMessage message(int i) {
        int c = i % CUSTOMERS;
        return new InboundMessage(Channel.LINE, ChannelIdentity.line("U" + c), "顧客 " + c,
            "メッセージ " + i + "：注文の状況を教えてください", List.of(), "line-event-" + i, null, "注文について", "ja");
    }

    @Test
    void inboundRedeliveryAcrossInstancesAnAbruptStopAndSlaBreachesAreEachCountedOnce() throws Exception {
        MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-24T00:00:00Z"));
        HikariDataSource first = TestDatabases.migratedPostgres();
        HikariDataSource second = TestDatabases.samePostgres(first);
        Instance a = instance(first, clock);
        Instance b = instance(second, clock);

        // messages 0..N-1: even ones go to A, odd ones to B; every third is also delivered to the other instance
        // at the same time (a provider retrying after a timeout). A is stopped abruptly halfway through its share.
        ConcurrentLinkedQueue<Integer> failedOnA = new ConcurrentLinkedQueue<>();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch halfway = new CountDownLatch(1);
        Thread onA = new Thread(() -> {
            for (int i = 0; i < MESSAGES; i += 2) {
                if (i >= MESSAGES / 2) {
                    halfway.countDown();
                }
                try {
                    receive(a, i, duplicates);
                } catch (StoreException stopped) {
                    failedOnA.add(i);
                }
            }
        });
        Thread onB = new Thread(() -> {
            for (int i = 1; i < MESSAGES; i += 2) {
                receive(b, i, duplicates);
                if (i % 3 == 0) {
                    receive(b, i - 1, duplicates);   // A's message, delivered here too
                }
            }
        });
        Thread redeliverToA = new Thread(() -> {
            for (int i = 1; i < MESSAGES; i += 2) {
                if (i % 3 == 0) {
                    try {
                        receive(a, i, duplicates);   // B's message, delivered to A too
                    } catch (StoreException stopped) {
                        return;                      // A is gone; B has it
                    }
                }
            }
        });
        onA.start();
        onB.start();
        redeliverToA.start();
        halfway.await();
        a.pool().close();                            // instance A dies: its connections are gone mid-stream
        onA.join();
        onB.join();
        redeliverToA.join();
        // what A could not take, the provider delivers again to B
        for (int i : failedOnA) {
            receive(b, i, duplicates);
        }
        assertThat(failedOnA).isNotEmpty();

        // every message is stored exactly once, in one ticket per customer
        Map<String, Integer> perTicket = new HashMap<>();
        int tickets = 0;
        TicketQuery q = TicketQuery.builder().limit(TicketQuery.MAX_LIMIT).build();
        while (true) {
            TicketPage page = b.store().query(SHOP, q, true);
            for (Ticket t : page.tickets()) {
                tickets++;
                perTicket.put(t.id().value(), b.store().messages(t.id()).size());
            }
            if (page.nextCursor().isEmpty()) {
                break;
            }
            q = q.after(page.nextCursor());
        }
        assertThat(tickets).isEqualTo(CUSTOMERS);
        assertThat(perTicket.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(MESSAGES);
        assertThat(duplicates.get()).isPositive();

        // the log holds one TicketCreated per ticket and one MessageAdded per message (the first included), in order
        List<EventEnvelope> log = readAll(b.store());
        assertThat(log).filteredOn(e -> e.event() instanceof TicketCreated).hasSize(CUSTOMERS);
        assertThat(log).filteredOn(e -> e.event() instanceof MessageAdded).hasSize(MESSAGES);
        for (int k = 1; k < log.size(); k++) {
            assertThat(log.get(k).position()).isGreaterThan(log.get(k - 1).position());
        }

        // two hours later every ticket's first reply is overdue (and A's lease on the SLA subscriber has expired):
        // B catches up from the log, its engine fires each breach once, and a second engine on the same stores (A
        // restarted) finds nothing left to fire
        clock.advance(Duration.ofHours(2));
        b.desk().processEvents();
        int fired = b.sla().fireDue(clock.instant());
        Instance restarted = instance(TestDatabases.samePostgres(first), clock);
        int firedAgain = restarted.sla().fireDue(clock.instant());
        List<EventEnvelope> after = readAll(b.store());
        long breaches = after.stream().filter(e -> e.event() instanceof SlaEvent.Breached).count();
        assertThat(breaches).isEqualTo(CUSTOMERS);
        assertThat(fired).isEqualTo(CUSTOMERS);
        assertThat(firedAgain).isZero();
    }

    private static void receive(Instance at, int i, AtomicInteger duplicates) {
        Principal gateway = at.desk().system(SHOP, "line-gateway");
        Received r = at.desk().receive(gateway, message(i));
        if (r.outcome() == Received.Outcome.DUPLICATE) {
            duplicates.incrementAndGet();
        }
    }

    private static List<EventEnvelope> readAll(JdbcDeskStore store) {
        List<EventEnvelope> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<EventEnvelope> page = store.eventLog().read(after, 1_000);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = page.get(page.size() - 1).position();
        }
    }
}
