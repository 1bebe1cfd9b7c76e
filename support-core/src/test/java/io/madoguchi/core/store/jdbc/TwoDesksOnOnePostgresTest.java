package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.feedback.InvitationState;
import io.madoguchi.core.feedback.SurveyInvitationScheduled;
import io.madoguchi.core.feedback.SurveyInvitationSent;
import io.madoguchi.core.feedback.SurveyKeyRing;
import io.madoguchi.core.feedback.SurveyPolicy;
import io.madoguchi.core.feedback.SurveyStore;
import io.madoguchi.core.feedback.Surveys;
import io.madoguchi.core.integration.DeskSurveys;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.integration.DeskBridge;
import io.madoguchi.core.sla.SlaEngine;
import io.madoguchi.core.sla.SlaEvent;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.sla.SlaPolicy;
import io.madoguchi.core.sla.store.SlaStore;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.MutableClock;
import io.madoguchi.core.time.Scheduler;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two host instances on one PostgreSQL (separate pools, stores, desks, SLA engines and survey services, as two JVMs
 * have them), the whole scenario: 10,000 inbound LINE messages with provider ids from 1,000 customers over
 * ten rounds of simulated time, every third one delivered to the other instance as well (while the first is still
 * receiving it, or after); SLA warnings and breaches falling due during the run, fired by both instances' engines on
 * leases; tickets solved and their surveys handed out by both instances; and instance A stopped abruptly halfway
 * (its pool aborts its connections mid-statement, its threads die, its objects are dropped): its leases run out, the
 * provider delivers what A did not acknowledge to B, and B finishes alone. Each instance receives on a few threads,
 * delivers the log to its subscribers, fires SLA rows and dispatches surveys on a worker thread of its own.
 *
 * <p>Exact counts follow from the schedule (which customer writes when, which tickets the agent answers and solves
 * when); the count of every event type is compared with the same schedule run once on one in-memory desk.
 */
@ExtendWith(TestDatabases.ClosePools.class)
class TwoDesksOnOnePostgresTest {

    private static final TenantId SHOP = TenantId.of("渋谷店");
    private static final int ROUNDS = 10;
    private static final int PER_ROUND = 1_000;
    private static final int MESSAGES = ROUNDS * PER_ROUND;
    /** Customers who write from the first round on. */
    private static final int EARLY = 600;
    /** Customers who write from {@link #LATE_ROUND} on. */
    private static final int LATE = 400;
    private static final int CUSTOMERS = EARLY + LATE;
    private static final int LATE_ROUND = 6;
    /** The round in whose traffic instance A dies, halfway through the 10,000 messages. */
    private static final int CRASH_ROUND = 5;
    private static final int THREADS = 3;
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(10);
    private static final Duration FIRST_REPLY = Duration.ofMinutes(30);
    private static final Duration WARNING_LEAD = Duration.ofMinutes(10);
    private static final AgentId SATO = AgentId.of("sato");
    private static final String SURVEY_KEYS = "k2026=" + Base64.getEncoder().encodeToString(
        "two-desks-test-configured-secret-0123456789".getBytes(StandardCharsets.US_ASCII));
    /** Receive calls per role of the calling thread, for the statement counts printed at the end. */
    private static final Map<String, LongAdder> RECEIVES = new ConcurrentHashMap<>();
    private static final List<String> SUBSCRIBERS = List.of(DeskBridge.NAME, DeskSurveys.NAME);

    // ---- the schedule: who writes when, and what the agent does at the end of each round

    /** @return the customer who sends message {@code i} */
    private static int customerOf(int i) {
        int round = i / PER_ROUND;
        int k = i % PER_ROUND;
        if (round < LATE_ROUND) {
            return k % EARLY;
        }
        return k < LATE ? EARLY + k : k - LATE;
    }

    private static boolean late(int c) {
        return c >= EARLY;
    }

    /**
     * @return the round at whose end the agent first replies: before the warning falls due (20 minutes after the
     *     ticket was opened), after the warning, or after the breach (30 minutes)
     */
    private static int replyRound(int c) {
        int opened = late(c) ? LATE_ROUND : 0;
        return opened + switch (c % 4) {
            case 0 -> 1;
            case 1 -> 2;
            default -> late(c) ? 3 : 4;
        };
    }

    private static boolean warned(int c) {
        return c % 4 != 0;
    }

    private static boolean breached(int c) {
        return c % 4 >= 2;
    }

