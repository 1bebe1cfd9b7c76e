package io.madoguchi.channels.outbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.customer.ChannelIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The JDBC store's batched trim of a tenant's reply contexts, checked on H2 and PostgreSQL alike. */
final class ContextTrims {

    private static final TenantId TENANT = TenantId.of("shop-a");
    private static final Instant T0 = Instant.parse("2026-11-30T01:00:00Z");

    private ContextTrims() {}

    /**
     * Keeps 400 contexts of one tenant, in turns through two stores on the database (two host instances) with a bound
     * of 128, and checks the count after each keep: never over the bound, and once full trimmed in batches to 126
     * (128 - 128 / 64), never below.
     */
    static void aFullTenantIsTrimmedInBatchesNeverPastItsBound(DataSource ds) throws SQLException {
        JdbcOutboxStore.migrate(ds);
        List<JdbcOutboxStore> instances = List.of(new JdbcOutboxStore(ds, 128, Duration.ofDays(7)),
            new JdbcOutboxStore(ds, 128, Duration.ofDays(7)));
        List<Integer> counts = new ArrayList<>();
        for (int i = 1; i <= 400; i++) {
            instances.get(i % 2).keepContext(TENANT, Channel.LINE, "問い合わせ-" + i, ChannelIdentity.line("U" + i),
                new ReplyContext(Map.of("line.to", "U" + i), "token-" + i, T0.plusSeconds(i)));
            counts.add(count(ds));
        }

        assertThat(counts).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(128));
        assertThat(counts.subList(200, 400)).as("once full").allSatisfy(n -> assertThat(n).isBetween(126, 128))
            .as("trimmed in batches").contains(126);
    }

    private static int count(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM madoguchi_outbox_inbound_context WHERE tenant = ?")) {
            ps.setString(1, TENANT.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
