package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.Channel;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.integration.DeskBridge;
import io.madoguchi.core.sla.SlaCycle;
import io.madoguchi.core.sla.SlaEngine;
import io.madoguchi.core.sla.SlaEvent;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.sla.SlaPolicy;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.time.MutableClock;
import io.madoguchi.core.time.Scheduler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A separate JVM streams accepted messages into a desk (on PostgreSQL, and on an H2 file) with an SLA engine whose
 * first-reply target is a few seconds, firing what falls due after each message, and is killed with SIGKILL
 * mid-stream while breaches are falling due. After a restart every message it reported as accepted is there exactly
 * once, the subscriber resumes from its checkpoint (each ticket gets its acknowledgement once, none twice), every
 * ticket's SLA clock is there and right, and each warning and breach is recorded once in all: the ones the killed
 * JVM recorded are not recorded again, the due rows it had leased are taken over after the lease, the rest fire
 * after the restart.
 */
@ExtendWith(TestDatabases.ClosePools.class)
class KilledJvmTest {

    static final TenantId SHOP = TenantId.of("梅田店");

    /** Adds one internal note to each new ticket: an effect that must happen once, across the kill. */
    static final class Acknowledger implements EventSubscriber {
        private final SupportDesk desk;
        private final TenantId tenant;

        Acknowledger(SupportDesk desk) {
            this(desk, SHOP);
        }

        Acknowledger(SupportDesk desk, TenantId tenant) {
            this.desk = desk;
            this.tenant = tenant;
        }

        @Override
        public String name() {
            return "acknowledge";
        }

        @Override
        public void handle(EventEnvelope e) {
            if (e.event() instanceof TicketCreated tc) {
                desk.addNote(desk.system(tenant, "ack"), tc.ticketId(), "受付しました（自動）");
            }
        }
    }

    static final Duration TARGET = Duration.ofMillis(1_500);
    static final Duration LEAD = Duration.ofMillis(500);
    static final int CUSTOMERS = 1_000;
    /** The killed JVM's clock starts here and moves {@link #STEP} per message, so SLA timing does not hang on load. */
    static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
    static final Duration STEP = Duration.ofMillis(10);

    static InboundMessage message(int i) {
        int c = i % CUSTOMERS;
        return new InboundMessage(Channel.LINE, ChannelIdentity.line("U" + c), "顧客 " + c,
            "メッセージ " + i + "：至急確認してください", List.of(), "line-event-" + i, null,
            "確認のお願い", "ja");
    }

    /** The SLA engine of one life of the desk: first reply within {@link #TARGET}, warned {@link #LEAD} before. */
    static SlaEngine sla(SupportDesk desk, JdbcDeskStore store, DataSource ds, Clock clock, String owner) {
        SlaEngine sla = SlaEngine.builder().clock(clock).scheduler(Scheduler.none()).eventLog(store.eventLog())
            .store(new JdbcSlaStore(ds)).owner(owner).warningLeads(LEAD)
            .policies(List.of(SlaPolicy.builder("至急").target(SlaMetric.FIRST_REPLY_TIME, TARGET,
                SlaPolicy.Hours.CALENDAR).build()))
            .build();
        DeskBridge.attach(desk, sla, null);
        return sla;
    }