    /** @return the rounds at whose end the agent solves the customer's ticket (solved, reopened, solved again) */
    private static List<Integer> solveRounds(int c) {
        if (late(c)) {
            return c % 2 == 0 ? List.of(9) : List.of();
        }
        if (c % 3 == 0 && c % 4 < 2) {
            return List.of(3, 9);
        }
        return c % 3 == 1 ? List.of(7) : List.of();
    }

    private static InboundMessage message(int i) {
        int c = customerOf(i);
        return new InboundMessage(Channel.LINE, ChannelIdentity.line("U" + c), "顧客 " + c,
            "メッセージ " + i + "：注文の状況を教えてください", List.of(), "line-event-" + i, null, "注文について", "ja");
    }

    // ---- one host instance

    /** Who handed which survey invitation out. */
    private record Handout(String invitation, TicketId ticket, String host) {
    }

    private static final class Host {
        final String name;
        /** The host's own connection pool; null for the in-memory desk. */
        final @Nullable HikariDataSource pool;
        final DeskStore store;
        final SupportDesk desk;
        final SlaEngine sla;
        final Surveys surveys;
        final Queue<Handout> mailbox;
        final BlockingQueue<Integer> redeliveries = new LinkedBlockingQueue<>();
        final AtomicInteger fired = new AtomicInteger();
        volatile boolean dead;

        Host(String name, @Nullable HikariDataSource pool, DeskStore store, SlaEngine.Builder sla,
             Surveys.Builder surveys, MutableClock clock, Queue<Handout> mailbox) {
            this.name = name;
            this.pool = pool;
            this.store = store;
            this.mailbox = mailbox;
            this.desk = SupportDesk.builder().clock(clock).store(store).synchronousDelivery(false).build();
            this.sla = sla.clock(clock).scheduler(Scheduler.none()).eventLog(store.eventLog()).owner(name)
                .leaseFor(Duration.ofMinutes(2)).warningLeads(WARNING_LEAD)
                .policies(List.of(SlaPolicy.builder("標準")
                    .target(SlaMetric.FIRST_REPLY_TIME, FIRST_REPLY, SlaPolicy.Hours.CALENDAR).build()))
                .build();
            this.surveys = surveys.clock(clock).keys(SurveyKeyRing.fromConfiguration(SURVEY_KEYS))
                .eventLog(store.eventLog())
                .policy(SurveyPolicy.builder().delay(Channel.LINE, Duration.ofMinutes(5)).build())
                .build();
            DeskBridge.attach(desk, this.sla, null);
            desk.subscribe(new DeskSurveys(this.surveys, TextAnalyzer.defaults(), Locale.JAPANESE));
        }

        /** What the host's worker does on each turn: deliver the log, fire due SLA rows, hand out due surveys. */
        void work() {
            desk.processEvents();
            fired.addAndGet(sla.fireDue());
            surveys.dispatchDue(inv -> mailbox.add(new Handout(inv.id(), inv.ticket(), name)));
        }

        Received receive(int i) {
            String name = Thread.currentThread().getName();
            RECEIVES.computeIfAbsent(name.substring(name.lastIndexOf('/') + 1), k -> new LongAdder()).increment();
            return desk.receive(desk.system(SHOP, "line-gateway"), message(i));
        }

        /** The agent's replies and solves of round {@code round} for the customers {@code mine} picks. */
        void act(int round, Map<Integer, TicketId> tickets, Predicate<Integer> mine) {
            Principal agent = Principal.agent(SHOP, SATO);
            for (int c = 0; c < CUSTOMERS; c++) {
                if (!mine.test(c)) {
                    continue;
                }
                if (replyRound(c) == round) {
                    desk.reply(agent, tickets.get(c), "お問い合わせありがとうございます。確認いたします。");
                }
                if (solveRounds(c).contains(round)) {
                    desk.changeStatus(agent, tickets.get(c), TicketStatus.SOLVED);
                }
            }
        }
    }

    /** Counts the events of each type it is handed (the in-memory run delivers each once). */
    private static final class Census implements EventSubscriber {
        final Map<String, Integer> byType = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "census";
        }

