package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.store.ChangeSet;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.store.TicketWrite;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.Visibility;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A connection lost in the middle of a change set: a transient {@link StoreException}, and nothing half-written. */
class JdbcFaultTest {

    private static final TenantId TENANT = TenantId.of("札幌窓口");
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00.654321Z");
    private static final IdempotencyKey KEY = new IdempotencyKey(TENANT, "inbound:line", "m-1");

    /**
     * A data source whose connections, once armed, are killed when the change set reaches its last step (the
     * events), after the ticket, message, audit entry and claim were written in the transaction.
     */
    private static final class Killing implements DataSource {
        final DataSource inner;
        final AtomicBoolean armed = new AtomicBoolean();
        final KillSwitch kill;

        interface KillSwitch {
            SQLException kill(Connection victim) throws SQLException;
        }

        Killing(DataSource inner, KillSwitch kill) {
            this.inner = inner;
            this.kill = kill;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = inner.getConnection();
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args[0].toString().contains("madoguchi_log_head")
                        && armed.getAndSet(false)) {
                        SQLException lost = kill.kill(c);
                        if (lost != null) {
                            throw lost;
                        }
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        }

        @Override
        public Connection getConnection(String user, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return inner.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return inner.isWrapperFor(iface);
        }
    }

    private static ChangeSet createWithEventAndClaim() {
        return createWithEvent(Map.of(KEY, "T1"));
    }

    /**
     * @param claims the change set's claims: with none, PostgreSQL writes the opening and its event as one batch
     *     sent with auto-commit on ({@link PgOpeningBatch})
     */
    private static ChangeSet createWithEvent(Map<IdempotencyKey, String> claims) {
        Ticket t = Ticket.builder(TicketId.of("T1"), TENANT, CustomerId.of("c-1"), Channel.LINE, T0).subject("停電")
            .messageCount(1).build();
        Message m = new Message(t.id(), 1, Visibility.PUBLIC, AuthorKind.CUSTOMER, "c-1", "電気が止まりました",
            List.of(), T0);
        Principal p = Principal.customer(TENANT, t.requester());
        return new ChangeSet(
            List.of(new TicketWrite(t, List.of(m), new AuditEntry(1, T0, p, "created", List.of(), false))),
            List.of(), List.of(new TicketCreated(t, p, T0, m, null)), claims);
    }

    private static void assertNothingWritten(JdbcDeskStore fresh) {
        assertThat(fresh.ticket(TicketId.of("T1"))).isEmpty();
        assertThat(fresh.messages(TicketId.of("T1"))).isEmpty();
        assertThat(fresh.history(TicketId.of("T1"))).isEmpty();
        assertThat(fresh.eventLog().head()).isZero();
        assertThat(fresh.eventLog().read(0, 10)).isEmpty();
        assertThat(fresh.eventLog().claimed(KEY)).isEmpty();
    }

    @Test
    void aPostgresBackendTerminatedMidCommitIsATransientErrorAndWritesNothing() throws Exception {
        // the claim, ticket, message and audit entry are written in the transaction when the log head's turn comes
        terminatedMidCommit(createWithEventAndClaim());
    }

    @Test
    void aPostgresBackendTerminatedBeforeAnOpeningsBatchIsAnUnknownOutcomeNotWrittenAgain() throws Exception {
        // the opening goes as one auto-committed batch; the backend is gone before it runs. The store cannot know
        // whether a batch that failed so was committed, so it reports a transient failure and does not write the
        // change set again by itself (a new connection would have written it a second time had it committed)
        terminatedMidCommit(createWithEvent(Map.of()));
    }

    private static void terminatedMidCommit(ChangeSet changes) throws Exception {
        try (HikariDataSource pool = TestDatabases.postgres()) {
            JdbcSchema.migrate(pool);
            Killing killing = new Killing(pool, victim -> {
                int pid;
                try (Statement s = victim.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    pid = rs.getInt(1);
                }
                try (Connection admin = TestDatabases.embeddedPostgres().getPostgresDatabase().getConnection();
                     Statement s = admin.createStatement()) {
                    s.execute("SELECT pg_terminate_backend(" + pid + ")");
                }
                return null; // the next statement on the victim fails by itself
            });
            JdbcDeskStore store = new JdbcDeskStore(killing, Clock.systemUTC());
            killing.armed.set(true);
            assertThatThrownBy(() -> store.commit(changes))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isTrue());
            assertNothingWritten(new JdbcDeskStore(pool, Clock.systemUTC()));
            // the caller may retry: the same change set commits once the database is back
            store.commit(changes);
            assertThat(store.ticket(TicketId.of("T1"))).isPresent();
            assertThat(store.eventLog().head()).isEqualTo(1);
        }
    }

    @Test
    void anH2ConnectionLostMidCommitIsATransientErrorAndWritesNothing() {
        DataSource h2 = TestDatabases.h2();
        JdbcSchema.migrate(h2);
        Killing killing = new Killing(h2, victim -> {
            victim.close(); // H2 rolls back what the closed session had not committed
            return new java.sql.SQLRecoverableException("connection lost", "08006");
        });
        JdbcDeskStore store = new JdbcDeskStore(killing, Clock.systemUTC());
        killing.armed.set(true);
        assertThatThrownBy(() -> store.commit(createWithEventAndClaim()))
            .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isTrue());
        assertNothingWritten(new JdbcDeskStore(h2, Clock.systemUTC()));
    }
}
