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
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.store.TicketWrite;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
 * The group is formed deterministically: the first commits (as many as the store lets be in flight at once: two on
 * PostgreSQL, one on H2) are held at the pool until the others are queued behind them.
 */
class JdbcGroupCommitTest {

    private static final TenantId TENANT = TenantId.of("group");
    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00.123456Z");
    private static final Principal ACTOR = Principal.system(TENANT, "group-test");
    private static final int MEMBERS = 10;

    abstract static class OnDatabase {

        final List<HikariDataSource> pools = new ArrayList<>();
        final ExecutorService threads = Executors.newFixedThreadPool(MEMBERS + 2);
        /** Holds the next {@link #holds} connections handed out until released. */
        final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
        final AtomicInteger holds = new AtomicInteger();
        final AtomicInteger statements = new AtomicInteger();
        /** While set, PostgreSQL's one batch for a group of openings fails as a lost connection would. */
        final java.util.concurrent.atomic.AtomicBoolean loseConnectionInOneBatch =
            new java.util.concurrent.atomic.AtomicBoolean();

        abstract DataSource database(List<HikariDataSource> pools);

        abstract boolean batchesClaims();

        @AfterEach
        void stop() {
            threads.shutdownNow();
            pools.forEach(HikariDataSource::close);
        }

        /**
         * A store on the watched pool whose second group starts as soon as one change set waits, so the tests can
         * hold a group per slot at the pool; {@link #defaultStore} keeps the shipped threshold.
         */
        JdbcDeskStore store() {
            DataSource watched = watched();
            JdbcSchema.migrate(watched);
            return new JdbcDeskStore(watched, Clock.systemUTC(), JdbcDeskStore.DEFAULT_CLAIM_RETENTION,
                JdbcDeskStore.DEFAULT_RETAINED_EVENTS, 1);
        }

        /** @return a store on the watched pool with the shipped group-commit settings */
        JdbcDeskStore defaultStore() {
            return JdbcDeskStore.migrating(watched(), Clock.systemUTC());
        }

