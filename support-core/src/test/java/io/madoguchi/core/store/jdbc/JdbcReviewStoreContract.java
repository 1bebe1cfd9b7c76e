package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.feedback.review.ModerationState;
import io.madoguchi.core.feedback.review.Review;
import io.madoguchi.core.feedback.review.ReviewStore;
import io.madoguchi.core.feedback.review.ReviewStoreContract;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The review contract and the bounds of {@link JdbcReviewStore}, on the database a subclass gives. */
abstract class JdbcReviewStoreContract extends ReviewStoreContract {

    /** @return a fresh database at the current schema version */
    abstract DataSource database();

    /**
     * @param first the database of the store under test
     * @return the data source a second host process would have on it: another pool where there are pools
     */
    DataSource secondConnection(DataSource first) {
        return first;
    }

    private DataSource dataSource;

    @Override
    protected ReviewStore newStore(MutableClock clock) {
        dataSource = database();
        return new JdbcReviewStore(dataSource, clock);
    }

    @Override
    protected ReviewStore newStore(MutableClock clock, int maxPerTenant) {
        dataSource = database();
        return new JdbcReviewStore(dataSource, clock, maxPerTenant, Duration.ofDays(365));
    }

    @Override
    protected ReviewStore sameData(ReviewStore store) {
        return new JdbcReviewStore(secondConnection(dataSource), clock);
    }

    @Test
    void theOldestReviewsGoFirstBeyondTheSizeBound() {
        ReviewStore small = new JdbcReviewStore(dataSource, clock, 2, Duration.ofDays(365));
        for (int i = 1; i <= 3; i++) {
            small.insert(review("rv-" + i, TENANT, ModerationState.PENDING, T0.plusSeconds(i)));
        }
        assertThat(small.get("rv-1")).isEmpty();
        assertThat(small.inState(TENANT, ModerationState.PENDING)).extracting(Review::id)
            .containsExactly("rv-2", "rv-3");
    }

    @Test
    void aPurgeTrimsEachTenantToTheSizeBoundOnItsOwn() {
        ReviewStore roomy = new JdbcReviewStore(dataSource, clock, 10, Duration.ofDays(365));
        for (int i = 1; i <= 4; i++) {
            roomy.insert(review("a-" + i, TENANT, ModerationState.PENDING, T0.plusSeconds(i)));
        }
        roomy.insert(review("b-1", OTHER, ModerationState.PENDING, T0.plusSeconds(5)));
        JdbcReviewStore smaller = new JdbcReviewStore(dataSource, clock, 2, Duration.ofDays(365));

        assertThat(smaller.purge()).isEqualTo(2);
        assertThat(smaller.inState(TENANT, ModerationState.PENDING)).extracting(Review::id)
            .containsExactly("a-3", "a-4");
        assertThat(smaller.inState(OTHER, ModerationState.PENDING)).extracting(Review::id).containsExactly("b-1");
    }

    @Test
    void reviewsOlderThanTheRetentionAreHiddenAndPurged() {
        JdbcReviewStore bounded = new JdbcReviewStore(dataSource, clock, 100, Duration.ofDays(30));
        bounded.insert(review("rv-old", TENANT, ModerationState.APPROVED, T0));
        clock.advance(Duration.ofDays(30));
        assertThat(bounded.inState(TENANT, ModerationState.APPROVED)).extracting(Review::id).containsExactly("rv-old");
        assertThat(bounded.purge()).isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(bounded.inState(TENANT, ModerationState.APPROVED)).isEmpty();
        assertThat(bounded.count(TENANT)).isZero();
        assertThat(bounded.purge()).isEqualTo(1);
        assertThat(bounded.get("rv-old")).isEmpty();
    }
}
