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
     * Deletes one tenant's oldest rows of a table beyond a size bound for each tenant; the other tenants' rows are
     * not touched, so no tenant's volume can push out another's.
     *
     * @param table the table, with a {@code tenant} column
     * @param key a column that, with {@code tenant}, names one row
     * @param order the order in which the tenant's rows go, oldest first
     * @param tenant the tenant whose rows are trimmed
     * @param max the rows a tenant may keep
     * @return how many rows were deleted
     */
    static int trimTenantToSize(Connection c, String table, String key, String order, String tenant, long max)
        throws SQLException {
        long over;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE tenant = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                over = rs.getLong(1) - max;
            }
        }
        if (over <= 0) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE tenant = ? AND " + key
            + " IN (SELECT " + key + " FROM " + table + " WHERE tenant = ? ORDER BY " + order + " LIMIT ?)")) {
            ps.setString(1, tenant);
            ps.setString(2, tenant);
            ps.setLong(3, over);
            return ps.executeUpdate();
        }
    }

    /**
     * Runs {@link #trimTenantToSize} for every tenant holding more than {@code max} rows of a table.
     *
     * @return how many rows were deleted
     */
    static int trimEachTenantToSize(Connection c, String table, String key, String order, long max)
        throws SQLException {
        List<String> over = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant FROM " + table
            + " GROUP BY tenant HAVING COUNT(*) > ? ORDER BY tenant")) {
            ps.setLong(1, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    over.add(rs.getString(1));
                }
            }
        }
        int deleted = 0;
        for (String tenant : over) {
            deleted += trimTenantToSize(c, table, key, order, tenant, max);
        }
        return deleted;
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