        private DataSource watched() {
            DataSource real = database(pools);
            DataSource watched = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        CountDownLatch held = gate.get();
                        if (held != null && holds.getAndDecrement() > 0) {
                            held.await(30, TimeUnit.SECONDS);
                        }
                        return counting((Connection) TestDatabases.invoke(method, real, args));
                    }
                    return TestDatabases.invoke(method, real, args);
                });
            return watched;
        }

        private Connection counting(Connection real) {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")) {
                        statements.incrementAndGet();
                        if (loseConnectionInOneBatch.get() && PgOpeningBatch.SQL.equals(args[0])) {
                            return losingConnection((PreparedStatement) TestDatabases.invoke(method, real, args));
                        }
                    }
                    return TestDatabases.invoke(method, real, args);
                });
        }

        private PreparedStatement losingConnection(PreparedStatement real) {
            return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("executeBatch")) {
                        throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
                    }
                    return TestDatabases.invoke(method, real, args);
                });
        }

        static void waitUntil(BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!condition.getAsBoolean()) {
                assertThat(System.nanoTime()).as("waited 30 s for the group to form").isLessThan(deadline);
                Thread.sleep(5);
            }
        }

        /** @return as many change sets as the store commits at once, to be held at the pool */
        static List<ChangeSet> leaders(JdbcDeskStore store) {
            List<ChangeSet> leaders = new ArrayList<>();
            for (int k = 0; k < store.groupsInFlight(); k++) {
                leaders.add(created("L" + k, 100 + k, null));
            }
            return leaders;
        }

        /**
         * Commits {@code first} (one change set per group the store lets be in flight) while the pool holds them,
         * queues {@code members} behind them, then lets them go.
         *
         * @return what each leader's and then each member's commit threw, or null, in that order
         */
        List<Throwable> commitAsAGroup(JdbcDeskStore store, List<ChangeSet> first, List<ChangeSet> members)
            throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            holds.set(first.size());
            gate.set(release);
            List<Future<Throwable>> leaders = new ArrayList<>();
            for (ChangeSet l : first) {
                leaders.add(threads.submit(() -> {
                    try {
                        store.commit(l);
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            // every leader is held at the pool, inside its commit
            waitUntil(() -> holds.get() <= 0);
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
            List<Throwable> failures = new ArrayList<>();
            for (Future<Throwable> f : leaders) {
                failures.add(f.get(30, TimeUnit.SECONDS));
            }
            gate.set(null);
            for (Future<Throwable> f : outcomes) {
                failures.add(f.get(30, TimeUnit.SECONDS));
            }
            return failures;
        }

        @Test
        void aGroupOfAcceptedChangeSetsIsWrittenAsOneBatchPerTable() throws Exception {
            JdbcDeskStore store = store();
            long before = store.eventLog().head();
            List<ChangeSet> members = openings(batchesClaims());

            List<ChangeSet> leaders = leaders(store);
            List<Throwable> failures = commitAsAGroup(store, leaders, members);
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
            assertThat(events).hasSize(MEMBERS + leaders.size());
            assertThat(events).extracting(EventEnvelope::position)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(before + 1,
                    before + MEMBERS + leaders.size()).boxed().toList());
            // each leader's change set alone (claims, ticket, message, audit, log head, events: at most 6
            // statements), then the group's ten in about as many: member by member they would take 5 or more each
            assertThat(written).isLessThanOrEqualTo(6 * leaders.size() + 8);
            if (batchesClaims()) {
                // PostgreSQL: a leader (no claims) only opens a ticket, which goes with its event as one
                // auto-committed batch: 1 statement each. The group claims keys, so it goes in a transaction: a
                // ticket being opened with its message and audit entry in one statement, the log head moved with
                // the events in one batch: 3 statements (claims, tickets, events)
                assertThat(written).isEqualTo(leaders.size() + 3);
            }
        }

        @Test
        void aGroupThatOnlyOpensTicketsIsOneStatementOnPostgres() throws Exception {
            JdbcDeskStore store = store();
            long before = store.eventLog().head();
            List<ChangeSet> members = openings(false);

            List<ChangeSet> leaders = leaders(store);
            List<Throwable> failures = commitAsAGroup(store, leaders, members);
            int written = statements.get();

            assertThat(failures).containsOnlyNulls();
            for (int i = 1; i <= MEMBERS; i++) {
                Ticket t = store.ticket(TicketId.of("G" + i)).orElseThrow();
                assertThat(t).isEqualTo(members.get(i - 1).tickets().get(0).ticket());
                assertThat(store.messages(t.id())).extracting(Message::body).containsExactly("まだ届きません " + i);
                assertThat(store.history(t.id())).singleElement()
                    .isEqualTo(members.get(i - 1).tickets().get(0).audit());
            }
            List<EventEnvelope> events = store.eventLog().read(before, 100);
            assertThat(events).extracting(EventEnvelope::position)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(before + 1,
                    before + MEMBERS + leaders.size()).boxed().toList());
            // each change set's event once (in the order the groups committed and, within one, the members queued)
            List<String> keys = new ArrayList<>();
            leaders.forEach(l -> keys.add(l.events().get(0).streamKey()));
            members.forEach(m -> keys.add(m.events().get(0).streamKey()));
            assertThat(events).extracting(e -> e.event().streamKey()).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(events).extracting(EventEnvelope::event)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(leaders.stream(),
                    members.stream()).map(m -> m.events().get(0)).toList());
            assertThat(store.eventLog().head()).isEqualTo(before + MEMBERS + leaders.size());
            if (batchesClaims()) {
                // PostgreSQL: one batch per group, each leader's and the members' (tickets and events together)
                assertThat(written).isEqualTo(leaders.size() + 1);
            }
        }

        @Test
        void anOpeningRefusedInAGroupOfOpeningsFailsAloneAndTheOthersCommit() throws Exception {
            JdbcDeskStore store = store();
            store.commit(created("EXISTING", 50, null));
            long before = store.eventLog().head();
            List<ChangeSet> members = new ArrayList<>();
            for (int i = 1; i <= MEMBERS; i++) {
                members.add(i == 4 ? created("EXISTING", 54, null) : created("G" + i, i, null));
            }

            List<ChangeSet> leaders = leaders(store);
            List<Throwable> failures = commitAsAGroup(store, leaders, members);

            assertThat(failures.subList(0, leaders.size())).containsOnlyNulls();
            for (int i = 1; i <= MEMBERS; i++) {
                Throwable f = failures.get(leaders.size() + i - 1);
                if (i == 4) {
                    assertThat(f).isInstanceOf(ConflictException.class).hasMessageContaining("EXISTING");
                } else {
                    assertThat(f).as("member %d", i).isNull();
                    assertThat(store.ticket(TicketId.of("G" + i))).isPresent();
                    assertThat(store.messages(TicketId.of("G" + i))).hasSize(1);
                }
            }
            assertThat(store.ticket(TicketId.of("EXISTING")).orElseThrow().number()).isEqualTo(50);
            assertThat(store.messages(TicketId.of("EXISTING"))).extracting(Message::body)
                .containsExactly("まだ届きません 50");
            List<EventEnvelope> events = store.eventLog().read(before, 100);
            assertThat(events).extracting(EventEnvelope::position)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(before + 1,
                    before + leaders.size() + MEMBERS - 1).boxed().toList());
            assertThat(events).extracting(e -> e.event().streamKey()).noneMatch(k -> k.contains("EXISTING"));
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

            List<ChangeSet> leaders = leaders(store);
            List<Throwable> failures = commitAsAGroup(store, leaders, members);

            assertThat(failures.subList(0, leaders.size())).containsOnlyNulls();
            for (int i = 1; i <= MEMBERS; i++) {
                Throwable f = failures.get(leaders.size() + i - 1);
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
            // one event per accepted change set (the leaders' and the members'), none of a refused one
            List<EventEnvelope> events = store.eventLog().read(before, 100);
            assertThat(events).hasSize(leaders.size() + MEMBERS - refused.size());
            assertThat(events).extracting(e -> e.event().streamKey())
                .noneMatch(k -> k.contains("EXISTING") || k.contains("UPDATED") || k.contains("DUPLICATE"));
        }

        @Test
        void aCallerInterruptedBeforeAnyGroupTookItCommitsNothingAndTheQueueGoesOn() throws Exception {
            JdbcDeskStore store = store();
            CountDownLatch release = new CountDownLatch(1);
            List<ChangeSet> first = leaders(store);
            holds.set(first.size());
            gate.set(release);
            List<Future<Throwable>> leaderOutcomes = new ArrayList<>();
            for (ChangeSet l : first) {
                leaderOutcomes.add(threads.submit(() -> outcome(store, l)));
            }
            waitUntil(() -> holds.get() <= 0);
            AtomicReference<Thread> interruptedCaller = new AtomicReference<>();
            Future<Throwable> interrupted = threads.submit(() -> {
                interruptedCaller.set(Thread.currentThread());
                return outcome(store, created("INTERRUPTED", 70, null));
            });
            waitUntil(() -> waiting(interruptedCaller));
            AtomicReference<Thread> laterCaller = new AtomicReference<>();
            Future<Throwable> later = threads.submit(() -> {
                laterCaller.set(Thread.currentThread());
                return outcome(store, created("LATER", 71, null));
            });
            waitUntil(() -> waiting(laterCaller));

            interruptedCaller.get().interrupt();
            Throwable failure = interrupted.get(30, TimeUnit.SECONDS);
            gate.set(null);
            release.countDown();

            assertThat(failure).isInstanceOf(StoreException.class).hasMessageContaining("was not committed");
            for (Future<Throwable> f : leaderOutcomes) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isNull();
            }
            // the change set queued behind it is still woken to lead (or join) a group
            assertThat(later.get(30, TimeUnit.SECONDS)).isNull();
            assertThat(store.ticket(TicketId.of("LATER"))).isPresent();
            assertThat(store.ticket(TicketId.of("INTERRUPTED"))).isEmpty();
            assertThat(store.eventLog().read(0, 100)).extracting(e -> e.event().streamKey())
                .noneMatch(k -> k.contains("INTERRUPTED"));
        }

        static boolean waiting(AtomicReference<Thread> caller) {
            Thread t = caller.get();
            return t != null && t.getState() == Thread.State.WAITING;
        }

        static Throwable outcome(JdbcDeskStore store, ChangeSet changes) {
            try {
                store.commit(changes);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        }

        @Test
        void twoUpdatesOfOneTicketInFlightAtOnceCommitOneAndRefuseTheOtherAlone() throws Exception {
            JdbcDeskStore store = store();
            store.commit(created("SHARED", 60, null));
            Ticket base = store.ticket(TicketId.of("SHARED")).orElseThrow();
            long before = store.eventLog().head();
            // both based on version 1: on PostgreSQL the two go as two groups in flight at once, the second waiting
            // for the first's row lock; on H2 the second is queued behind the first
            List<ChangeSet> updates = List.of(statusChange(base, TicketStatus.OPEN),
                statusChange(base, TicketStatus.PENDING));
            List<ChangeSet> leaders = updates.subList(0, store.groupsInFlight());
            List<ChangeSet> members = new ArrayList<>(updates.subList(store.groupsInFlight(), updates.size()));
            for (int i = 1; i <= MEMBERS; i++) {
                members.add(created("G" + i, i, batchesClaims() ? "m-" + i : null));
            }

            List<Throwable> failures = commitAsAGroup(store, leaders, members);

            List<Throwable> ofUpdates = failures.subList(0, 2);
            assertThat(ofUpdates).filteredOn(f -> f == null).hasSize(1);
            assertThat(ofUpdates).filteredOn(f -> f != null).singleElement()
                .isInstanceOf(ConflictException.class);
            TicketStatus won = ofUpdates.get(0) == null ? TicketStatus.OPEN : TicketStatus.PENDING;
            Ticket after = store.ticket(TicketId.of("SHARED")).orElseThrow();
            assertThat(after.version()).isEqualTo(2);
            assertThat(after.status()).isEqualTo(won);
            assertThat(store.history(after.id())).hasSize(2);
            assertThat(failures.subList(2, failures.size())).containsOnlyNulls();
            for (int i = 1; i <= MEMBERS; i++) {
                assertThat(store.ticket(TicketId.of("G" + i))).isPresent();
            }
            List<EventEnvelope> events = store.eventLog().read(before, 100);
            assertThat(events).hasSize(1 + MEMBERS);
            assertThat(events).filteredOn(e -> e.event() instanceof StatusChanged).singleElement()
                .satisfies(e -> assertThat(((StatusChanged) e.event()).to()).isEqualTo(won));
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

        @Test
        void aConnectionLostInTheOneBatchFailsEveryMemberAndIsNotWrittenAgain() throws Exception {
            JdbcDeskStore store = store();
            long before = store.eventLog().head();
            List<ChangeSet> members = openings(false);
            loseConnectionInOneBatch.set(true);

            List<ChangeSet> leaders = leaders(store);
            List<Throwable> failures = commitAsAGroup(store, leaders, members);
            int written = statements.get();
            loseConnectionInOneBatch.set(false);

            // the outcome of a batch whose connection was lost is unknown (PostgreSQL may have committed it before
            // the reply was lost): every caller is told so, as a transient failure, and the group is not written
            // again member by member, which would write it twice had it committed
            assertThat(failures).hasSize(leaders.size() + MEMBERS).allSatisfy(f -> assertThat(f)
                .isInstanceOf(StoreException.class).matches(e -> ((StoreException) e).isTransient(), "transient")
                .hasMessageContaining("08006"));
            assertThat(written).isEqualTo(leaders.size() + 1);
            assertThat(store.eventLog().head()).isEqualTo(before);
            assertThat(store.ticket(TicketId.of("G1"))).isEmpty();
        }

        @Test
        void aSecondGroupStartsBesideTheOneInFlightOnlyOnceEnoughChangeSetsWait() throws Exception {
            JdbcDeskStore store = defaultStore();
            int after = JdbcDeskStore.SECOND_GROUP_AFTER;
            CountDownLatch release = new CountDownLatch(1);
            // the first group and a second one, if it starts, are held at the pool
            holds.set(2);
            gate.set(release);
            Future<Throwable> first = threads.submit(() -> outcome(store, created("FIRST", 200, null)));
            waitUntil(() -> holds.get() <= 1);
            List<Future<Throwable>> queued = new ArrayList<>();
            List<AtomicReference<Thread>> callers = new ArrayList<>();
            for (int i = 1; i < after; i++) {
                AtomicReference<Thread> caller = new AtomicReference<>();
                callers.add(caller);
                ChangeSet changes = created("Q" + i, 200 + i, null);
                queued.add(threads.submit(() -> {
                    caller.set(Thread.currentThread());
                    return outcome(store, changes);
                }));
            }
            waitUntil(() -> callers.stream().allMatch(OnDatabase::waiting));
            // fewer than SECOND_GROUP_AFTER wait: none of them has taken a connection for a group of its own
            assertThat(holds.get()).isEqualTo(1);

            ChangeSet last = created("Q" + after, 200 + after, null);
            queued.add(threads.submit(() -> outcome(store, last)));
            // with it, enough wait: a second group starts beside the held one and takes a connection
            waitUntil(() -> holds.get() <= 0);
            statements.set(0);
            gate.set(null);
            release.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).isNull();
            for (Future<Throwable> f : queued) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isNull();
            }
            // the first group's one batch and the second's, which holds all that waited
            assertThat(statements.get()).isEqualTo(2);
            for (int i = 1; i <= after; i++) {
                assertThat(store.ticket(TicketId.of("Q" + i))).isPresent();
            }
            assertThat(store.eventLog().read(0, 100)).hasSize(1 + after);
        }

        @Test
        void withoutALogHeadRowTheOneBatchWritesNoTicketWithoutItsEvent() throws Exception {
            JdbcDeskStore store = store();
            try (Connection c = pools.get(0).getConnection(); var s = c.createStatement()) {
                s.executeUpdate("DELETE FROM madoguchi_log_head");
            }

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.commit(created("HEADLESS", 1, null)))
                .isInstanceOf(StoreException.class).hasMessageContaining("madoguchi_log_head has no row");
            assertThat(store.ticket(TicketId.of("HEADLESS"))).isEmpty();
            assertThat(store.messages(TicketId.of("HEADLESS"))).isEmpty();
        }

        @Test
        void theOneBatchStoresAnEventsInstantAsTheDriverDoesForABoundRow() throws Exception {
            JdbcDeskStore store = store();
            // half a microsecond: the batch's text timestamps and the driver's bound OffsetDateTime must round alike
            Instant at = T0.plusNanos(500);
            Ticket opened = ticket("ONE", 1);
            TicketWrite write = writeOf(opened);
            store.commit(new ChangeSet(List.of(write), List.of(), List.of(new TicketCreated(opened, ACTOR, at,
                write.newMessages().get(0), null)), Map.of()));
            // an update goes in a transaction, its event bound as an OffsetDateTime
            Ticket base = store.ticket(opened.id()).orElseThrow();
            Ticket solved = base.toBuilder().status(TicketStatus.SOLVED).updatedAt(at).version(2).build();
            store.commit(new ChangeSet(List.of(new TicketWrite(solved, List.of(),
                new AuditEntry(2, at, ACTOR, "status", List.of(), false))), List.of(),
                List.of(new StatusChanged(solved, ACTOR, at, TicketStatus.NEW, TicketStatus.SOLVED)), Map.of()));

            try (Connection c = pools.get(0).getConnection(); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT occurred_at FROM madoguchi_event ORDER BY position")) {
                assertThat(rs.next()).isTrue();
                Object viaBatch = rs.getObject(1, java.time.OffsetDateTime.class);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, java.time.OffsetDateTime.class)).isEqualTo(viaBatch);
            }
            assertThat(PgOpeningBatch.timestamp(at)).isEqualTo("2026-11-30 09:00:00.123457+00:00");
        }
    }

    /**
     * The one-batch path relies on the driver sending the whole batch before one Sync, so PostgreSQL runs it as one
     * implicit transaction. pgjdbc sends a Sync of its own in a long batch (once it estimates 64,000 bytes of
     * replies); this pins that a batch of {@link PgOpeningBatch#MAX_ENTRIES} statements is still one transaction:
     * its last statement refused, nothing of it is written.
     */
    @Test
    void theLargestOpeningBatchIsAllOrNothingOnPostgres() throws Exception {
        try (HikariDataSource pool = TestDatabases.postgres()) {
            JdbcDeskStore store = JdbcDeskStore.migrating(pool, Clock.systemUTC());
            long head = store.eventLog().head();
            int tickets = PgOpeningBatch.MAX_ENTRIES;
            List<JdbcDeskStore.Row> rows = new ArrayList<>();
            List<JdbcEventLog.EventRow> events = new ArrayList<>();
            for (int i = 1; i <= tickets; i++) {
                ChangeSet c = created(String.format("B%03d", i), 1000 + i, null);
                rows.add(new JdbcDeskStore.Row(c.tickets().get(0)));
                events.addAll(JdbcEventLog.rows(c.events()));
            }
            // the last event without its document: refused by the NOT NULL payload in the last statement, which
            // carries the group's events
            JdbcEventLog.EventRow last = events.remove(events.size() - 1);
            events.add(new JdbcEventLog.EventRow(last.event(), null));

            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(true);
                java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    java.sql.SQLException.class, () -> PgOpeningBatch.write(c, rows, events));
                assertThat(SqlErrors.isRefused(refused)).as("a NOT NULL violation is a refusal").isTrue();
            }
            assertThat(store.eventLog().head()).isEqualTo(head);
            assertThat(store.ticket(TicketId.of("B001"))).isEmpty();
            assertThat(store.count(TENANT, io.madoguchi.core.ticket.TicketQuery.builder().build(), true)).isZero();

            // and the same batch with every document commits whole
            events.set(events.size() - 1, last);
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(true);
                assertThat(PgOpeningBatch.write(c, rows, events)).isEqualTo(head + tickets);
            }
            assertThat(store.ticket(TicketId.of(String.format("B%03d", tickets)))).isPresent();
            assertThat(store.eventLog().read(head, 1000)).hasSize(tickets);
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

    private static ChangeSet statusChange(Ticket base, TicketStatus to) {
        Instant at = T0.plusSeconds(10);
        Ticket t = base.toBuilder().status(to).updatedAt(at).version(base.version() + 1).build();
        return new ChangeSet(List.of(new TicketWrite(t, List.of(),
            new AuditEntry(t.version(), at, ACTOR, "status", List.of(), false))), List.of(),
            List.of(new StatusChanged(t, ACTOR, at, base.status(), to)), Map.of());
    }

    /** @return the group's members G1…G10, each opening a ticket, with a claim each if {@code claims} */
    private static List<ChangeSet> openings(boolean claims) {
        List<ChangeSet> members = new ArrayList<>();
        for (int i = 1; i <= MEMBERS; i++) {
            members.add(created("G" + i, i, claims ? "m-" + i : null));
        }
        return members;
    }

    private static ChangeSet created(String id, long number, String claim) {
        TicketWrite w = writeOf(ticket(id, number));
        return new ChangeSet(List.of(w), List.of(),
            List.of(new TicketCreated(w.ticket(), ACTOR, T0, w.newMessages().get(0), null)),
            claim == null ? Map.of() : Map.of(key(claim), id));
    }
}
