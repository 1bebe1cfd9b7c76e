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
import io.madoguchi.core.feedback.Invitation;
import io.madoguchi.core.feedback.InvitationState;
import io.madoguchi.core.feedback.StoredInvitation;
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
import io.madoguchi.core.sla.internal.DefaultSlaEngine;
import io.madoguchi.core.sla.store.SlaStore;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.MutableClock;
import io.madoguchi.core.time.Scheduler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
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
 * leases; tickets solved and their surveys handed out by both instances; and instance A stopped abruptly halfway,
 * in the round where SLA warnings fall due and surveys are handed out (its pool aborts its connections
 * mid-statement, its threads die where they are, its objects are dropped): its receive threads are halfway through
 * their share, its SLA worker has committed a warning without recording it in the ticket's state and holds leases
 * on rows it has not fired, its survey worker has marked an invitation SENT and not handed it to the transport. Its
 * leases run out, the provider delivers what A did not acknowledge to B, and B finishes alone. Each instance
 * receives on a few threads and delivers the log to its subscribers, fires SLA rows and dispatches surveys on a
 * worker thread per duty.
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
    private static final int LATE_ROUND = 3;
    /**
     * The round in whose traffic instance A dies, halfway through the 10,000 messages, while the late customers'
     * SLA warnings fall due and the surveys of the tickets solved in the round before are handed out.
     */
    private static final int CRASH_ROUND = 5;
    /** A's SLA firing (counted from the start of {@link #CRASH_ROUND}) committed just before A dies. */
    private static final int FIRINGS_BEFORE_CRASH = 40;
    /** A's survey handout (counted from the start of {@link #CRASH_ROUND}) during which A dies. */
    private static final int HANDOUTS_BEFORE_CRASH = 20;
    /** How long an SLA engine holds the due rows it leased; longer than a subscriber lease (60 s). */
    private static final Duration LEASE = Duration.ofMinutes(2);
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
    /** The claim scope of SLA firings: one claim per warning or breach recorded. */
    private static final String SLA_CLAIMS = DefaultSlaEngine.CLAIM_SCOPE;

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
            return List.of(CRASH_ROUND - 1, 9);
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

    /**
     * Ends a thread of a killed instance where the process stopped: nothing after that point runs, no catch block
     * of the library's (they catch exceptions, not errors) undoes what was committed before.
     */
    private static final class Killed extends Error {
        private static final long serialVersionUID = 1L;

        Killed() {
            super("the instance was killed here", null, false, false);
        }
    }

    /**
     * Where instance A dies in {@link #CRASH_ROUND}: its SLA worker has just committed a firing (the warning and its
     * claim are in the log) and not yet recorded it in the ticket's SLA state, with more due rows leased and not
     * fired; its survey worker has just marked an invitation SENT (with its event) and is handing it to the
     * transport; its receive threads are halfway through their share. Each worker parks at its point until the
     * test has closed A's pool, then dies there.
     */
    private static final class Crash {
        volatile boolean armed;
        final AtomicInteger firings = new AtomicInteger();
        final AtomicInteger handouts = new AtomicInteger();
        final CountDownLatch halfway = new CountDownLatch(1);
        final CountDownLatch firing = new CountDownLatch(1);
        final CountDownLatch handingOut = new CountDownLatch(1);
        final CountDownLatch killed = new CountDownLatch(1);
        /** The warning A committed and did not record in the ticket's state. */
        volatile @Nullable SlaEvent unrecorded;
        /** The invitation A marked SENT and never handed to the transport. */
        volatile @Nullable Invitation undelivered;

        /** Parks the calling thread of A until A has been killed, then ends it. */
        void dieHere(CountDownLatch reached) {
            reached.countDown();
            try {
                killed.await(3, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new Killed();
        }

        /** Makes a thread of B wait until A has been killed (B's SLA and survey workers, in the crash round). */
        boolean awaitKill() {
            try {
                return killed.await(3, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * @return the event log as an instance's SLA engine sees it: counts the firings the instance committed (appends
     *     of a warning or breach with its claim that returned), and with a {@code crash} dies in the crash round
     *     right after the {@link #FIRINGS_BEFORE_CRASH}th
     */
    private static EventLog firingLog(EventLog log, AtomicInteger committed, @Nullable Crash crash) {
        return (EventLog) Proxy.newProxyInstance(EventLog.class.getClassLoader(), new Class<?>[] {EventLog.class},
            (proxy, method, args) -> {
                Object result;
                try {
                    result = method.invoke(log, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                if (method.getName().equals("append") && ((Map<?, ?>) args[1]).keySet().stream()
                    .anyMatch(k -> ((IdempotencyKey) k).scope().equals(SLA_CLAIMS))) {
                    committed.incrementAndGet();
                    if (crash != null && crash.armed && crash.firings.incrementAndGet() == FIRINGS_BEFORE_CRASH) {
                        crash.unrecorded = (SlaEvent) ((List<?>) args[0]).get(0);
                        crash.dieHere(crash.firing);
                    }
                }
                return result;
            });
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
        /** What {@code fireDue()} returned on this instance, summed (a call that dies returns nothing). */
        final AtomicInteger fired = new AtomicInteger();
        /** The firings this instance committed, counted as they return from the log. */
        final AtomicInteger committedFirings = new AtomicInteger();
        /** Where this instance dies; null for an instance that does not. */
        final @Nullable Crash crash;
        volatile boolean dead;

        Host(String name, @Nullable HikariDataSource pool, DeskStore store, SlaEngine.Builder sla,
             Surveys.Builder surveys, MutableClock clock, Queue<Handout> mailbox, @Nullable Crash crash) {
            this.name = name;
            this.pool = pool;
            this.store = store;
            this.mailbox = mailbox;
            this.crash = crash;
            this.desk = SupportDesk.builder().clock(clock).store(store).synchronousDelivery(false).build();
            this.sla = sla.clock(clock).scheduler(Scheduler.none())
                .eventLog(firingLog(store.eventLog(), committedFirings, crash)).owner(name)
                .leaseFor(LEASE).warningLeads(WARNING_LEAD)
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
            fire();
            dispatch();
        }

        void fire() {
            fired.addAndGet(sla.fireDue());
        }

        void dispatch() {
            surveys.dispatchDue(inv -> {
                Crash c = crash;
                if (c != null && c.armed && c.handouts.incrementAndGet() == HANDOUTS_BEFORE_CRASH) {
                    c.undelivered = inv;
                    c.dieHere(c.handingOut);
                }
                mailbox.add(new Handout(inv.id(), inv.ticket(), name));
            });
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
        Crash crash = new Crash();
        Host a = postgresHost("instance-a", first, counter, clock, mailbox, crash);
        Host b = postgresHost("instance-b", second, counter, clock, mailbox, null);
        long started = System.nanoTime();
        a.desk.saveAgent(Principal.admin(SHOP, AgentId.of("admin")), Agent.of(SHOP, SATO, "佐藤"));

        Map<Integer, TicketId> tickets = new ConcurrentHashMap<>();
        Set<Integer> split = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        List<Integer> unacknowledged = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            clock.set(T0.plus(STEP.multipliedBy(round)));
            unacknowledged.addAll(traffic(round, a, b, clock, tickets, split, duplicates));
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

        // the crash hit A in the middle of its share, of its SLA firing and of its survey handouts; the provider gave
        // what A did not acknowledge to B
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
        // each firing committed once, by one instance: A's committed firings (its last fireDue() died with one
        // committed and not yet recorded in the ticket's state, and rows leased and not fired) and B's
        int firings = warnedTickets.size() + breachedTickets.size();
        assertThat(count(second, "SELECT COUNT(*) FROM madoguchi_claim WHERE scope = '" + SLA_CLAIMS + "'"))
            .isEqualTo(firings);
        assertThat(a.committedFirings.get() + b.committedFirings.get()).isEqualTo(firings);
        assertThat(b.fired.get()).isEqualTo(b.committedFirings.get());
        assertThat(a.fired.get()).isEqualTo(a.committedFirings.get() - FIRINGS_BEFORE_CRASH);
        SlaEvent unrecorded = Objects.requireNonNull(crash.unrecorded, "the firing A died after");
        assertThat(unrecorded).isInstanceOf(SlaEvent.Warning.class);
        assertThat(log).extracting(EventEnvelope::event).filteredOn(e -> e instanceof SlaEvent.Warning w
            && w.ticket().equals(unrecorded.ticket())).hasSize(1);
        // nothing is left due: every cycle was answered, and no row waits for a lease that nobody takes
        assertThat(count(second, "SELECT COUNT(*) FROM madoguchi_sla_due")).isZero();

        // one survey per solved ticket, sent once, whichever instance did it; the one A was handing to its transport
        // when it died stays SENT with its event and reaches nobody (dispatchDue delivers at most once: it marks an
        // invitation SENT before delivery, and a process that dies during the delivery leaves it SENT)
        Set<TicketId> solved = ticketsOf(tickets, c -> !solveRounds(c).isEmpty());
        Invitation undelivered = Objects.requireNonNull(crash.undelivered, "the invitation A died handing out");
        assertThat(solved).contains(undelivered.ticket());
        assertThat(mailbox).extracting(Handout::invitation).doesNotHaveDuplicates().doesNotContain(undelivered.id());
        assertThat(mailbox).extracting(Handout::ticket).containsExactlyInAnyOrderElementsOf(solved.stream()
            .filter(t -> !t.equals(undelivered.ticket())).toList());
        assertThat(mailbox).filteredOn(h -> h.host().equals(a.name)).hasSize(HANDOUTS_BEFORE_CRASH - 1);
        assertThat(log).filteredOn(e -> e.event() instanceof SurveyInvitationScheduled).hasSize(solved.size());
        List<String> sentEvents = log.stream().map(EventEnvelope::event).filter(SurveyInvitationSent.class::isInstance)
            .map(e -> ((SurveyInvitationSent) e).invitationId()).toList();
        List<String> sentIds = new ArrayList<>(mailbox.stream().map(Handout::invitation).toList());
        sentIds.add(undelivered.id());
        assertThat(sentEvents).containsExactlyInAnyOrderElementsOf(sentIds);
        SurveyStore surveyStore = new JdbcSurveyStore(second, clock);
        assertThat(surveyStore.count(SHOP, InvitationState.SENT)).isEqualTo(solved.size());
        assertThat(surveyStore.invitation(SHOP, undelivered.id())).get().extracting(StoredInvitation::state)
            .isEqualTo(InvitationState.SENT);
        assertThat(count(second, "SELECT COUNT(*) FROM madoguchi_survey_invitation")).isEqualTo(solved.size());
        assertThat(count(second, "SELECT COUNT(*) FROM madoguchi_claim WHERE scope = 'feedback:sent'"))
            .isEqualTo(solved.size());

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
            new ConcurrentLinkedQueue<>(), null);
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
                                     Queue<Handout> mailbox, @Nullable Crash crash) {
        DataSource counted = counter.wrap(pool);
        JdbcDeskStore store = new JdbcDeskStore(counted, clock, JdbcDeskStore.DEFAULT_CLAIM_RETENTION, 1_000_000);
        SlaStore slaStore = new JdbcSlaStore(counted);
        return new Host(name, pool, store, SlaEngine.builder().store(slaStore),
            Surveys.builder().store(new JdbcSurveyStore(counted, clock)), clock, mailbox, crash);
    }

    /**
     * One round of inbound traffic: each live instance receives its customers' messages on {@link #THREADS}
     * threads, in order per customer; every third message is also delivered to the other instance by a thread there
     * (as soon as the first instance started on it); each instance meanwhile delivers its log, fires SLA rows and
     * hands out surveys on a worker thread per duty (as a host's delivery, SLA scheduler and survey scheduler run).
     * In {@link #CRASH_ROUND} instance A dies at the points {@link Crash} names, B's SLA and survey workers starting
     * only then (so that A has work in flight to die in); while A is dead its leases run out (the clock moves on by
     * {@link #LEASE}), and what it did not acknowledge goes to B.
     *
     * @return the messages A did not acknowledge before it died
     */
    private static List<Integer> traffic(int round, Host a, Host b, MutableClock clock, Map<Integer, TicketId> tickets,
                                         Set<Integer> split, AtomicInteger duplicates) throws Exception {
        boolean alone = a.dead;
        List<Host> live = alone ? List.of(b) : List.of(a, b);
        AtomicBoolean sent = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        Queue<List<Integer>> unacknowledged = new ConcurrentLinkedQueue<>();
        Crash crash = Objects.requireNonNull(a.crash, "crash");
        boolean crashing = round == CRASH_ROUND;
        crash.armed = crashing;
        int aShare = (int) IntStream.range(round * PER_ROUND, (round + 1) * PER_ROUND)
            .filter(i -> customerOf(i) % 2 == 0).count();
        AtomicInteger takenByA = new AtomicInteger();
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
                        if (crashing && h == a && takenByA.incrementAndGet() == aShare / 2) {
                            crash.halfway.countDown();
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
            // B's SLA and survey workers start only once A is dead in the crash round, so that A has work in flight
            @Nullable Crash waitFor = crashing && h == b ? crash : null;
            others.add(worker(h, "deliver", done, null, h.desk::processEvents));
            others.add(worker(h, "sla", done, waitFor, h::fire));
            others.add(worker(h, "surveys", done, waitFor, h::dispatch));
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
        if (crashing) {
            awaitCrashPoint(crash.firing, "A committed a firing", failures);
            awaitCrashPoint(crash.handingOut, "A is handing out a survey", failures);
            awaitCrashPoint(crash.halfway, "A got halfway through its share", failures);
            // A dies: its connections are aborted mid-statement, its threads stop where they are; while it is dead,
            // its leases on SLA rows and subscribers run out
            a.dead = true;
            Objects.requireNonNull(a.pool, "pool").close();
            clock.set(clock.instant().plus(LEASE));
            crash.killed.countDown();
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
        crash.armed = false;
        assertThat(failures).isEmpty();
        return toB;
    }

    /** Waits until A has reached a point where it dies, failing with the threads' stacks if it does not. */
    private static void awaitCrashPoint(CountDownLatch reached, String point, Queue<Throwable> failures)
        throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!reached.await(100, TimeUnit.MILLISECONDS)) {
            assertThat(failures).as("failures while waiting until " + point).isEmpty();
            if (System.nanoTime() > deadline) {
                StringBuilder stacks = new StringBuilder();
                Thread.getAllStackTraces().forEach((t, frames) -> {
                    stacks.append(t.getName()).append('\n');
                    for (StackTraceElement f : frames) {
                        stacks.append("    ").append(f).append('\n');
                    }
                });
                throw new AssertionError("not reached: " + point + "\n" + stacks);
            }
        }
    }

    /**
     * @return a thread of {@code host} doing one duty in turns until the round's traffic is done or the host died;
     *     with a {@code crash} to wait for, it starts once instance A has been killed there
     */
    private static Thread worker(Host host, String duty, AtomicBoolean done, @Nullable Crash waitFor, Runnable turn) {
        return new Thread(() -> {
            if (waitFor != null && !waitFor.awaitKill()) {
                return;
            }
            while (!done.get() && !host.dead) {
                try {
                    turn.run();
                } catch (RuntimeException | Killed e) {
                    if (!host.dead) {
                        throw e;
                    }
                    return;
                }
                pause();
            }
        }, host.name + "/" + duty);
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
