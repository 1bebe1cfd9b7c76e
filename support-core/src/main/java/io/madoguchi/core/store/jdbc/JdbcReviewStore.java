package io.madoguchi.core.store.jdbc;

import static io.madoguchi.core.store.jdbc.JdbcValues.requiredInstant;
import static io.madoguchi.core.store.jdbc.JdbcValues.setInstant;
import static java.util.Objects.requireNonNull;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.feedback.review.InMemoryReviewStore;
import io.madoguchi.core.feedback.review.ModerationState;
import io.madoguchi.core.feedback.review.Review;
import io.madoguchi.core.feedback.review.ReviewStore;
import io.madoguchi.core.feedback.text.TextAnalysis;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link ReviewStore} on PostgreSQL or H2 (schema version 2 of {@link JdbcSchema}): one row per review, its text
 * analysis as JSON. {@link #replace} is a compare-and-set under a row lock, so two host instances moderating one
 * review never both succeed.
 *
 * <p>Bounded as {@link InMemoryReviewStore} is: each {@link #insert} deletes reviews older than {@code retention} and
 * the writing tenant's oldest beyond {@code maxReviews}, a bound for each tenant, so one tenant's reviews never push
 * out another's; {@link #purge()} does the same for every tenant on demand. Reads leave out reviews past the
 * retention that are not deleted yet. Reviews hold customers' text:
 * protect the database accordingly. Thread-safe; it holds no connection between calls.
 */
public final class JdbcReviewStore implements ReviewStore {

    private static final String COLUMNS = "id, tenant, customer, subject, stars, body, state, created_at, updated_at, "
        + "analysis_json";

    private final Transactions tx;
    private final Clock clock;
    private final int maxReviews;
    private final Duration retention;

    /**
     * A store with the default bounds of {@link InMemoryReviewStore}.
     *
     * @param dataSource the host's data source, on a database at schema version 2 or later
     * @param clock the clock reviews are aged on
     */
    public JdbcReviewStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, InMemoryReviewStore.DEFAULT_MAX_REVIEWS, InMemoryReviewStore.DEFAULT_RETENTION);
    }

    /**
     * @param dataSource the host's data source, on a database at schema version 2 or later
     * @param clock the clock reviews are aged on
     * @param maxReviews reviews kept for each tenant; positive
     * @param retention the age at which a review is deleted; positive
     * @throws IllegalArgumentException if a bound is out of range
     */
    public JdbcReviewStore(DataSource dataSource, Clock clock, int maxReviews, Duration retention) {
        if (maxReviews <= 0 || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("maxReviews and retention must be positive");
        }
        this.tx = new Transactions(requireNonNull(dataSource, "dataSource"));
        this.clock = requireNonNull(clock, "clock");
        this.maxReviews = maxReviews;
        this.retention = retention;
    }

    @Override
    public void insert(Review review) {
        requireNonNull(review, "review");
        Instant now = clock.instant();
        tx.execute("insert a review", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_review (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, review.id());
                ps.setString(2, review.tenant().value());
                setValues(ps, 3, review);
                if (!JdbcValues.insertUnlessTaken(c, ps)) {
                    throw new IllegalArgumentException("a review with this id is already stored");
                }
            }
            purge(c, now);
            trimToSize(c, review.tenant().value());
        });
    }

    /** Sets customer, subject, stars, body, state, created_at, updated_at and analysis_json from {@code first}. */
    private static void setValues(PreparedStatement ps, int first, Review r) throws SQLException {
        ps.setString(first, r.customer().value());
        ps.setString(first + 1, r.subject());
        if (r.stars() == null) {
            ps.setNull(first + 2, Types.INTEGER);
        } else {
            ps.setInt(first + 2, r.stars());
        }
        ps.setString(first + 3, r.text());
        ps.setString(first + 4, r.state().name());
        setInstant(ps, first + 5, r.createdAt());
        setInstant(ps, first + 6, r.updatedAt());
        ps.setString(first + 7, JdbcValues.json(r.analysis()));
    }

    @Override
    public Optional<Review> get(String reviewId) {
        requireNonNull(reviewId, "reviewId");
        return tx.read("read a review", c -> get(c, reviewId, false));
    }

    private static Optional<Review> get(Connection c, String id, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM madoguchi_review WHERE id = ?"
            + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, id);
            List<Review> found = reviews(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<Review> reviews(PreparedStatement ps) throws SQLException {
        List<Review> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int starsValue = rs.getInt("stars");
                Integer stars = rs.wasNull() ? null : starsValue;
                out.add(new Review(rs.getString("id"), TenantId.of(rs.getString("tenant")),
                    CustomerId.of(rs.getString("customer")), rs.getString("subject"), stars,
                    rs.getString("body"), ModerationState.valueOf(rs.getString("state")),
                    requiredInstant(rs, "created_at"), requiredInstant(rs, "updated_at"),
                    JdbcValues.fromJson(rs.getString("analysis_json"), TextAnalysis.class)));
            }
        }
        return out;
    }

    @Override
    public boolean replace(Review current, Review next) {
        requireNonNull(current, "current");
        requireNonNull(next, "next");
        if (!current.id().equals(next.id())) {
            return false;
        }
        Review expected = micros(current);
        return tx.inTransaction("replace a review", c -> {
            Optional<Review> stored = get(c, current.id(), true);
            if (stored.isEmpty() || !stored.get().equals(expected)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_review SET customer = ?, subject = ?, "
                + "stars = ?, body = ?, state = ?, created_at = ?, updated_at = ?, analysis_json = ? WHERE id = ?")) {
                setValues(ps, 1, next);
                ps.setString(9, next.id());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The review as the database keeps it: instants to the microsecond. */
    private static Review micros(Review r) {
        return new Review(r.id(), r.tenant(), r.customer(), r.subject(), r.stars(), r.text(), r.state(),
            r.createdAt().truncatedTo(ChronoUnit.MICROS), r.updatedAt().truncatedTo(ChronoUnit.MICROS), r.analysis());
    }

    @Override
    public List<Review> inState(TenantId tenant, ModerationState state) {
        requireNonNull(tenant, "tenant");
        requireNonNull(state, "state");
        Instant horizon = clock.instant().minus(retention);
        return tx.read("read reviews by state", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM madoguchi_review "
                + "WHERE tenant = ? AND state = ? AND created_at >= ? ORDER BY created_at, id")) {
                ps.setString(1, tenant.value());
                ps.setString(2, state.name());
                setInstant(ps, 3, horizon);
                return reviews(ps);
            }
        });
    }

    @Override
    public List<Review> created(TenantId tenant, Instant from, Instant to) {
        requireNonNull(tenant, "tenant");
        Instant horizon = clock.instant().minus(retention);
        Instant start = from.isBefore(horizon) ? horizon : from;
        return tx.read("read reviews by creation time", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM madoguchi_review "
                + "WHERE tenant = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, id")) {
                ps.setString(1, tenant.value());
                setInstant(ps, 2, JdbcValues.clamp(start));
                setInstant(ps, 3, JdbcValues.clamp(to));
                return reviews(ps);
            }
        });
    }

    @Override
    public long count(TenantId tenant) {
        requireNonNull(tenant, "tenant");
        Instant horizon = clock.instant().minus(retention);
        return tx.read("count reviews", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM madoguchi_review WHERE tenant = ? AND created_at >= ?")) {
                ps.setString(1, tenant.value());
                setInstant(ps, 2, horizon);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Deletes the reviews older than the retention, then each tenant's oldest beyond the size bound. {@link #insert}
     * does this on each call for the writing tenant; a host may also run it from a job.
     *
     * @return how many reviews were deleted
     * @throws io.madoguchi.core.store.StoreException if the database failed
     */
    public int purge() {
        Instant now = clock.instant();
        return tx.inTransaction("purge reviews", c -> purge(c, now)
            + JdbcValues.trimEachTenantToSize(c, "madoguchi_review", "seq", "seq", maxReviews));
    }

    /** Deletes the reviews older than the retention, of every tenant. */
    private int purge(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM madoguchi_review WHERE created_at < ?")) {
            setInstant(ps, 1, now.minus(retention));
            return ps.executeUpdate();
        }
    }

    /** Deletes one tenant's oldest reviews beyond the size bound. */
    private int trimToSize(Connection c, String tenant) throws SQLException {
        return JdbcValues.trimTenantToSize(c, "madoguchi_review", "seq", "seq", tenant, maxReviews);
    }

    @Override
    public String toString() {
        return "JdbcReviewStore";
    }
}
