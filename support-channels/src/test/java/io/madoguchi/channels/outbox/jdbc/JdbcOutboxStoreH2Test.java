package io.madoguchi.channels.outbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.channels.outbox.OutboxStore;
import io.madoguchi.channels.outbox.OutboxStoreContract;
import io.madoguchi.core.store.jdbc.JdbcSchema;
import io.madoguchi.core.store.jdbc.TestDatabases;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class JdbcOutboxStoreH2Test extends OutboxStoreContract {

    @Override
    protected OutboxStore newStore() {
        DataSource ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        return new JdbcOutboxStore(ds);
    }

    @Test
    void theChannelsSchemaHasItsOwnVersionApartFromTheDesks() {
        DataSource ds = TestDatabases.h2();

        assertThat(JdbcOutboxStore.migrate(ds)).isZero();
        assertThat(JdbcOutboxStore.migrate(ds)).isEqualTo(3);
        assertThat(JdbcSchema.version(ds, JdbcOutboxStore.SCHEMA)).isEqualTo(3);
        assertThat(JdbcSchema.version(ds)).as("the desk's schema is untouched").isZero();

        JdbcSchema.migrate(ds);
        assertThat(JdbcSchema.version(ds)).isEqualTo(JdbcSchema.CURRENT_VERSION);
        assertThat(JdbcSchema.version(ds, JdbcOutboxStore.SCHEMA)).isEqualTo(3);
    }

    @Test
    void finishedRowsOlderThanTheRetentionAreDeletedAndUnfinishedOnesKept() {
        DataSource ds = TestDatabases.h2();
        JdbcOutboxStore.migrate(ds);
        JdbcOutboxStore small = new JdbcOutboxStore(ds, Duration.ofDays(1));
        small.add(row(1, T0));
        small.update(small.get(1).orElseThrow().with(OutboxRow.Status.SENT, T0));
        small.add(row(2, T0));

        OutboxRow later = row(3, T0);
        small.add(new OutboxRow(3, later.tenantId(), later.ticketId(), 1, later.channel(), later.recipient(),
            later.parts(), 0, later.context(), OutboxRow.Status.PENDING, 0, 0, T0, null,
            T0.plus(Duration.ofDays(2)), 1));

        assertThat(small.get(1)).as("sent two days ago").isEmpty();
        assertThat(small.get(2)).as("pending, however old").isPresent();
        assertThat(small.get(3)).isPresent();
    }
}
