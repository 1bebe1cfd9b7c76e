package io.madoguchi.core.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.TicketId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class InMemoryBotAttemptStoreTest extends BotAttemptStoreContract {

    private static final TenantId CITY = TenantId.of("amagasaki-city");

    @Override
    protected BotAttemptStore newStore(MutableClock clock) {
        return new InMemoryBotAttemptStore(clock);
    }

    @Override
    protected BotAttemptStore newStore(MutableClock clock, int maxPerTenant) {
        return new InMemoryBotAttemptStore(clock, maxPerTenant, Duration.ofDays(30));
    }

    private static BotAttempt answeredAt(String ticket, Instant at) {
        return new BotAttempt(CITY, TicketId.of(ticket), "住民票が欲しい", Locale.JAPANESE, "juminhyo",
            "住民票の写しを取りたい", 0.9, at, at.plus(Duration.ofDays(3)));
    }

    @Test
    void beyondTheSizeBoundTheAttemptAnsweredFirstIsDropped() {
        InMemoryBotAttemptStore small = new InMemoryBotAttemptStore(clock, 3, Duration.ofDays(30));
        for (int i = 0; i < 5; i++) {
            small.save(answeredAt("T-" + i, T0.plusSeconds(i)));
        }

        assertThat(small.attemptCount()).isEqualTo(3);
        assertThat(small.find(CITY, TicketId.of("T-0"))).isEmpty();
        assertThat(small.find(CITY, TicketId.of("T-1"))).isEmpty();
        assertThat(small.find(CITY, TicketId.of("T-4"))).isPresent();
    }

    @Test
    void anAttemptOlderThanTheAgeBoundIsDroppedAsTheClockMoves() {
        // an answered ticket that is solved by a person but never closed must not stay forever
        InMemoryBotAttemptStore store = new InMemoryBotAttemptStore(clock, 100, Duration.ofDays(30));
        store.save(answeredAt("T-old", T0));
        clock.advance(Duration.ofDays(20));
        store.save(answeredAt("T-new", clock.instant()));

        clock.advance(Duration.ofDays(10).plusSeconds(1));

        assertThat(store.find(CITY, TicketId.of("T-old"))).isEmpty();
        assertThat(store.find(CITY, TicketId.of("T-new"))).isPresent();
        assertThat(store.attemptCount()).isEqualTo(1);
    }

    @Test
    void routingsAreBoundedBySizeAndAgeToo() {
        InMemoryBotAttemptStore store = new InMemoryBotAttemptStore(clock, 2, Duration.ofDays(1));
        store.scheduleRouting(new BotRouting(CITY, TicketId.of("T-1"), T0.plus(Duration.ofHours(8))));
        store.scheduleRouting(new BotRouting(CITY, TicketId.of("T-2"), T0.plus(Duration.ofHours(8))));
        store.scheduleRouting(new BotRouting(CITY, TicketId.of("T-3"), T0.plus(Duration.ofHours(9))));
        assertThat(store.routingCount()).isEqualTo(2);
        assertThat(store.removeRouting(CITY, TicketId.of("T-1"))).isFalse();

        clock.advance(Duration.ofHours(8 + 24).plusSeconds(1));

        assertThat(store.routingDue(clock.instant(), 10)).extracting(r -> r.ticket().value()).containsExactly("T-3");
    }

    @Test
    void boundsThatAreNotPositiveAreRefusedEachByName() {
        assertThatThrownBy(() -> new InMemoryBotAttemptStore(clock, 0, Duration.ZERO))
            .isInstanceOf(ValidationException.class).hasMessageContaining("maxEntries").hasMessageContaining("maxAge");
    }
}
