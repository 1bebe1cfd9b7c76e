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
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A separate JVM streams accepted messages into a desk on PostgreSQL and is killed with SIGKILL mid-stream. After a
 * restart every message it reported as accepted is there exactly once, and the subscriber resumes from its
 * checkpoint: each ticket gets its acknowledgement once, none twice.
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

    static InboundMessage message(int i) {
        int c = i % 50;
        return new InboundMessage(Channel.LINE, ChannelIdentity.line("U" + c), "顧客 " + c,
            "メッセージ " + i + "：至急確認してください", List.of(), "line-event-" + i, null, "確認のお願い", "ja");
    }

    /**
     * The child JVM: receives messages 0, 1, 2, … until it is killed, printing "accepted N" after each receive
     * returned (the provider was answered 200).
     *
     * @param args the JDBC URL
     */
    public static void main(String[] args) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername("postgres");
        config.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            SupportDesk desk = SupportDesk.builder().store(new JdbcDeskStore(ds, Clock.systemUTC())).build();
            desk.subscribe(new Acknowledger(desk));
            for (int i = 0; ; i++) {
                desk.receive(desk.system(SHOP, "line-gateway"), message(i));
                System.out.println("accepted " + i);
                System.out.flush();
            }
        }
    }

    @Test
    void everyAcceptedMessageSurvivesAKillAndTheSubscriberResumesWithoutRedoingWork() throws Exception {
        HikariDataSource ds = TestDatabases.migratedPostgres();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", KilledJvmTest.class.getName(), ds.getJdbcUrl())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int accepted = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("accepted ")) {
                    accepted = Integer.parseInt(line.substring("accepted ".length()));
                    if (accepted >= 300) {
                        child.destroyForcibly();   // SIGKILL: no shutdown hook, no rollback by the JVM
                        break;
                    }
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(accepted).isGreaterThanOrEqualTo(300);

        // restart: a new desk on the same database
        JdbcDeskStore store = new JdbcDeskStore(ds, Clock.systemUTC());
        SupportDesk desk = SupportDesk.builder().store(store).build();
        // every message the killed JVM reported accepted is there, once (its provider id is claimed)
        for (int i = 0; i <= accepted; i++) {
            assertThat(store.eventLog().claimed(new IdempotencyKey(SHOP, "inbound:" + Channel.LINE.name(), "line-event-" + i)))
                .as("message %d", i).isPresent();
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

        // the subscriber resumes from its checkpoint (the killed JVM's lease expires first): each ticket has its
        // acknowledgement exactly once
        long before = store.checkpoints().checkpoint("acknowledge");
        assertThat(before).isLessThanOrEqualTo(store.eventLog().head());
        SupportDesk resumed = SupportDesk.builder().store(new JdbcDeskStore(ds,
            Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5)))).build();
        resumed.subscribe(new Acknowledger(resumed));
        resumed.processEvents();
        for (Ticket t : tickets) {
            assertThat(store.messages(t.id())).filteredOn(Message::isInternal).extracting(Message::body)
                .as(t.id().value()).containsExactly("受付しました（自動）");
        }
        assertThat(store.checkpoints().checkpoint("acknowledge")).isEqualTo(store.eventLog().head());
    }
}