    /**
     * The child JVM: receives messages 0, 1, 2, … until it is killed, printing "accepted N" after each receive
     * returned (the provider was answered 200), and after it fires what is due, "fired N" when it recorded N
     * warnings and breaches.
     *
     * @param args the JDBC URL and the user name
     */
    public static void main(String[] args) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(args[1]);
        config.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            MutableClock clock = MutableClock.startingAt(T0);
            JdbcDeskStore store = new JdbcDeskStore(ds, clock);
            SupportDesk desk = SupportDesk.builder().store(store).clock(clock).build();
            desk.subscribe(new Acknowledger(desk));
            SlaEngine sla = sla(desk, store, ds, clock, "killed-jvm");
            for (int i = 0; ; i++) {
                clock.advance(STEP);
                desk.receive(desk.system(SHOP, "line-gateway"), message(i));
                System.out.println("accepted " + i);
                int fired = sla.fireDue();
                if (fired > 0) {
                    System.out.println("fired " + fired);
                }
                System.out.flush();
            }
        }
    }

    @Test
    void onPostgresEveryAcceptedMessageAndSlaFiringSurvivesAKillOnceAndTheSubscriberDoesNotRedoWork()
        throws Exception {
        HikariDataSource ds = TestDatabases.migratedPostgres();
        killAndRestart(ds.getJdbcUrl(), "postgres", () -> ds);
    }

    @Test
    void onAnH2FileEveryAcceptedMessageAndSlaFiringSurvivesAKillOnceAndTheSubscriberDoesNotRedoWork(
        @TempDir Path folder) throws Exception {
        // WRITE_DELAY=0: H2 writes a commit to the file before it returns, so a killed process loses no accepted
        // message (with the default delay the last commits before a kill are lost)
        String url = "jdbc:h2:file:" + folder.resolve("madoguchi").toAbsolutePath() + ";DB_CLOSE_DELAY=0"
            + ";WRITE_DELAY=0";
        try (HikariDataSource setup = pool(url, "sa")) {
            JdbcSchema.migrate(setup);
        }
        // the database file is closed with the setup pool; the child opens it, and after the kill the test does
        List<HikariDataSource> opened = new ArrayList<>();
        try {
            killAndRestart(url, "sa", () -> {
                HikariDataSource ds = pool(url, "sa");
                opened.add(ds);
                return ds;
            });
        } finally {
            opened.forEach(HikariDataSource::close);
        }
    }

    private static HikariDataSource pool(String url, String user) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    private static void killAndRestart(String url, String user, Supplier<DataSource> afterKill) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", KilledJvmTest.class.getName(), url, user)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int accepted = -1;
        int firedBeforeKill = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("accepted ")) {
                    accepted = Integer.parseInt(line.substring("accepted ".length()));
                } else if (line.startsWith("fired ")) {
                    firedBeforeKill += Integer.parseInt(line.substring("fired ".length()));
                }
                // kill while tickets are still being opened and their warnings and breaches falling due
                if (accepted >= 300 && firedBeforeKill > 0) {
                    child.destroyForcibly();   // SIGKILL: no shutdown hook, no rollback by the JVM
                    break;
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(accepted).isGreaterThanOrEqualTo(300);
        assertThat(firedBeforeKill).isPositive();

        // restart: a new desk on the same database
        DataSource ds = afterKill.get();
        // an hour after the kill by the killed JVM's clock: its leases, on subscribers and on SLA due rows, ran out
        Clock later = Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        JdbcDeskStore store = new JdbcDeskStore(ds, later);
        SupportDesk desk = SupportDesk.builder().store(store).clock(later).build();
        // every message the killed JVM reported accepted is there, once (its provider id is claimed)
        for (int i = 0; i <= accepted; i++) {
            assertThat(store.eventLog().claimed(new IdempotencyKey(SHOP, "inbound:" + Channel.LINE.name(),
                "line-event-" + i))).as("message %d", i).isPresent();
        }
        List<String> bodies = new ArrayList<>();
        List<Ticket> tickets = new ArrayList<>();
        TicketQuery q = TicketQuery.builder().limit(TicketQuery.MAX_LIMIT).build();
        while (true) {
            TicketPage page = store.query(SHOP, q, true);
            tickets.addAll(page.tickets());
            if (page.nextCursor().isEmpty()) {
                break;
            }
            q = q.after(page.nextCursor());
        }
        for (Ticket t : tickets) {
            store.messages(t.id()).stream().filter(m -> !m.isInternal()).map(Message::body).forEach(bodies::add);
        }
        Set<String> unique = new HashSet<>(bodies);
        assertThat(unique).hasSameSizeAs(bodies);
        for (int i = 0; i <= accepted; i++) {
            assertThat(unique).contains(message(i).text());
        }
        // a redelivery of an accepted message after the restart is a duplicate, not a second message
        assertThat(desk.receive(desk.system(SHOP, "line-gateway"), message(accepted)).outcome())
            .isEqualTo(io.madoguchi.core.inbound.Received.Outcome.DUPLICATE);
        List<SlaEvent> firedByTheKilledJvm = slaEvents(store);
        assertThat(firedByTheKilledJvm).filteredOn(SlaEvent.Breached.class::isInstance).isNotEmpty();

        // the subscribers resume from their checkpoints (the killed JVM's leases, on subscribers and on SLA due
        // rows, expire first): each ticket has its acknowledgement exactly once, and the SLA engine catches up with
        // the tickets the killed JVM opened and fires what fell due since
        long before = store.checkpoints().checkpoint("acknowledge");
        assertThat(before).isLessThanOrEqualTo(store.eventLog().head());
        JdbcDeskStore resumedStore = new JdbcDeskStore(ds, later);
        SupportDesk resumed = SupportDesk.builder().store(resumedStore).clock(later).build();
        resumed.subscribe(new Acknowledger(resumed));
        SlaEngine sla = sla(resumed, resumedStore, ds, later, "restarted");
        resumed.processEvents();
        sla.fireDue();
        resumed.processEvents();
        for (Ticket t : tickets) {
            assertThat(store.messages(t.id())).filteredOn(Message::isInternal).extracting(Message::body)
                .as(t.id().value()).containsExactly("受付しました（自動）");
        }
        assertThat(store.checkpoints().checkpoint("acknowledge")).isEqualTo(store.eventLog().head());

        // every ticket's first-reply clock is there and right, and its breach is recorded exactly once in all; a
        // warning at most once (one falling due while the JVM was dead is passed over by its breach); what the
        // killed JVM recorded is there unchanged
        List<SlaEvent> all = slaEvents(store);
        assertThat(all).containsAll(firedByTheKilledJvm);
        Map<String, Long> breaches = all.stream().filter(SlaEvent.Breached.class::isInstance)
            .collect(Collectors.groupingBy(e -> e.ticket().value(), Collectors.counting()));
        Map<String, Long> warnings = all.stream().filter(SlaEvent.Warning.class::isInstance)
            .collect(Collectors.groupingBy(e -> e.ticket().value(), Collectors.counting()));
        assertThat(warnings).isNotEmpty();
        assertThat(warnings.values()).allMatch(n -> n == 1);
        for (Ticket t : tickets) {
            assertThat(breaches.get(t.id().value())).as(t.id().value()).isEqualTo(1L);
            List<SlaCycle> cycles = sla.cycles(SHOP, t.id());
            assertThat(cycles).as(t.id().value()).hasSize(1);
            assertThat(cycles.get(0).metric()).isEqualTo(SlaMetric.FIRST_REPLY_TIME);
            assertThat(cycles.get(0).dueAt()).isEqualTo(t.createdAt().truncatedTo(ChronoUnit.MILLIS).plus(TARGET));
            assertThat(cycles.get(0).breached()).isTrue();
        }
        assertThat(breaches).hasSameSizeAs(tickets);
        assertThat(sla.fireDue()).isZero();
    }

    private static List<SlaEvent> slaEvents(JdbcDeskStore store) {
        List<SlaEvent> out = new ArrayList<>();
        long after = 0;
        while (true) {
            List<EventEnvelope> page = store.eventLog().read(after, 1_000);
            if (page.isEmpty()) {
                return out;
            }
            for (EventEnvelope e : page) {
                if (e.event() instanceof SlaEvent.Breached || e.event() instanceof SlaEvent.Warning) {
                    out.add((SlaEvent) e.event());
                }
            }
            after = page.get(page.size() - 1).position();
        }
    }
}
