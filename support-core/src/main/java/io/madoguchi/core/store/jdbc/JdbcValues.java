package io.madoguchi.core.store.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Column conversions the component stores share: instants to the microsecond, nested values as JSON text. */
final class JdbcValues {

    private static final ObjectMapper JSON = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        // a record's value is its components: derived flags such as TextAnalysis.isComplaint() stay out
        .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
        .build();

    private JdbcValues() {}

    static void setInstant(PreparedStatement ps, int index, @Nullable Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Instant requiredInstant(ResultSet rs, String column) throws SQLException {
        Instant t = instant(rs, column);
        if (t == null) {
            throw new SQLException("column " + column + " is null");
        }
        return t;
    }

    /** The earliest and latest instants a timestamp column holds on both databases, for open range bounds. */
    static Instant clamp(Instant t) {
        Instant min = Instant.parse("0001-01-01T00:00:00Z");
        Instant max = Instant.parse("9999-12-31T23:59:59.999999Z");
        return t.isBefore(min) ? min : t.isAfter(max) ? max : t;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not write " + value.getClass().getSimpleName() + " as JSON", false, e);
        }
    }

    static <T> T fromJson(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not read a stored " + type.getSimpleName() + " (JSON)", false, e);
        }
    }

    static <T> T fromJson(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not read a stored value (JSON)", false, e);
        }
    }

    /**
     * Runs an insert; when it violates a unique key, rolls the whole transaction back (on PostgreSQL the
     * transaction cannot go on after the error) and says so.
     *
     * @return whether the row was inserted
     */
    static boolean insertUnlessTaken(Connection c, PreparedStatement insert) throws SQLException {
        try {
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (!SqlErrors.isUniqueViolation(e)) {
                throw e;
            }
            c.rollback();
            return false;
        }
    }

    /**
     * Deletes a table's oldest rows (by its {@code seq} column, the insertion order) beyond a size bound.
     *
     * @return how many rows were deleted
     */
    static int trimToSize(Connection c, String table, long max) throws SQLException {
        long over;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            over = rs.getLong(1) - max;
        }
        if (over <= 0) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE seq IN (SELECT seq FROM "
            + table + " ORDER BY seq LIMIT ?)")) {
            ps.setLong(1, over);
            return ps.executeUpdate();
        }
    }

    /**
     * @throws ValidationException naming each of a count bound and an age bound that is not positive
     */
    static void checkBounds(String countName, int count, Duration maxAge) {
        requireNonNull(maxAge, "maxAge");
        List<Violation> violations = new ArrayList<>();
        if (count < 1) {
            violations.add(new Violation(countName, "must be positive, was " + count));
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            violations.add(new Violation("maxAge", "must be positive, was " + maxAge));
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
    }

    static void requirePositive(int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive, was " + max);
        }
    }
}
