package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.DuplicateRequestException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TicketEvent;
import io.madoguchi.core.store.ChangeSet;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.Racers;
import io.madoguchi.core.store.TicketWrite;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two store instances over separate pools on one PostgreSQL database, as two host JVMs would have them, committing
 * at the same time.
 */
class JdbcTwoInstancesTest {

    private static final TenantId TENANT = TenantId.of("渋谷店");
    private static final Principal ACTOR = Principal.system(TENANT, "test");
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00.000001Z");

    private HikariDataSource poolA;
    private HikariDataSource poolB;
    private JdbcDeskStore a;
    private JdbcDeskStore b;

    @BeforeEach
    void twoInstances() {
        poolA = TestDatabases.postgres();
        poolB = TestDatabases.samePostgres(poolA);
        a = JdbcDeskStore.migrating(poolA, Clock.systemUTC());
        b = JdbcDeskStore.migrating(poolB, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        poolA.close();
        poolB.close();
    }

    private static Ticket ticket(String id, long number) {
        return Ticket.builder(TicketId.of(id), TENANT, CustomerId.of("c-" + number), Channel.LINE, T0)
            .number(number).subject("お問い合わせ " + number).build();
    }

    private static TicketWrite create(Ticket t) {
        Message first = new Message(t.id(), 1, Visibility.PUBLIC, AuthorKind.CUSTOMER, "c", "届きません",
            List.of(), t.createdAt());
        return new TicketWrite(t.toBuilder().messageCount(1).build(), List.of(first),
            new AuditEntry(1, t.createdAt(), ACTOR, "created", List.of(), false));
    }

    private static ChangeSet touch(Ticket current) {
        Ticket after = current.toBuilder().version(current.version() + 1).status(TicketStatus.OPEN)
            .updatedAt(current.updatedAt().plusNanos(1_000)).build();
        return new ChangeSet(List.of(new TicketWrite(after, List.of(),
            new AuditEntry(after.version(), after.updatedAt(), ACTOR, "touch", List.of(), false))), List.of(),
            List.of(new StatusChanged(after, ACTOR, after.updatedAt(), current.status(), after.status())), Map.of());
    }

    @Test
    void concurrentUpdatesThroughBothInstancesLoseNoAcceptedChange() throws Exception {
        a.commit(List.of(create(ticket("T1", 1))));
        AtomicInteger accepted = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (JdbcDeskStore store : List.of(a, b, a, b)) {
            threads.add(new Thread(() -> {
                for (int k = 0; k < 100; k++) {
                    Ticket cur = store.ticket(TicketId.of("T1")).orElseThrow();
                    try {
                        store.commit(touch(cur));
                        accepted.incrementAndGet();
                    } catch (ConflictException refused) {
                        // the other instance got there first: refused, not lost
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(accepted.get()).isPositive();
        assertThat(b.ticket(TicketId.of("T1")).orElseThrow().version()).isEqualTo(accepted.get() + 1L);
        assertThat(a.history(TicketId.of("T1"))).hasSize(accepted.get() + 1);
        // one StatusChanged per accepted change, versions in log order
        List<EventEnvelope> log = a.eventLog().read(0, 10_000);
        assertThat(log).hasSize(accepted.get());
        for (int i = 0; i < log.size(); i++) {
            assertThat(((TicketEvent) log.get(i).event()).ticket().version()).isEqualTo(i + 2L);
        }
    }

    @Test
    void aClaimRacedThroughBothInstancesIsWonOnceAndTheLoserGetsTheWinnersResult() throws Exception {
        IdempotencyKey key = new IdempotencyKey(TENANT, "inbound:line", "msg-42");
        AtomicInteger n = new AtomicInteger();
        Set<String> losersSaw = ConcurrentHashMap.newKeySet();
        int winners = Racers.winners(8, () -> {
            int i = n.incrementAndGet();
            JdbcDeskStore store = i % 2 == 0 ? a : b;
            try {
                store.commit(new ChangeSet(List.of(create(ticket("R" + i, i))), List.of(), List.of(),
                    Map.of(key, "R" + i)));
                return true;
            } catch (DuplicateRequestException e) {
                losersSaw.add(e.existingResult());
                return false;
            }
        });
        assertThat(winners).isEqualTo(1);
        String winner = a.eventLog().claimed(key).orElseThrow();
        assertThat(b.eventLog().claimed(key)).contains(winner);
        assertThat(losersSaw).containsExactly(winner);
        assertThat(a.count(TENANT, io.madoguchi.core.ticket.TicketQuery.builder().build(), true)).isEqualTo(1);
        assertThat(a.ticket(TicketId.of(winner))).isPresent();
    }

    @Test
    void eventsCommittedThroughBothInstancesAreEachInTheLogOnceInCommitOrderAndATailingReaderSkipsNone()
        throws Exception {
        int tickets = 6;
        int perTicket = 60;
        for (int i = 1; i <= tickets; i++) {
            a.commit(List.of(create(ticket("E" + i, i))));
        }
        // a reader tails the log from its last position while the writers commit, as a subscriber would
        List<EventEnvelope> tailed = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> readerFailed = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                long after = 0;
                while (true) {
                    boolean last = !writing.get();
                    List<EventEnvelope> page = b.eventLog().read(after, 50);
                    tailed.addAll(page);
                    if (!page.isEmpty()) {
                        after = page.get(page.size() - 1).position();
                    } else if (last) {
                        return;
                    } else {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // nothing new yet
                    }
                }
            } catch (Throwable t) {
                readerFailed.set(t);
            }
        });
        reader.start();
        List<Thread> writers = new ArrayList<>();
        for (int i = 1; i <= tickets; i++) {
            JdbcDeskStore store = i % 2 == 0 ? a : b;
            TicketId id = TicketId.of("E" + i);
            writers.add(new Thread(() -> {
                for (int k = 0; k < perTicket; k++) {
                    store.commit(touch(store.ticket(id).orElseThrow()));
                }
            }));
        }
        writers.forEach(Thread::start);
        for (Thread w : writers) {
            w.join();
        }
        writing.set(false);
        reader.join();
        assertThat(readerFailed.get()).isNull();
        List<EventEnvelope> all = a.eventLog().read(0, 10_000);
        assertThat(all).hasSize(tickets * perTicket);
        assertThat(all).extracting(EventEnvelope::position)
            .containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, tickets * perTicket).boxed().toList());
        // the tailing reader saw every event exactly once: no event committed later with a smaller position
        assertThat(tailed).extracting(EventEnvelope::position).containsExactlyElementsOf(
            all.stream().map(EventEnvelope::position).toList());
        Map<TicketId, Long> lastVersion = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (EventEnvelope e : all) {
            Ticket t = ((TicketEvent) e.event()).ticket();
            assertThat(t.version()).isEqualTo(lastVersion.getOrDefault(t.id(), 1L) + 1);
            lastVersion.put(t.id(), t.version());
            assertThat(seen.add(t.id() + "@" + t.version())).isTrue();
        }
    }

    @Test
    void twoDesksRunningTheSameSubscriberOnOneDatabaseDoEachEffectOnceAndLoseNone() throws Exception {
        List<io.madoguchi.core.SupportDesk> desks = new ArrayList<>();
        for (JdbcDeskStore store : List.of(a, b)) {
            io.madoguchi.core.SupportDesk desk = io.madoguchi.core.SupportDesk.builder().store(store).build();
            desk.subscribe(new KilledJvmTest.Acknowledger(desk, TENANT));
            desks.add(desk);
        }
        io.madoguchi.core.customer.Customer customer = desks.get(0).createCustomer(desks.get(0).system(TENANT, "line"),
            new io.madoguchi.core.customer.NewCustomer("山田 花子",
                List.of(io.madoguchi.core.customer.ChannelIdentity.line("U-1")), null, "ja"));
        Set<TicketId> created = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (io.madoguchi.core.SupportDesk desk : List.of(desks.get(0), desks.get(1), desks.get(0), desks.get(1))) {
            threads.add(new Thread(() -> {
                for (int k = 0; k < 10; k++) {
                    created.add(desk.createTicket(desk.system(TENANT, "line"), io.madoguchi.core.ticket.CreateTicket
                        .builder(customer.id(), Channel.LINE, "配送について",
                            "荷物がまだ届きません " + k)
                        .build()).id());
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        desks.forEach(io.madoguchi.core.SupportDesk::processEvents);
        assertThat(created).hasSize(40);
        for (TicketId id : created) {
            assertThat(a.messages(id)).as(id.value()).extracting(Message::body)
                .containsExactly(a.messages(id).get(0).body(), "受付しました（自動）");
        }
        assertThat(a.checkpoints().checkpoint("acknowledge")).isEqualTo(a.eventLog().head());
        assertThat(a.checkpoints().parked("acknowledge")).isEmpty();
    }

    @Test
    void changeSetsCommittedTogetherFailAloneWhenRefusedAndTheRestCommit() throws Exception {
        a.commit(List.of(create(ticket("G0", 100))));
        Ticket g0 = a.ticket(TicketId.of("G0")).orElseThrow();
        a.commit(touch(g0));
        IdempotencyKey held = new IdempotencyKey(TENANT, "inbound:line", "held");
        a.commit(new ChangeSet(List.of(), List.of(), List.of(), Map.of(held, "G0")));
        long head = a.eventLog().head();
        // sixteen commits at once through one instance (grouped into shared transactions): every third is stale,
        // every third claims a held key, the rest create tickets with events
        AtomicInteger n = new AtomicInteger();
        Map<Integer, String> outcome = new ConcurrentHashMap<>();
        Racers.winners(16, () -> {
            int i = n.incrementAndGet();
            try {
                if (i % 3 == 0) {
                    a.commit(touch(g0));
                } else if (i % 3 == 1) {
                    Ticket t = ticket("H" + i, 200 + i);
                    a.commit(new ChangeSet(List.of(create(t)), List.of(), List.of(), Map.of(held, t.id().value())));
                } else {
                    Ticket t = ticket("G" + i, i);
                    a.commit(new ChangeSet(List.of(create(t)), List.of(), List.of(new StatusChanged(t, ACTOR, T0,
                        TicketStatus.NEW, TicketStatus.NEW)),
                        Map.of(new IdempotencyKey(TENANT, "inbound:line", "g" + i), "G" + i)));
                }
                outcome.put(i, "ok");
            } catch (DuplicateRequestException e) {
                outcome.put(i, "duplicate:" + e.existingResult());
            } catch (ConflictException e) {
                outcome.put(i, "conflict");
            }
            return true;
        });
        for (int i = 1; i <= 16; i++) {
            String expected = i % 3 == 0 ? "conflict" : i % 3 == 1 ? "duplicate:G0" : "ok";
            assertThat(outcome.get(i)).as("commit " + i).isEqualTo(expected);
            assertThat(b.ticket(TicketId.of("H" + i))).isEmpty();
            assertThat(b.ticket(TicketId.of("G" + i)).isPresent()).isEqualTo(i % 3 == 2);
        }
        assertThat(b.ticket(TicketId.of("G0")).orElseThrow().version()).isEqualTo(2);
        List<EventEnvelope> events = b.eventLog().read(head, 100);
        assertThat(events).hasSize(5).extracting(e -> ((TicketEvent) e.event()).ticket().id().value())
            .containsExactlyInAnyOrder("G2", "G5", "G8", "G11", "G14");
        assertThat(events).extracting(EventEnvelope::position)
            .containsExactly(head + 1, head + 2, head + 3, head + 4, head + 5);
    }
}
