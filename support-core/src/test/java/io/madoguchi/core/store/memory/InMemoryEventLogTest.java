package io.madoguchi.core.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.event.CustomerCreated;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.ParkedEvent;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryEventLogTest {

    private static final TenantId TENANT = TenantId.of("city-office");
    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-24T00:00:00Z"));
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();

    private static List<SupportEvent> events(int n) {
        List<SupportEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new CustomerCreated(TENANT, Principal.system(TENANT, "test"), Instant.EPOCH,
                CustomerId.of("C" + i), List.of()));
        }
        return out;
    }

    @Test
    void consumedEventsAreDroppedBeyondTheRetainedNumberButUnconsumedOnesNever() {
        InMemoryEventLog log = new InMemoryEventLog(checkpoints, clock, 100, 5_000, Duration.ofDays(1), 1_000);
        checkpoints.register("sla");
        checkpoints.register("metrics");
        for (int i = 0; i < 30; i++) {
            log.append(events(100), Map.of());
        }
        // nobody passed anything: all 3,000 are kept
        assertThat(log.retained()).isEqualTo(3_000);
        assertThat(log.oldest()).isEqualTo(1);
        checkpoints.advance("sla", 0, 3_000);
        checkpoints.advance("metrics", 0, 2_000);
        log.append(events(2_000), Map.of());
        // metrics has not passed 2,001..5,000: kept, plus 100 consumed ones before them
        assertThat(log.oldest()).isBetween(1_901L, 2_001L);
        assertThat(log.read(0, 1).get(0).position()).isEqualTo(log.oldest());
        assertThat(log.read(2_000, 1).get(0).position()).isEqualTo(2_001);
    }

    @Test
    void aParkedEventStaysReadableForRedelivery() {
        InMemoryEventLog log = new InMemoryEventLog(checkpoints, clock, 0, 5_000, Duration.ofDays(1), 1_000);
        checkpoints.register("bot");
        log.append(events(10), Map.of());
        checkpoints.advance("bot", 0, 4);
        checkpoints.park(new ParkedEvent("bot", 5, "desk.CustomerCreated", "x", 3, clock.instant()), 4);
        checkpoints.advance("bot", 5, 10);
        log.append(events(2_100), Map.of());
        checkpoints.advance("bot", 10, 2_110);
        log.append(events(1_100), Map.of());
        assertThat(log.read(4, 1)).extracting(e -> e.position()).containsExactly(5L);
    }

    @Test
    void appendsAreRefusedRatherThanLosingEventsWhenASubscriberFallsTooFarBehind() {
        InMemoryEventLog log = new InMemoryEventLog(checkpoints, clock, 10, 1_000, Duration.ofDays(1), 1_000);
        checkpoints.register("stuck");
        log.append(events(1_000), Map.of());
        assertThatThrownBy(() -> log.append(events(100), Map.of())).isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.isTransient()).isTrue());
        assertThat(log.head()).isEqualTo(1_000);
        checkpoints.advance("stuck", 0, 1_000);
        log.append(events(100), Map.of());
        assertThat(log.head()).isEqualTo(1_100);
    }

    @Test
    void claimsAreBoundedByAgeAndCount() {
        InMemoryEventLog log = new InMemoryEventLog(checkpoints, clock, 10, 1_000, Duration.ofDays(7), 3);
        IdempotencyKey a = new IdempotencyKey(TENANT, "inbound:line", "a");
        log.append(List.of(), Map.of(a, "T1"));
        clock.advance(Duration.ofDays(8));
        assertThat(log.claimed(a)).isEmpty();
        for (String k : List.of("b", "c", "d", "e")) {
            log.append(List.of(), Map.of(new IdempotencyKey(TENANT, "inbound:line", k), k));
        }
        assertThat(log.claimCount()).isEqualTo(3);
        assertThat(log.claimed(new IdempotencyKey(TENANT, "inbound:line", "b"))).isEmpty();
        assertThat(log.claimed(new IdempotencyKey(TENANT, "inbound:line", "e"))).contains("e");
    }

    @Test
    void theClaimsOfAParkedEventsStepsOutliveTheCountBoundUntilItIsNoLongerParked() {
        InMemoryEventLog log = new InMemoryEventLog(checkpoints, clock, 10, 1_000, Duration.ofDays(7), 3);
        checkpoints.register("bot");
        log.append(events(5), Map.of());
        IdempotencyKey step = new IdempotencyKey(TENANT, "subscriber:bot", "5/1");
        IdempotencyKey other = new IdempotencyKey(TENANT, "subscriber:bot", "4/1");
        log.append(List.of(), Map.of(other, "T4"));
        log.append(List.of(), Map.of(step, "T5"));
        checkpoints.advance("bot", 0, 4);
        checkpoints.park(new ParkedEvent("bot", 5, "desk.CustomerCreated", "x", 1, clock.instant()), 4);
        for (String k : List.of("b", "c", "d", "e")) {
            log.append(List.of(), Map.of(new IdempotencyKey(TENANT, "inbound:line", k), k));
        }
        // the count bound dropped the passed event's claim, but kept the parked one's beside the newest three
        assertThat(log.claimed(other)).isEmpty();
        assertThat(log.claimed(step)).contains("T5");
        assertThat(log.claimCount()).isEqualTo(4);
        assertThatThrownBy(() -> log.append(List.of(), Map.of(step, "again")))
            .isInstanceOf(io.madoguchi.core.DuplicateRequestException.class);

        checkpoints.unpark("bot", 5);
        clock.advance(Duration.ofHours(1));
        assertThat(log.claimed(step)).isEmpty();
        assertThat(log.claimCount()).isEqualTo(3);
    }
}
