package io.madoguchi.core.feedback.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryReviewStoreTest extends ReviewStoreContract {

    @Override
    protected ReviewStore newStore(MutableClock clock) {
        return new InMemoryReviewStore(clock);
    }

    @Override
    protected ReviewStore newStore(MutableClock clock, int maxPerTenant) {
        return new InMemoryReviewStore(clock, maxPerTenant, Duration.ofDays(365));
    }

    @Test
    void theOldestReviewsGoFirstBeyondTheSizeBound() {
        ReviewStore small = new InMemoryReviewStore(clock, 2, Duration.ofDays(365));
        for (int i = 1; i <= 3; i++) {
            small.insert(review("rv-" + i, TENANT, ModerationState.PENDING, T0.plusSeconds(i)));
        }
        assertThat(small.get("rv-1")).isEmpty();
        assertThat(small.inState(TENANT, ModerationState.PENDING)).extracting(Review::id)
                .containsExactly("rv-2", "rv-3");
    }

    @Test
    void aReviewReplacedIntoAnotherTenantCountsAgainstThatTenantsBound() {
        ReviewStore small = new InMemoryReviewStore(clock, 2, Duration.ofDays(365));
        Review moved = review("rv-1", TENANT, ModerationState.PENDING, T0);
        small.insert(moved);
        assertThat(small.replace(moved, review("rv-1", OTHER, ModerationState.PENDING, T0))).isTrue();

        small.insert(review("rv-2", TENANT, ModerationState.PENDING, T0.plusSeconds(1)));
        small.insert(review("rv-3", TENANT, ModerationState.PENDING, T0.plusSeconds(2)));

        assertThat(small.get("rv-1")).get().extracting(Review::tenant).isEqualTo(OTHER);
        assertThat(small.inState(TENANT, ModerationState.PENDING)).extracting(Review::id)
            .containsExactly("rv-2", "rv-3");
    }

    @Test
    void reviewsOlderThanTheRetentionAreDropped() {
        ReviewStore store = new InMemoryReviewStore(clock, 100, Duration.ofDays(30));
        store.insert(review("rv-old", TENANT, ModerationState.APPROVED, T0));
        clock.advance(Duration.ofDays(30));
        assertThat(store.inState(TENANT, ModerationState.APPROVED)).extracting(Review::id).containsExactly("rv-old");
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.inState(TENANT, ModerationState.APPROVED)).isEmpty();
        assertThat(store.count(TENANT)).isZero();
    }
}