        @Override
        public void handle(EventEnvelope envelope) {
            byType.merge(envelope.event().type(), 1, Integer::sum);
        }
    }

    // ---- the run

    @Test
    void tenThousandMessagesOnTwoInstancesWithRedeliverySlaSurveysAndACrashCountEverythingOnce() throws Exception {
        long reference = System.nanoTime();
        Map<String, Integer> expectedTypes = inMemoryReference();
        System.out.printf("one in-memory desk: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reference));
        RECEIVES.clear();

        MutableClock clock = MutableClock.startingAt(T0);
        HikariDataSource first = TestDatabases.migratedPostgres();
        HikariDataSource second = TestDatabases.samePostgres(first);
        Queue<Handout> mailbox = new ConcurrentLinkedQueue<>();
        StatementCounter counter = new StatementCounter();
        Host a = postgresHost("instance-a", first, counter, clock, mailbox);
        Host b = postgresHost("instance-b", second, counter, clock, mailbox);
        long started = System.nanoTime();
        a.desk.saveAgent(Principal.admin(SHOP, AgentId.of("admin")), Agent.of(SHOP, SATO, "佐藤"));

        Map<Integer, TicketId> tickets = new ConcurrentHashMap<>();
        Set<Integer> split = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        List<Integer> unacknowledged = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            clock.set(T0.plus(STEP.multipliedBy(round)));
            unacknowledged.addAll(traffic(round, a, b, tickets, split, duplicates));
            passes(a, b);
            int r = round;
            if (a.dead) {
                runAll("agent", List.of(() -> b.act(r, tickets, c -> true)));
            } else {
                runAll("agent", List.of(() -> a.act(r, tickets, c -> c % 2 == 0),
                    () -> b.act(r, tickets, c -> c % 2 == 1)));
            }
            passes(a, b);
        }
        clock.set(T0.plus(STEP.multipliedBy(ROUNDS)).plus(Duration.ofHours(1)));
        passes(a, b);
        passes(a, b);
        // what each kind of work cost in round trips (read with the run time from the test's output)
        System.out.printf("two desks: %d s; receive calls %s; statements %s; commits %s%n",
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), RECEIVES, counter.statements(),
            counter.commits());

        // the crash hit A in the middle of its share; the provider gave what A did not acknowledge to B
        assertThat(a.dead).isTrue();
        assertThat(unacknowledged).isNotEmpty();
        assertThat(duplicates.get()).isPositive();

        // one ticket per customer, every message once, one customer per LINE user
        assertThat(split).as("customers whose messages went into two tickets").isEmpty();
        assertThat(tickets).hasSize(CUSTOMERS);
        assertThat(count(second, "SELECT COUNT(*) FROM madoguchi_ticket")).isEqualTo(CUSTOMERS);
        assertThat(count(second, "SELECT COUNT(*) FROM madoguchi_customer")).isEqualTo(CUSTOMERS);
        assertThat(count(second, "SELECT COUNT(*) FROM madoguchi_identity")).isEqualTo(CUSTOMERS);
        // each customer's messages plus one reply per ticket
        assertThat(count(second, "SELECT COUNT(*) FROM madoguchi_message")).isEqualTo(MESSAGES + CUSTOMERS);

        // the log: every event type as often as in the one-desk run, with the counts the schedule implies
        List<EventEnvelope> log = readAll(b.store);
        Map<String, Integer> types = new TreeMap<>();
        log.forEach(e -> types.merge(e.event().type(), 1, Integer::sum));
        assertThat(types).isEqualTo(expectedTypes);
        for (int k = 1; k < log.size(); k++) {
            assertThat(log.get(k).position()).isGreaterThan(log.get(k - 1).position());
        }
        assertThat(log).filteredOn(e -> e.event() instanceof TicketCreated).hasSize(CUSTOMERS);
        assertThat(log).filteredOn(e -> e.event() instanceof MessageAdded).hasSize(MESSAGES + CUSTOMERS);
        Set<TicketId> warnedTickets = ticketsOf(tickets, TwoDesksOnOnePostgresTest::warned);
        Set<TicketId> breachedTickets = ticketsOf(tickets, TwoDesksOnOnePostgresTest::breached);
        assertThat(log.stream().map(EventEnvelope::event).filter(SlaEvent.Warning.class::isInstance)
            .map(e -> ((SlaEvent.Warning) e).ticket()).toList())
            .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(warnedTickets);
        assertThat(log.stream().map(EventEnvelope::event).filter(SlaEvent.Breached.class::isInstance)
            .map(e -> ((SlaEvent.Breached) e).ticket()).toList())
            .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(breachedTickets);
        assertThat(a.fired.get() + b.fired.get()).isEqualTo(warnedTickets.size() + breachedTickets.size());

        // one survey per solved ticket, handed out once, whichever instance did it
        Set<TicketId> solved = ticketsOf(tickets, c -> !solveRounds(c).isEmpty());
        assertThat(mailbox).extracting(Handout::invitation).doesNotHaveDuplicates();
        assertThat(mailbox).extracting(Handout::ticket).containsExactlyInAnyOrderElementsOf(solved);
        assertThat(log).filteredOn(e -> e.event() instanceof SurveyInvitationScheduled).hasSize(solved.size());
        assertThat(log).filteredOn(e -> e.event() instanceof SurveyInvitationSent).hasSize(solved.size());
        SurveyStore surveyStore = new JdbcSurveyStore(second, clock);
        assertThat(surveyStore.count(SHOP, InvitationState.SENT)).isEqualTo(solved.size());
        assertThat(count(second, "SELECT COUNT(*) FROM madoguchi_survey_invitation")).isEqualTo(solved.size());

        // the subscribers have caught up on B, past A's lease, with nothing parked
        long head = b.store.eventLog().head();
        for (String subscriber : SUBSCRIBERS) {
            assertThat(b.store.checkpoints().checkpoint(subscriber)).as(subscriber).isEqualTo(head);
            assertThat(b.store.checkpoints().parked(subscriber)).as(subscriber).isEmpty();
        }
    }

    /** @return the count of each event type when the schedule runs once, without redelivery or crash, in memory */
    private static Map<String, Integer> inMemoryReference() {
        MutableClock clock = MutableClock.startingAt(T0);
        Host one = new Host("reference", null, DeskStore.inMemory(clock), SlaEngine.builder(), Surveys.builder(), clock,
            new ConcurrentLinkedQueue<>());
        Census census = new Census();
        one.desk.subscribe(census);
        one.desk.saveAgent(Principal.admin(SHOP, AgentId.of("admin")), Agent.of(SHOP, SATO, "佐藤"));
        Map<Integer, TicketId> tickets = new TreeMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            clock.set(T0.plus(STEP.multipliedBy(round)));
            for (int i = round * PER_ROUND; i < (round + 1) * PER_ROUND; i++) {
                tickets.put(customerOf(i), one.receive(i).ticket().id());
            }
            one.work();
            one.act(round, tickets, c -> true);
            one.work();
        }
        clock.set(T0.plus(STEP.multipliedBy(ROUNDS)).plus(Duration.ofHours(1)));
        one.work();
        one.work();
        assertThat(one.mailbox).hasSize((int) IntStream.range(0, CUSTOMERS)
            .filter(c -> !solveRounds(c).isEmpty()).count());
        return new TreeMap<>(census.byType);
    }

    private static Host postgresHost(String name, HikariDataSource pool, StatementCounter counter, MutableClock clock,
                                     Queue<Handout> mailbox) {
        DataSource counted = counter.wrap(pool);
        JdbcDeskStore store = new JdbcDeskStore(counted, clock, JdbcDeskStore.DEFAULT_CLAIM_RETENTION, 1_000_000);
        SlaStore slaStore = new JdbcSlaStore(counted);
        return new Host(name, pool, store, SlaEngine.builder().store(slaStore),
            Surveys.builder().store(new JdbcSurveyStore(counted, clock)), clock, mailbox);
    }

    /**
     * One round of inbound traffic: each live instance receives its customers' messages on {@link #THREADS}
     * threads, in order per customer; every third message is also delivered to the other instance by a thread there
     * (as soon as the first instance started on it); each instance's worker delivers, fires and dispatches meanwhile.
     * In {@link #CRASH_ROUND} instance A dies halfway through its share, and what it did not acknowledge goes to B.
     *
     * @return the messages A did not acknowledge before it died
     */
    private static List<Integer> traffic(int round, Host a, Host b, Map<Integer, TicketId> tickets, Set<Integer> split,
                                         AtomicInteger duplicates) throws Exception {
        boolean alone = a.dead;
        List<Host> live = alone ? List.of(b) : List.of(a, b);
        AtomicBoolean sent = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        Queue<List<Integer>> unacknowledged = new ConcurrentLinkedQueue<>();
        boolean crash = round == CRASH_ROUND;
        int aShare = (int) IntStream.range(round * PER_ROUND, (round + 1) * PER_ROUND)
            .filter(i -> customerOf(i) % 2 == 0).count();
        AtomicInteger takenByA = new AtomicInteger();
        CountDownLatch halfway = new CountDownLatch(1);
        List<Thread> origins = new ArrayList<>();
        List<Thread> others = new ArrayList<>();
        for (Host h : live) {
            Host other = alone ? b : (h == a ? b : a);
            for (int t = 0; t < THREADS; t++) {
                int slot = t;
                List<Integer> mine = IntStream.range(round * PER_ROUND, (round + 1) * PER_ROUND)
                    .filter(i -> home(customerOf(i), alone) == (h == a ? 0 : 1) && slotOf(customerOf(i), alone) == slot)
                    .boxed().toList();
                origins.add(new Thread(() -> {
                    for (int n = 0; n < mine.size(); n++) {
                        int i = mine.get(n);
                        if (i % 3 == 0) {
                            other.redeliveries.add(i);
                        }
                        try {
                            record(h.receive(i), i, tickets, split, duplicates);
                        } catch (RuntimeException e) {
                            if (!h.dead) {
                                throw e;
                            }
                            unacknowledged.add(mine.subList(n, mine.size()));
                            return;
                        }
                        if (crash && h == a && takenByA.incrementAndGet() == aShare / 2) {
                            halfway.countDown();
                        }
                    }
                }, h.name + "-" + t + "/receive"));
            }
            others.add(new Thread(() -> {
                while (!h.dead) {
                    Integer i;
                    try {
                        i = h.redeliveries.poll(20, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (i == null) {
                        if (sent.get()) {
                            return;
                        }
                        continue;
                    }
                    try {
                        record(h.receive(i), i, tickets, split, duplicates);
                    } catch (RuntimeException e) {
                        if (!h.dead) {
                            throw e;
                        }
                    }
                }
            }, h.name + "/redeliver"));
            others.add(new Thread(() -> {
                while (!done.get() && !h.dead) {
                    try {
                        h.work();
                    } catch (RuntimeException e) {
                        if (!h.dead) {
                            throw e;
                        }
                        return;
                    }
                    pause();
                }
            }, h.name + "/worker"));
        }
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (Thread t : origins) {
            t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
            t.start();
        }
        for (Thread t : others) {
            t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
            t.start();
        }
        if (crash) {
            assertThat(halfway.await(10, TimeUnit.MINUTES)).as("A got halfway through its share").isTrue();
            // A dies: its threads stop after what they are doing, its connections are aborted mid-statement
            a.dead = true;
            Objects.requireNonNull(a.pool, "pool").close();
        }
        for (Thread t : origins) {
            t.join();
        }
        sent.set(true);
        List<Integer> toB = unacknowledged.stream().flatMap(List::stream).sorted().toList();
        if (!toB.isEmpty()) {
            // the provider delivers again to B what A never acknowledged, in order per customer
            List<Runnable> takeOver = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int slot = t;
                takeOver.add(() -> toB.stream().filter(i -> customerOf(i) % THREADS == slot)
                    .forEach(i -> record(b.receive(i), i, tickets, split, duplicates)));
            }
            runAll("takeover", takeOver);
        }
        for (Thread t : others) {
            if (t.getName().endsWith("/redeliver")) {
                t.join();
            }
        }
        done.set(true);
        for (Thread t : others) {
            t.join();
        }
        assertThat(failures).isEmpty();
        return toB;
    }

    /** @return 0 for A, 1 for B: the instance a customer's messages go to first */
    private static int home(int c, boolean alone) {
        return alone ? 1 : c % 2;
    }

    private static int slotOf(int c, boolean alone) {
        return alone ? c % THREADS : (c / 2) % THREADS;
    }

    private static void record(Received r, int i, Map<Integer, TicketId> tickets, Set<Integer> split,
                               AtomicInteger duplicates) {
        int c = customerOf(i);
        TicketId before = tickets.putIfAbsent(c, r.ticket().id());
        if (before != null && !before.equals(r.ticket().id())) {
            split.add(c);
        }
        if (r.outcome() == Received.Outcome.DUPLICATE) {
            duplicates.incrementAndGet();
        }
    }

    /**
     * The end of a round: both workers at once, then each once more, so that everything due at this instant has
     * fired and every committed event has reached the subscribers (unless a dead instance's lease still holds).
     */
    private static void passes(Host a, Host b) throws Exception {
        if (a.dead) {
            runAll("pass", List.of(b::work));
            return;
        }
        runAll("pass", List.of(a::work, b::work));
        a.work();
        b.work();
    }

    private static void runAll(String role, List<Runnable> tasks) throws Exception {
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (Runnable task : tasks) {
            Thread t = new Thread(task, "task-" + threads.size() + "/" + role);
            t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
    }

    /** A worker's pause between turns: a host polls its log and due rows on a short period. */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<TicketId> ticketsOf(Map<Integer, TicketId> tickets, Predicate<Integer> which) {
        return tickets.entrySet().stream().filter(e -> which.test(e.getKey())).map(Map.Entry::getValue)
            .collect(Collectors.toSet());
    }

    private static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<EventEnvelope> readAll(DeskStore store) {
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
