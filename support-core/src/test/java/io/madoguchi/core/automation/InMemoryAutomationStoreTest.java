package io.madoguchi.core.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryAutomationStoreTest extends AutomationStoreContract {

    private static final TenantId SHOP = TenantId.of("madoguchi-shop");

    @Override
    protected AutomationStore newStore(MutableClock clock) {
        return new InMemoryAutomationStore(clock);
    }

    @Test
    void beyondTheSizeBoundTheLeastRecentlyUpdatedTicketIsDropped() {
        InMemoryAutomationStore small = new InMemoryAutomationStore(clock, 3, Duration.ofDays(90));
        for (int i = 0; i < 5; i++) {
            small.save(pending(SHOP, "T-" + i, T0.plusSeconds(i)));
        }

        assertThat(small.count()).isEqualTo(3);
        assertThat(small.find(SHOP, TicketId.of("T-0"))).isEmpty();
        assertThat(small.find(SHOP, TicketId.of("T-1"))).isEmpty();
        assertThat(small.find(SHOP, TicketId.of("T-4"))).isPresent();
    }

    @Test
    void aTicketNotUpdatedForTheAgeBoundIsDropped() {
        InMemoryAutomationStore store = new InMemoryAutomationStore(clock, 100, Duration.ofDays(90));
        store.save(pending(SHOP, "T-old", T0));
        clock.advance(Duration.ofDays(60));
        store.save(pending(SHOP, "T-new", clock.instant()));

        clock.advance(Duration.ofDays(30).plusSeconds(1));

        assertThat(store.find(SHOP, TicketId.of("T-old"))).isEmpty();
        assertThat(store.find(SHOP, TicketId.of("T-new"))).isPresent();
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void boundsThatAreNotPositiveAreRefusedEachByName() {
        assertThatThrownBy(() -> new InMemoryAutomationStore(clock, -1, Duration.ofDays(-1)))
            .isInstanceOf(ValidationException.class).hasMessageContaining("maxTickets").hasMessageContaining("maxAge");
    }
}
