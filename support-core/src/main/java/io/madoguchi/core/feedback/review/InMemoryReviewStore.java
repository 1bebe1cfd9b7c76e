package io.madoguchi.core.feedback.review;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.internal.GroupedKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * A thread-safe in-memory {@link ReviewStore}; every method takes one lock.
 *
 * <p>Bounded by size and age, since customers write reviews: a review is dropped once it is older than
 * {@code retention}, and a tenant's oldest are dropped first when it holds more than {@code maxReviews}. The size
 * bound is for each tenant, so one tenant's reviews never push out another's.
 */
public final class InMemoryReviewStore implements ReviewStore {

    /** Default number of reviews kept for each tenant. */
    public static final int DEFAULT_MAX_REVIEWS = 1_000_000;
    /** Default age at which a review is dropped (three years). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(3 * 365);

    private static final Comparator<Review> ORDER = Comparator.comparing(Review::createdAt).thenComparing(Review::id);

    private final Clock clock;
    private final int maxReviews;
    private final Duration retention;
    private final LinkedHashMap<String, Review> reviews = new LinkedHashMap<>();
    /** Each tenant's review ids in the order inserted, for the size bound. */
    private final GroupedKeys<TenantId, String> byTenant = new GroupedKeys<>();

    /**
     * @param clock the clock reviews are aged on
     */
    public InMemoryReviewStore(Clock clock) {
        this(clock, DEFAULT_MAX_REVIEWS, DEFAULT_RETENTION);
    }

    /**
     * @param clock the clock reviews are aged on
     * @param maxReviews reviews kept for each tenant; positive
     * @param retention the age at which a review is dropped; positive
     * @throws IllegalArgumentException if a bound is out of range
     */
    public InMemoryReviewStore(Clock clock, int maxReviews, Duration retention) {
        this.clock = requireNonNull(clock, "clock");
        if (maxReviews <= 0 || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("maxReviews and retention must be positive");
        }
        this.maxReviews = maxReviews;
        this.retention = retention;
    }

    @Override
    public synchronized void insert(Review review) {
        requireNonNull(review, "review");
        if (reviews.containsKey(review.id())) {
            throw new IllegalArgumentException("a review with this id is already stored");
        }
        reviews.put(review.id(), review);
        byTenant.add(review.tenant(), review.id());
        sweep();
        trim(review.tenant());
    }

    @Override
    public synchronized Optional<Review> get(String reviewId) {
        return Optional.ofNullable(reviews.get(reviewId));
    }

    @Override
    public synchronized boolean replace(Review current, Review next) {
        if (!current.id().equals(next.id()) || !current.equals(reviews.get(current.id()))) {
            return false;
        }
        reviews.put(next.id(), next);
        if (!current.tenant().equals(next.tenant())) {
            byTenant.remove(current.tenant(), current.id());
            byTenant.add(next.tenant(), next.id());
        }
        return true;
    }

    @Override
    public synchronized List<Review> inState(TenantId tenant, ModerationState state) {
        sweep();
        return reviews.values().stream().filter(r -> r.tenant().equals(tenant) && r.state() == state)
            .sorted(ORDER).toList();
    }

    @Override
    public synchronized List<Review> created(TenantId tenant, Instant from, Instant to) {
        sweep();
        return reviews.values().stream().filter(r -> r.tenant().equals(tenant) && !r.createdAt().isBefore(from)
            && r.createdAt().isBefore(to)).sorted(ORDER).toList();
    }

    @Override
    public synchronized long count(TenantId tenant) {
        return reviews.values().stream().filter(r -> r.tenant().equals(tenant)).count();
    }

    /** Drops the reviews past the retention, oldest inserted first. */
    private void sweep() {
        Instant horizon = clock.instant().minus(retention);
        Iterator<Review> it = reviews.values().iterator();
        while (it.hasNext()) {
            Review r = it.next();
            if (!r.createdAt().isBefore(horizon)) {
                return;
            }
            it.remove();
            byTenant.remove(r.tenant(), r.id());
        }
    }

    /** Drops a tenant's oldest reviews beyond the size bound; the other tenants' are not touched. */
    private void trim(TenantId tenant) {
        for (String id; (id = byTenant.oldestBeyond(tenant, maxReviews)) != null; ) {
            reviews.remove(id);
            byTenant.remove(tenant, id);
        }
    }

    @Override
    public synchronized String toString() {
        return "InMemoryReviewStore[reviews=" + reviews.size() + "]";
    }
}
