package io.madoguchi.core.feedback.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import io.madoguchi.core.store.Racers;
import io.madoguchi.core.time.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ReviewStore} must have. A store implementation proves itself by extending this class in
 * its tests and implementing {@link #newStore(MutableClock)}; it ships in the support-core test-jar.
 */
public abstract class ReviewStoreContract {

    /** The first tenant. */
    protected static final TenantId TENANT = TenantId.of("contract-a");
    /** Another tenant. */
    protected static final TenantId OTHER = TenantId.of("contract-b");
    /** The contract's start time. */
    protected static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    /** The clock the store under test ages its records on. */
    protected final MutableClock clock = MutableClock.startingAt(T0);
    /** The store under test. */
    protected ReviewStore store;

    /**
     * @param clock the clock to age records on
     * @return a new, empty store
     */
    protected abstract ReviewStore newStore(MutableClock clock);

    /**
     * @param clock the clock
     * @param maxPerTenant the reviews each tenant may keep
     * @return a new, empty store with that size bound (and an age bound of a year)
     */
    protected abstract ReviewStore newStore(MutableClock clock, int maxPerTenant);

    /**
     * @param store the store under test
     * @return another instance over the same data, as a second host process would build it; the store itself for a
     *     store that lives in one process
     */
    protected ReviewStore sameData(ReviewStore store) {
        return store;
    }

    /** Creates the store. */
    @BeforeEach
    public void createStore() {
        store = newStore(clock);
    }

    /**
     * @param id the review's id
     * @param tenant its tenant
     * @param state its state
     * @param at when it was written
     * @return a review
     */
    protected static Review review(String id, TenantId tenant, ModerationState state, Instant at) {
        String text = "配送がとても早くて助かりました";
        return new Review(id, tenant, CustomerId.of("tanaka"), "plan-basic", 5, text, state, at, at,
            TextAnalyzer.defaults().analyze(text));
    }

    @Test
    void aReviewIsStoredOnceAndReadBack() {
        Review r = review("rv-1", TENANT, ModerationState.PENDING, T0);
        store.insert(r);
        assertThat(store.get("rv-1")).contains(r);
        assertThat(store.get("rv-2")).isEmpty();
        assertThatThrownBy(() -> store.insert(r)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.count(TENANT)).isEqualTo(1);
        assertThat(store.count(OTHER)).isZero();
    }

    @Test
    void replaceIsACompareAndSet() {
        Review r = review("rv-1", TENANT, ModerationState.PENDING, T0);
        store.insert(r);
        Review approved = r.withState(ModerationState.APPROVED, T0.plusSeconds(5));
        assertThat(store.replace(r, approved)).isTrue();
        assertThat(store.replace(r, r.withState(ModerationState.REJECTED, T0.plusSeconds(6)))).as("stale").isFalse();
        assertThat(store.get("rv-1")).contains(approved);
    }

    @Test
    void reviewsAreListedPerTenantAndStateOrByCreationTimeOldestFirst() {
        Review late = review("rv-1", TENANT, ModerationState.APPROVED, T0.plusSeconds(20));
        Review early = review("rv-2", TENANT, ModerationState.APPROVED, T0.plusSeconds(10));
        Review pending = review("rv-3", TENANT, ModerationState.PENDING, T0.plusSeconds(15));
        Review foreign = review("rv-4", OTHER, ModerationState.APPROVED, T0.plusSeconds(10));
        for (Review r : new Review[] {late, early, pending, foreign}) {
            store.insert(r);
        }
        assertThat(store.inState(TENANT, ModerationState.APPROVED)).containsExactly(early, late);
        assertThat(store.inState(OTHER, ModerationState.APPROVED)).containsExactly(foreign);
        assertThat(store.created(TENANT, T0.plusSeconds(10), T0.plusSeconds(20))).containsExactly(early, pending);
    }

    @Test
    void ofModeratorsOnTwoInstancesMovingOneReviewOnlyOneWins() throws Exception {
        Review r = review("rv-1", TENANT, ModerationState.PENDING, T0);
        store.insert(r);
        ReviewStore second = sameData(store);

        int won = Racers.winners(6, i -> (i % 2 == 0 ? store : second).replace(r,
            r.withState(i % 3 == 0 ? ModerationState.REJECTED : ModerationState.APPROVED, T0.plusSeconds(i))));

        assertThat(won).isEqualTo(1);
        assertThat(second.get("rv-1").orElseThrow().state()).isNotEqualTo(ModerationState.PENDING);
    }

    @Test
    void japaneseTextAndMicrosecondsComeBackUnchanged() {
        Instant fine = T0.plusNanos(987_654_000);
        String text = "サイズが合わず交換をお願いしました。対応が丁寧で、また買いたいです😊 𠮷";
        Review r = new Review("レビュー-1", TENANT, CustomerId.of("山田太郎"), "冬用コート", null, text,
            ModerationState.PENDING, fine, fine, TextAnalyzer.defaults().analyze(text));
        store.insert(r);

        assertThat(sameData(store).get("レビュー-1")).contains(r);
        assertThat(store.created(TENANT, fine, fine.plusNanos(1_000))).containsExactly(r);
    }

    @Test
    void oneTenantsReviewsNeverPushOutAnothers() {
        ReviewStore small = newStore(clock, 3);
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
}
