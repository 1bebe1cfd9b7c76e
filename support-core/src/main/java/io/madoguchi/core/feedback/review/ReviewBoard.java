package io.madoguchi.core.feedback.review;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.IllegalTransitionException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.feedback.FeedbackLookup;
import io.madoguchi.core.feedback.FeedbackRecord;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Holds reviews and comments and moves them through moderation. State lives in a {@link ReviewStore} (in memory
 * unless one is given): a board built again on the same store after a restart has every review. Thread-safe.
 */
public final class ReviewBoard implements FeedbackLookup {

    /** Longest review text accepted. */
    public static final int MAX_TEXT = 5000;

    private final Clock clock;
    private final TextAnalyzer analyzer;
    private final ReviewStore reviews;

    /**
     * A board on a new {@link InMemoryReviewStore}.
     *
     * @param clock the time source
     * @param analyzer analyses review text (themes, sentiment)
     */
    public ReviewBoard(Clock clock, TextAnalyzer analyzer) {
        this(clock, analyzer, new InMemoryReviewStore(clock));
    }

    /**
     * @param clock the time source
     * @param analyzer analyses review text (themes, sentiment)
     * @param store where the reviews are kept
     */
    public ReviewBoard(Clock clock, TextAnalyzer analyzer, ReviewStore store) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
        this.reviews = Objects.requireNonNull(store, "store");
    }

    /**
     * Writes a review (with stars) or a comment (stars absent); it starts {@link ModerationState#PENDING}.
     *
     * @param tenant the tenant
     * @param customer the author
     * @param subject the product or service id, not blank, at most 128 characters
     * @param stars 1–5, or null for a comment
     * @param text the text, not blank, at most {@value #MAX_TEXT} characters
     * @return the review
     * @throws ValidationException listing every invalid field
     */
    public Review submit(TenantId tenant, CustomerId customer, String subject, @Nullable Integer stars, String text) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(customer, "customer");
        List<Violation> v = new ArrayList<>();
        if (subject == null || subject.isBlank() || subject.length() > 128) {
            v.add(new Violation("subject", "must be 1-128 characters, not blank"));
        }
        if (stars != null && (stars < 1 || stars > 5)) {
            v.add(new Violation("stars", "must be 1..5; was " + stars));
        }
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            v.add(new Violation("text", "must be 1-" + MAX_TEXT + " characters, not blank"));
        }
        if (!v.isEmpty()) {
            throw new ValidationException(v);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Review r = new Review(UUID.randomUUID().toString(), tenant, customer, subject, stars, text,
            ModerationState.PENDING, now, now, analyzer.analyze(text));
        reviews.insert(r);
        return r;
    }

    /**
     * @param tenant the tenant
     * @param reviewId the review
     * @param target the state to move it to
     * @return the review in its new state
     * @throws NotFoundException if the tenant has no such review
     * @throws IllegalTransitionException if the move is not allowed from its current state
     * @throws ConflictException if the review kept changing under concurrent moderation
     */
    public Review moderate(TenantId tenant, String reviewId, ModerationState target) {
        Objects.requireNonNull(target, "target");
        for (int attempt = 0; attempt < 16; attempt++) {
            Review current = get(tenant, reviewId);
            if (!current.state().canMoveTo(target)) {
                throw new IllegalTransitionException("review " + reviewId + " cannot move from " + current.state()
                    + " to " + target);
            }
            Review next = current.withState(target, clock.instant().truncatedTo(ChronoUnit.MICROS));
            if (reviews.replace(current, next)) {
                return next;
            }
        }
        throw new ConflictException("review " + reviewId + " kept changing; try again");
    }

    /**
     * @param tenant the tenant
     * @param reviewId the review
     * @return it
     * @throws NotFoundException if the tenant has no such review
     */
    public Review get(TenantId tenant, String reviewId) {
        Review r = reviews.get(reviewId).orElse(null);
        if (r == null || !r.tenant().equals(tenant)) {
            throw new NotFoundException("no review '" + reviewId + "' for tenant " + tenant);
        }
        return r;
    }

    /**
     * @param tenant the tenant
     * @param state a state
     * @return the tenant's reviews in that state, oldest first
     */
    public List<Review> inState(TenantId tenant, ModerationState state) {
        return reviews.inState(tenant, state);
    }

    /**
     * @param tenant the tenant
     * @param subject a product or service
     * @return the mean stars of its approved reviews, if it has any with stars
     */
    public Optional<Double> averageStars(TenantId tenant, String subject) {
        var stats = inState(tenant, ModerationState.APPROVED).stream()
            .filter(r -> r.subject().equals(subject) && r.stars() != null).mapToInt(Review::stars).summaryStatistics();
        return stats.getCount() == 0 ? Optional.empty() : Optional.of(stats.getAverage());
    }

    @Override
    public Optional<FeedbackRecord> find(TenantId tenant, String feedbackId) {
        return reviews.get(feedbackId).filter(r -> r.tenant().equals(tenant)).map(ReviewBoard::record);
    }

    @Override
    public List<FeedbackRecord> withTheme(TenantId tenant, String theme, Instant from, Instant to) {
        return reviews.created(tenant, from, to).stream().filter(r -> r.analysis().themes().contains(theme))
            .map(ReviewBoard::record).toList();
    }

    private static FeedbackRecord record(Review r) {
        return new FeedbackRecord(r.id(), r.tenant(), r.customer(), r.createdAt(), r.analysis().themes());
    }

    @Override
    public String toString() {
        return "ReviewBoard[" + reviews + "]";
    }
}
