package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.DuplicateRequestException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.store.ChangeSet;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.TicketWrite;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Group commit: change sets that queue behind a committing transaction are written together, as one batch per table
 * when every member is accepted, and member by member when one is refused, so only its caller sees the refusal.
 * The group is formed deterministically: the first commit is held at the pool until the others are queued behind it.
 */
class JdbcGroupCommitTest {

    private static final TenantId TENANT = TenantId.of("group");
    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00.123456Z");
    private static final Principal ACTOR = Principal.system(TENANT, "group-test");
    private static final int MEMBERS = 10;

    abstract static class OnDatabase {

        private final List<HikariDataSource> pools = new ArrayList<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(MEMBERS + 1);
        /** Holds the next connection handed out until released. */
        private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
        private final AtomicInteger statements = new AtomicInteger();

        abstract DataSource database(List<HikariDataSource> pools);

        abstract boolean batchesClaims();

        @AfterEach
        void stop() {
            threads.shutdownNow();
            pools.forEach(HikariDataSource::close);
        }

        private JdbcDeskStore store() {
            DataSource real = database(pools);
            DataSource watched = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        CountDownLatch held = gate.getAndSet(null);
                        if (held != null) {
                            held.await(30, TimeUnit.SECONDS);
                        }
                        return counting((Connection) invoke(method, real, args));
                    }
                    return invoke(method, real, args);
                });
            return JdbcDeskStore.migrating(watched, Clock.systemUTC());
        }

        private Connection counting(Connection real) {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")) {
                        statements.incrementAndGet();
                    }
                    return invoke(method, real, args);
                });
        }

        private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!condition.getAsBoolean()) {
                assertThat(System.nanoTime()).as("waited 30 s for the group to form").isLessThan(deadline);
                Thread.sleep(5);
            }
        }

        private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        /**
         * Commits {@code first} while the pool holds it, queues {@code members} behind it, then lets it go.
         *
         * @return what each member's commit threw, or null, in the members' order
         */
        private List<Throwable> commitAsAGroup(JdbcDeskStore store, ChangeSet first, List<ChangeSet> members)
            throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            gate.set(release);
            Future<?> leader = threads.submit(() -> store.commit(first));
            waitUntil(() -> gate.get() == null);
            List<Thread> queued = new ArrayList<>();
            List<Future<Throwable>> outcomes = new ArrayList<>();
            CountDownLatch started = new CountDownLatch(members.size());
            for (ChangeSet m : members) {
                outcomes.add(threads.submit(() -> {
                    synchronized (queued) {
                        queued.add(Thread.currentThread());
                    }
                    started.countDown();
                    try {
                        store.commit(m);
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            started.await(30, TimeUnit.SECONDS);
            // every member waits behind the held leader before it goes on
            waitUntil(() -> {
                synchronized (queued) {
                    return queued.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
                }
            });
            statements.set(0);
            release.countDown();
            leader.get(30, TimeUnit.SECONDS);
            List<Throwable> failures = new ArrayList<>();
            for (Future<Throwable> f : outcomes) {
                failures.add(f.get(30, TimeUnit.SECONDS));
            }
            return failures;
        }

        @Test
        void aGroupOfAcceptedChangeSetsIsWrittenAsOneBatchPerTable() throws Exception {
            JdbcDeskStore store = store();
            long before = store.eventLog().head();
            List<ChangeSet> members = new ArrayList<>();
            for (int i = 1; i <= MEMBERS; i++) {
                members.add(created("G" + i, i, batchesClaims() ? "m-" + i : null));
            }

            List<Throwable> failures = commitAsAGroup(store, created("L", 100, null), members);
            int written = statements.get();

            assertThat(failures).containsOnlyNulls();
            for (int i = 1; i <= MEMBERS; i++) {
                Ticket t = store.ticket(TicketId.of("G" + i)).orElseThrow();
                assertThat(t.subject()).isEqualTo("配送について " + i);
                assertThat(store.messages(t.id())).extracting(Message::body).containsExactly("まだ届きません " + i);
                assertThat(store.history(t.id())).hasSize(1);
                if (batchesClaims()) {
                    assertThat(store.eventLog().claimed(key("m-" + i))).contains("G" + i);
                }
            }
            List<EventEnvelope> events = store.eventLog().read(before, 100);
            assertThat(events).hasSize(MEMBERS + 1);
            assertThat(events).extracting(EventEnvelope::position)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(before + 1, before + MEMBERS + 1)
                    .boxed().toList());
            // the leader's change set alone (claims, ticket, message, audit, log head, events: at most 6
            // statements), then the group's ten in about as many: member by member they would take 5 or more each
            assertThat(written).isLessThanOrEqualTo(14);
        }

        @Test
        void aRefusedMemberFailsAloneAndTheOthersCommitWithTheirEvents() throws Exception {
            JdbcDeskStore store = store();
            store.commit(created("EXISTING", 50, null));
            ChangeSet seededUpdate = created("UPDATED", 51, null);
            store.commit(seededUpdate);
            store.commit(new ChangeSet(List.of(writeOf(ticket("HELD", 52))), List.of(), List.of(),
                Map.of(key("held"), "HELD")));
            long before = store.eventLog().head();

            Ticket original = store.ticket(TicketId.of("UPDATED")).orElseThrow();
            Ticket stale = original.toBuilder().status(TicketStatus.SOLVED).updatedAt(T0.plusSeconds(5))
                .version(original.version() + 2).build();
            Map<Integer, Class<?>> refused = new LinkedHashMap<>();
            List<ChangeSet> members = new ArrayList<>();
            for (int i = 1; i <= MEMBERS; i++) {
                if (i == 3) {
                    members.add(created("EXISTING", 53, null));
                    refused.put(i, ConflictException.class);
                } else if (i == 6) {
                    members.add(new ChangeSet(List.of(new TicketWrite(stale, List.of(),
                        new AuditEntry(stale.version(), stale.updatedAt(), ACTOR, "status", List.of(), false))),
                        List.of(), List.of(new StatusChanged(stale, ACTOR, stale.updatedAt(), TicketStatus.NEW,
                            TicketStatus.SOLVED)), Map.of()));
                    refused.put(i, ConflictException.class);
                } else if (i == 8 && batchesClaims()) {
                    members.add(created("DUPLICATE", 58, "held"));
                    refused.put(i, DuplicateRequestException.class);
                } else {
                    members.add(created("G" + i, i, batchesClaims() ? "m-" + i : null));
                }
            }

            List<Throwable> failures = commitAsAGroup(store, created("L", 100, null), members);

            for (int i = 1; i <= MEMBERS; i++) {
                Throwable f = failures.get(i - 1);
                if (refused.containsKey(i)) {
                    assertThat(f).as("member %d", i).isInstanceOf(refused.get(i));
                } else {
                    assertThat(f).as("member %d", i).isNull();
                    assertThat(store.ticket(TicketId.of("G" + i))).isPresent();
                }
            }
            assertThat(store.ticket(TicketId.of("DUPLICATE"))).isEmpty();
            assertThat(store.ticket(TicketId.of("EXISTING")).orElseThrow().number()).isEqualTo(50);
            assertThat(store.ticket(TicketId.of("UPDATED")).orElseThrow()).isEqualTo(original);
            assertThat(store.eventLog().claimed(key("held"))).contains("HELD");
            // one event per accepted change set (the leader's and the members'), none of a refused one
            List<EventEnvelope> events = store.eventLog().read(before, 100);
            assertThat(events).hasSize(1 + MEMBERS - refused.size());
            assertThat(events).extracting(e -> e.event().streamKey())
                .noneMatch(k -> k.contains("EXISTING") || k.contains("UPDATED") || k.contains("DUPLICATE"));
        }
    }

    @Nested
    class OnPostgres extends OnDatabase {
        @Override
        DataSource database(List<HikariDataSource> pools) {
            HikariDataSource ds = TestDatabases.postgres();
            pools.add(ds);
            return ds;
        }

        @Override
        boolean batchesClaims() {
            return true;
        }
    }

    @Nested
    class OnH2 extends OnDatabase {
        @Override
        DataSource database(List<HikariDataSource> pools) {
            return TestDatabases.h2();
        }

        @Override
        boolean batchesClaims() {
            return false;
        }
    }

    private static IdempotencyKey key(String k) {
        return new IdempotencyKey(TENANT, "inbound:line", k);
    }

    private static Ticket ticket(String id, long number) {
        return Ticket.builder(TicketId.of(id), TENANT, CustomerId.of("c-1"), Channel.LINE, T0)
            .number(number).subject("配送について " + number).messageCount(1).build();
    }

    private static TicketWrite writeOf(Ticket t) {
        Message m = new Message(t.id(), 1, Visibility.PUBLIC, AuthorKind.CUSTOMER, "c-1",
            "まだ届きません " + t.number(), List.of(), T0);
        return new TicketWrite(t, List.of(m), new AuditEntry(1, T0, ACTOR, "created", List.of(), false));
    }

    private static ChangeSet created(String id, long number, String claim) {
        TicketWrite w = writeOf(ticket(id, number));
        return new ChangeSet(List.of(w), List.of(),
            List.of(new TicketCreated(w.ticket(), ACTOR, T0, w.newMessages().get(0), null)),
            claim == null ? Map.of() : Map.of(key(claim), id));
    }
}
