package io.madoguchi.core.feedback.review;

import io.madoguchi.core.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link ReviewBoard} keeps reviews (SPI). Every board of a host built on the same store sees the same
 * reviews, so they survive a restart. Implementations must be thread-safe and pass {@code ReviewStoreContract} (in
 * the support-core test-jar); each method is atomic. Reviews hold customers' text: protect a persistent store
 * accordingly.
 */
public interface ReviewStore {

    /**
     * @param clock the clock reviews are aged on
     * @return a new in-memory store with the default bounds of {@link InMemoryReviewStore}
     */
    static ReviewStore inMemory(Clock clock) {
        return new InMemoryReviewStore(clock);
    }

    /**
     * @param review a new review
     * @throws IllegalArgumentException if a review with its id is stored already
     */
    void insert(Review review);

    /**
     * @param reviewId a review
     * @return it, if stored
     */
    Optional<Review> get(String reviewId);

    /**
     * Replaces a review if it is still exactly {@code current} (compare and set).
     *
     * @param current the review as read
     * @param next its new version (same id)
     * @return whether it was replaced
     */
    boolean replace(Review current, Review next);

    /**
     * @param tenant the tenant
     * @param state a state
     * @return the tenant's reviews in that state, oldest first (then by id)
     */
    List<Review> inState(TenantId tenant, ModerationState state);

    /**
     * @param tenant the tenant
     * @param from the earliest creation time, inclusive
     * @param to the latest creation time, exclusive
     * @return the tenant's reviews created in {@code [from, to)}, oldest first (then by id)
     */
    List<Review> created(TenantId tenant, Instant from, Instant to);

    /**
     * @param tenant the tenant
     * @return how many reviews the tenant has (for gauges)
     */
    long count(TenantId tenant);
}
