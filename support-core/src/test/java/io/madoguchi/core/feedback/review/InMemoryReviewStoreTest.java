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
    void oneTenantsReviewsNeverPushOutAnothers() {
        ReviewStore small = new InMemoryReviewStore(clock, 3, Duration.ofDays(365));
        for (int i = 1; i <= 3; i++) {
            small.insert(review("a-" + i, TENANT, ModerationState.PENDING, T0.plusSeconds(i)));
        }
        for (int i = 1; i <= 20; i++) {
            small.insert(review("b-" + i, OTHER, ModerationState.PENDING, T0.plusSeconds(10 + i)));
        }

        assertThat(small.inState(TENANT, ModerationState.PENDING)).extracting(Review::id)
            .containsExactly("a-1", "a-2", "a-3");
        assertThat(small.inState(OTHER, ModerationState.PENDING)).extracting(Review::id)
            .as("the writing tenant's own oldest went").containsExactly("b-18", "b-19", "b-20");
        assertThat(small.get("b-17")).isEmpty();
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
