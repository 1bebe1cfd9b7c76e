package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.event.CustomerCreated;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.ParkedEvent;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JDBC event log's bounds: claims by age, consumed events beyond the retained number; unconsumed ones never. */
class JdbcEventLogBoundsTest {

    private static final TenantId TENANT = TenantId.of("那覇窓口");
    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-24T00:00:00Z"));
    private final JdbcDeskStore store = new JdbcDeskStore(migrated(), clock, Duration.ofDays(7), 5);

    private static javax.sql.DataSource migrated() {
        javax.sql.DataSource ds = TestDatabases.h2();
        JdbcSchema.migrate(ds);
        return ds;
    }

    private static List<SupportEvent> events(int n) {
        List<SupportEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new CustomerCreated(TENANT, Principal.system(TENANT, "test"), Instant.EPOCH, CustomerId.of("C" + i),
                List.of()));
        }
        return out;
    }

    @Test
    void claimsOlderThanTheRetentionNoLongerRefuseAndArePruned() {
        IdempotencyKey key = new IdempotencyKey(TENANT, "inbound:line", "古いメッセージ");
        store.eventLog().append(List.of(), Map.of(key, "T1"));
        clock.advance(Duration.ofDays(6));
        assertThat(store.eventLog().claimed(key)).contains("T1");
        clock.advance(Duration.ofDays(2));
        assertThat(store.eventLog().claimed(key)).isEmpty();
        assertThat(store.jdbcEventLog().prune()).isEqualTo(1);
        // a redelivery after the retention writes again
        store.eventLog().append(List.of(), Map.of(key, "T2"));
        assertThat(store.eventLog().claimed(key)).contains("T2");
    }

    @Test
    void consumedEventsBeyondTheRetainedNumberArePrunedButUnconsumedAndParkedOnesNever() {
        store.checkpoints().register("sla");
        store.checkpoints().register("bot");
        store.eventLog().append(events(30), Map.of());
        store.jdbcEventLog().prune();
        assertThat(store.eventLog().oldest()).isEqualTo(1); // nobody passed anything
        store.checkpoints().advance("sla", 0, 30);
        store.checkpoints().advance("bot", 0, 11);
        store.checkpoints().park(new ParkedEvent("bot", 12, "desk.CustomerCreated", "x", 3, clock.instant()), 11);
        store.checkpoints().advance("bot", 12, 25);
        store.jdbcEventLog().prune();
        // bot parked 12: events from 12 - 5 = 7 on stay
        assertThat(store.eventLog().oldest()).isEqualTo(7);
        store.checkpoints().unpark("bot", 12);
        store.jdbcEventLog().prune();
        // bot passed 25: the 5 before it stay, and everything after it
        assertThat(store.eventLog().oldest()).isEqualTo(21);
        assertThat(store.eventLog().read(0, 100)).extracting(EventEnvelope::position).first().isEqualTo(21L);
        assertThat(store.eventLog().read(0, 100)).hasSize(10);
    }
}
