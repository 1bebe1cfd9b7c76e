package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.CustomerCreated;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.store.ChangeSet;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.TicketWrite;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.Visibility;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The prune that runs after every {@value JdbcEventLog#PRUNE_EVERY} positions runs after the commit: when it fails,
 * the change set that made it due is still committed and its caller is told so, not handed the prune's failure (a
 * caller told "failed" would write it again).
 */
class JdbcPruneFailureTest {

    private static final TenantId TENANT = TenantId.of("函館窓口");
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00.123456Z");
    private static final Principal ACTOR = Principal.system(TENANT, "prune-test");

    /** Refuses the prune's first statement while armed, as a database that times it out would. */
    private final AtomicBoolean pruneFails = new AtomicBoolean(true);
    private final JdbcDeskStore store = new JdbcDeskStore(failingPrune(), Clock.systemUTC(), Duration.ofDays(7), 10);

    private DataSource failingPrune() {
        DataSource real = TestDatabases.h2();
        JdbcSchema.migrate(real);
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
                Object result = TestDatabases.invoke(method, real, args);
                if (!method.getName().equals("getConnection")) {
                    return result;
                }
                Connection c = (Connection) result;
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (p, m, a) -> {
                        if (m.getName().equals("prepareStatement") && a[0].toString().startsWith("DELETE FROM "
                            + "madoguchi_claim") && pruneFails.get()) {
                            throw new SQLException("canceling statement due to statement timeout", "57014");
                        }
                        return TestDatabases.invoke(m, c, a);
                    });
            });
    }

    private static List<SupportEvent> events(int n) {
        List<SupportEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new CustomerCreated(TENANT, ACTOR, T0, CustomerId.of("C" + i), List.of()));
        }
        return out;
    }

    private static ChangeSet opened(String id, String claim) {
        Ticket t = Ticket.builder(TicketId.of(id), TENANT, CustomerId.of("C1"), Channel.LINE, T0).number(1)
            .subject("粗大ごみの出し方").messageCount(1).build();
        Message m = new Message(t.id(), 1, Visibility.PUBLIC, AuthorKind.CUSTOMER, "C1", "冷蔵庫を捨てたいです", List.of(),
            T0);
        return new ChangeSet(List.of(new TicketWrite(t, List.of(m), new AuditEntry(1, T0, ACTOR, "created", List.of(),
            false))), List.of(), List.of(new TicketCreated(t, ACTOR, T0, m, null)),
            Map.of(new IdempotencyKey(TENANT, "inbound:line", claim), id));
    }

    @Test
    void aCommitThatMakesAFailingPruneDueIsStillReportedCommitted() {
        // one position short of the prune
        store.eventLog().append(events(JdbcEventLog.PRUNE_EVERY - 1), Map.of());

        store.commit(opened("T-1", "line-1"));

        assertThat(store.eventLog().head()).isEqualTo(JdbcEventLog.PRUNE_EVERY);
        assertThat(store.ticket(TicketId.of("T-1"))).isPresent();
        assertThat(store.messages(TicketId.of("T-1"))).extracting(Message::body).containsExactly("冷蔵庫を捨てたいです");
        assertThat(store.eventLog().claimed(new IdempotencyKey(TENANT, "inbound:line", "line-1"))).contains("T-1");
        // nothing was pruned, and the next prune, with the database well again, catches up
        assertThat(store.eventLog().oldest()).isEqualTo(1);
        pruneFails.set(false);
        assertThat(store.jdbcEventLog().prune()).isEqualTo(JdbcEventLog.PRUNE_EVERY - 10);
        assertThat(store.eventLog().oldest()).isEqualTo(JdbcEventLog.PRUNE_EVERY - 9);
    }

    @Test
    void anAppendThatMakesAFailingPruneDueReturnsItsHead() {
        store.eventLog().append(events(JdbcEventLog.PRUNE_EVERY - 2), Map.of());

        long head = store.eventLog().append(events(3), Map.of(new IdempotencyKey(TENANT, "webhook", "w-1"), "ok"));

        assertThat(head).isEqualTo(JdbcEventLog.PRUNE_EVERY + 1);
        assertThat(store.eventLog().read(JdbcEventLog.PRUNE_EVERY - 2, 10)).hasSize(3);
        assertThat(store.eventLog().claimed(new IdempotencyKey(TENANT, "webhook", "w-1"))).contains("ok");
        assertThat(store.eventLog().oldest()).isEqualTo(1);
    }
}
