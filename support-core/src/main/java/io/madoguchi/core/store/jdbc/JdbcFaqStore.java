package io.madoguchi.core.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqBoost;
import io.madoguchi.core.faq.FaqChanges;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqGapQuery;
import io.madoguchi.core.faq.FaqRetention;
import io.madoguchi.core.faq.FaqStore;
import io.madoguchi.core.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The {@link FaqStore} on PostgreSQL or H2 (schema version 3, {@code V3__faq.sql}; apply it with
 * {@link JdbcSchema#migrate(DataSource)} or the host's migration tool first). Several host instances share one
 * database: catalog writes and synonym changes of a tenant are serialized on the tenant's catalog row (row lock), so
 * each gets its own revision and an edit based on a stale version fails with a {@link ConflictException}; a boost
 * update locks its row; the gap log and boosts are pruned to their {@link FaqRetention} bounds on every write (and
 * questions older than the age bound on every read). Thread-safe; plain JDBC on the host's data source.
 */
public final class JdbcFaqStore implements FaqStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<List<String>>> GROUPS = new TypeReference<>() {};
    private static final String ENTRY_COLUMNS = "e.faq_id, e.version, e.locale, e.question, e.phrasings, e.answer, "
        + "e.links, e.category, e.tags, e.published, e.revision, e.ordinal";

    private final Transactions tx;
    private final FaqRetention retention;

    /**
     * A store with the {@link FaqRetention#defaults() default bounds}.
     *
     * @param dataSource the host's data source
     */
    public JdbcFaqStore(DataSource dataSource) {
        this(dataSource, FaqRetention.defaults());
    }

    /**
     * @param dataSource the host's data source
     * @param retention the bounds of the gap log and the boosts
     */
    public JdbcFaqStore(DataSource dataSource, FaqRetention retention) {
        this.tx = new Transactions(Objects.requireNonNull(dataSource, "dataSource"));
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    // ---------------------------------------------------------------- catalog

    @Override
    public long revision(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return tx.read("read an FAQ catalog revision", c -> revision(c, tenant, false));
    }

    private static long revision(Connection c, TenantId tenant, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM madoguchi_faq_catalog WHERE tenant_id = ?"
            + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public FaqChanges changesSince(TenantId tenant, long afterRevision) {
        Objects.requireNonNull(tenant, "tenant");
        return tx.inTransaction("read FAQ catalog changes", c -> {
            long revision;
            List<List<String>> synonyms;
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT revision, synonyms FROM madoguchi_faq_catalog WHERE tenant_id = ?")) {
                ps.setString(1, tenant.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new FaqChanges(0, List.of(), List.of());
                    }
                    revision = rs.getLong(1);
                    synonyms = fromJson(rs.getString(2), GROUPS);
                }
            }
            // rows up to the revision read above were committed with it; later ones belong to a later revision
            Map<String, FaqEntry> latest = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM madoguchi_faq_entry e "
                + "WHERE e.tenant_id = ? AND e.revision > ? AND e.revision <= ? ORDER BY e.revision, e.ordinal")) {
                ps.setString(1, tenant.value());
                ps.setLong(2, afterRevision);
                ps.setLong(3, revision);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        FaqEntry e = entry(rs);
                        latest.remove(e.id());
                        latest.put(e.id(), e);
                    }
                }
            }
            return new FaqChanges(revision, List.copyOf(latest.values()), synonyms);
        });
    }

    @Override
    public List<FaqEntry> write(TenantId tenant, List<FaqEntry> entries) {
        Objects.requireNonNull(tenant, "tenant");
        List<FaqEntry> batch = List.copyOf(entries);
        if (batch.isEmpty()) {
            return List.of();
        }
        ensureCatalogRow(tenant);
        return tx.inTransaction("write FAQs", c -> {
            long revision = revision(c, tenant, true) + 1;
            Map<String, FaqEntry> current = new HashMap<>();
            Map<String, Boolean> known = new HashMap<>();
            List<FaqEntry> out = new ArrayList<>(batch.size());
            List<FaqEntry> written = new ArrayList<>();
            for (FaqEntry e : batch) {
                if (!known.containsKey(e.id())) {
                    Optional<FaqEntry> stored = entry(c, tenant, e.id());
                    stored.ifPresent(s -> current.put(e.id(), s));
                    known.put(e.id(), stored.isPresent());
                }
                FaqEntry now = current.get(e.id());
                long version = now == null ? 0 : now.version();
                if (e.version() != 0 && e.version() != version) {
                    throw new ConflictException("FAQ '" + e.id() + "' was changed meanwhile: the edit is based on "
                        + "version " + e.version() + ", the current version is " + version
                        + "; read it again and retry");
                }
                if (now != null && e.withVersion(version).equals(now)) {
                    out.add(now);
                    continue;
                }
                FaqEntry next = e.withVersion(version + 1);
                current.put(e.id(), next);
                written.add(next);
                out.add(next);
            }
            if (written.isEmpty()) {
                return List.copyOf(out);
            }
            insertEntries(c, tenant, revision, written);
            updateCurrent(c, tenant, written, known);
            try (PreparedStatement ps = c.prepareStatement(
                "UPDATE madoguchi_faq_catalog SET revision = ? WHERE tenant_id = ?")) {
                ps.setLong(1, revision);
                ps.setString(2, tenant.value());
                ps.executeUpdate();
            }
            return List.copyOf(out);
        });
    }

    private static void insertEntries(Connection c, TenantId tenant, long revision, List<FaqEntry> written)
        throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_faq_entry (tenant_id, faq_id, version, "
            + "revision, ordinal, locale, question, phrasings, answer, links, category, tags, published) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int ordinal = 0;
            for (FaqEntry e : written) {
                ps.setString(1, tenant.value());
                ps.setString(2, e.id());
                ps.setLong(3, e.version());
                ps.setLong(4, revision);
                ps.setInt(5, ordinal++);
                ps.setString(6, e.locale().toLanguageTag());
                ps.setString(7, e.question());
                ps.setString(8, toJson(e.phrasings()));
                ps.setString(9, e.answer());
                ps.setString(10, toJson(e.links()));
                ps.setString(11, e.category());
                ps.setString(12, toJson(e.tags()));
                ps.setBoolean(13, e.published());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void updateCurrent(Connection c, TenantId tenant, List<FaqEntry> written, Map<String, Boolean> known)
        throws SQLException {
        // the last revision written of each FAQ in this batch is its current one
        Map<String, FaqEntry> last = new LinkedHashMap<>();
        written.forEach(e -> last.put(e.id(), e));
        long position;
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT COALESCE(MAX(position), 0) FROM madoguchi_faq_current WHERE tenant_id = ?")) {
            ps.setString(1, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                position = rs.getLong(1);
            }
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE madoguchi_faq_current SET version = ? WHERE tenant_id = ? AND faq_id = ?");
             PreparedStatement insert = c.prepareStatement(
                "INSERT INTO madoguchi_faq_current (tenant_id, faq_id, version, position) VALUES (?, ?, ?, ?)")) {
            boolean updates = false;
            boolean inserts = false;
            for (FaqEntry e : last.values()) {
                if (Boolean.TRUE.equals(known.get(e.id()))) {
                    update.setLong(1, e.version());
                    update.setString(2, tenant.value());
                    update.setString(3, e.id());
                    update.addBatch();
                    updates = true;
                } else {
                    insert.setString(1, tenant.value());
                    insert.setString(2, e.id());
                    insert.setLong(3, e.version());
                    insert.setLong(4, ++position);
                    insert.addBatch();
                    inserts = true;
                }
            }
            if (updates) {
                update.executeBatch();
            }
            if (inserts) {
                insert.executeBatch();
            }
        }
    }

    /** Creates the tenant's catalog row if it is missing, in its own transaction; another instance may win. */
    private void ensureCatalogRow(TenantId tenant) {
        retryOnDuplicate(() -> tx.inTransaction("create an FAQ catalog", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM madoguchi_faq_catalog WHERE tenant_id = ?")) {
                ps.setString(1, tenant.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO madoguchi_faq_catalog (tenant_id, revision, synonyms) VALUES (?, 0, '[]')")) {
                ps.setString(1, tenant.value());
                ps.executeUpdate();
            }
            return true;
        }));
    }

    /** Runs work again when it lost a race to insert the same key (the row exists now). */
    private static <T> T retryOnDuplicate(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (StoreException e) {
                if (attempt < 3 && e.getCause() instanceof SQLException s && SqlErrors.isUniqueViolation(s)) {
                    continue;
                }
                throw e;
            }
        }
    }

    @Override
    public Optional<FaqEntry> entry(TenantId tenant, String id) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        return tx.read("read an FAQ", c -> entry(c, tenant, id));
    }

    private static Optional<FaqEntry> entry(Connection c, TenantId tenant, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM madoguchi_faq_current k "
            + "JOIN madoguchi_faq_entry e ON e.tenant_id = k.tenant_id AND e.faq_id = k.faq_id "
            + "AND e.version = k.version "
            + "WHERE k.tenant_id = ? AND k.faq_id = ?")) {
            ps.setString(1, tenant.value());
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<FaqEntry> history(TenantId tenant, String id) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        return tx.read("read an FAQ's history", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM madoguchi_faq_entry e "
                + "WHERE e.tenant_id = ? AND e.faq_id = ? ORDER BY e.version")) {
                ps.setString(1, tenant.value());
                ps.setString(2, id);
                return entries(ps);
            }
        });
    }

    @Override
    public List<FaqEntry> entries(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return tx.read("read FAQs", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM madoguchi_faq_current k "
                + "JOIN madoguchi_faq_entry e ON e.tenant_id = k.tenant_id AND e.faq_id = k.faq_id "
                + "AND e.version = k.version WHERE k.tenant_id = ? ORDER BY k.position")) {
                ps.setString(1, tenant.value());
                return entries(ps);
            }
        });
    }

    private static List<FaqEntry> entries(PreparedStatement ps) throws SQLException {
        List<FaqEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(entry(rs));
            }
        }
        return List.copyOf(out);
    }

    private static FaqEntry entry(ResultSet rs) throws SQLException {
        return new FaqEntry(rs.getString(1), Locale.forLanguageTag(rs.getString(3)), rs.getString(4),
            fromJson(rs.getString(5), STRINGS), rs.getString(6), fromJson(rs.getString(7), STRINGS), rs.getString(8),
            fromJson(rs.getString(9), STRINGS), rs.getBoolean(10), rs.getLong(2));
    }

    @Override
    public List<TenantId> tenants() {
        return tx.read("read the FAQ tenants", c -> {
            List<TenantId> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT tenant_id FROM madoguchi_faq_catalog WHERE revision > 0");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(TenantId.of(rs.getString(1)));
                }
            }
            return List.copyOf(out);
        });
    }

    @Override
    public List<List<String>> synonyms(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return tx.read("read synonyms", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT synonyms FROM madoguchi_faq_catalog WHERE tenant_id = ?")) {
                ps.setString(1, tenant.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? fromJson(rs.getString(1), GROUPS) : List.<List<String>>of();
                }
            }
        });
    }

    @Override
    public void setSynonyms(TenantId tenant, List<List<String>> groups) {
        Objects.requireNonNull(tenant, "tenant");
        String json = toJson(FaqStore.checkSynonyms(groups));
        ensureCatalogRow(tenant);
        tx.execute("write synonyms", c -> {
            long revision = revision(c, tenant, true) + 1;
            try (PreparedStatement ps = c.prepareStatement(
                "UPDATE madoguchi_faq_catalog SET synonyms = ?, revision = ? WHERE tenant_id = ?")) {
                ps.setString(1, json);
                ps.setLong(2, revision);
                ps.setString(3, tenant.value());
                ps.executeUpdate();
            }
        });
    }

    @Override
    public long faqCount(TenantId tenant) {
        return count("count FAQs", "SELECT COUNT(*) FROM madoguchi_faq_current WHERE tenant_id = ?", tenant.value());
    }

    private long count(String what, String sql, String... args) {
        return tx.read(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    // ---------------------------------------------------------------- boosts

    @Override
    public FaqBoost updateBoost(TenantId tenant, String language, String queryKey, String faqId, Instant now,
                                BoostUpdate update) {
        Objects.requireNonNull(update, "update");
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        // validates the key before anything is written
        new FaqBoost(tenant, language, queryKey, faqId, 0, at);
        Instant cutoff = at.minus(retention.boostMaxAge());
        return retryOnDuplicate(() -> tx.inTransaction("update an FAQ boost", c -> {
            FaqBoost current = null;
            boolean exists = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT boost, changed_at FROM madoguchi_faq_boost "
                + "WHERE tenant_id = ? AND language = ? AND query_key = ? AND faq_id = ? FOR UPDATE")) {
                setKey(ps, tenant, language, queryKey, faqId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        exists = true;
                        Instant changed = instant(rs, 2);
                        // an expired boost counts as none and is overwritten
                        if (!changed.isBefore(cutoff)) {
                            current = new FaqBoost(tenant, language, queryKey, faqId, rs.getDouble(1), changed);
                        }
                    }
                }
            }
            double value = update.apply(current);
            if (exists) {
                overwrite(c, tenant, language, queryKey, faqId, value, at);
            } else {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_faq_boost (tenant_id, language, "
                    + "query_key, faq_id, boost, changed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    setKey(ps, tenant, language, queryKey, faqId);
                    ps.setDouble(5, value);
                    ps.setObject(6, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                    ps.executeUpdate();
                }
            }
            return finish(c, tenant, language, queryKey, faqId, at, cutoff);
        }));
    }

    private static void overwrite(Connection c, TenantId tenant, String language, String queryKey, String faqId,
                                  double value, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_faq_boost SET boost = ?, changed_at = ? "
            + "WHERE tenant_id = ? AND language = ? AND query_key = ? AND faq_id = ?")) {
            ps.setDouble(1, value);
            ps.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.setString(3, tenant.value());
            ps.setString(4, language);
            ps.setString(5, queryKey);
            ps.setString(6, faqId);
            ps.executeUpdate();
        }
    }

    /** Drops the tenant's expired boosts and those beyond the count bound; returns the stored boost. */
    private FaqBoost finish(Connection c, TenantId tenant, String language, String queryKey, String faqId, Instant at,
                            Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "DELETE FROM madoguchi_faq_boost WHERE tenant_id = ? AND changed_at < ?")) {
            ps.setString(1, tenant.value());
            ps.setObject(2, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            ps.executeUpdate();
        }
        long count;
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM madoguchi_faq_boost WHERE tenant_id = ?")) {
            ps.setString(1, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                count = rs.getLong(1);
            }
        }
        if (count > retention.maxBoostsPerTenant()) {
            List<String[]> drop = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT language, query_key, faq_id FROM madoguchi_faq_boost "
                + "WHERE tenant_id = ? ORDER BY changed_at, language, query_key, faq_id FETCH FIRST ? ROWS ONLY")) {
                ps.setString(1, tenant.value());
                ps.setLong(2, count - retention.maxBoostsPerTenant());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        drop.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM madoguchi_faq_boost "
                + "WHERE tenant_id = ? AND language = ? AND query_key = ? AND faq_id = ?")) {
                for (String[] k : drop) {
                    setKey(ps, tenant, k[0], k[1], k[2]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT boost, changed_at FROM madoguchi_faq_boost "
            + "WHERE tenant_id = ? AND language = ? AND query_key = ? AND faq_id = ?")) {
            setKey(ps, tenant, language, queryKey, faqId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("the FAQ boost just written is missing", false);
                }
                return new FaqBoost(tenant, language, queryKey, faqId, rs.getDouble(1), instant(rs, 2));
            }
        }
    }

    private static void setKey(PreparedStatement ps, TenantId tenant, String language, String queryKey, String faqId)
        throws SQLException {
        ps.setString(1, tenant.value());
        ps.setString(2, language);
        ps.setString(3, queryKey);
        ps.setString(4, faqId);
    }

    @Override
    public List<FaqBoost> boosts(TenantId tenant, String language, String queryKey, Collection<String> faqIds,
                                 Instant now) {
        Objects.requireNonNull(tenant, "tenant");
        FaqStore.checkLanguage(language);
        List<String> ids = List.copyOf(new LinkedHashSet<>(faqIds));
        if (ids.isEmpty()) {
            return List.of();
        }
        Instant cutoff = now.truncatedTo(ChronoUnit.MICROS).minus(retention.boostMaxAge());
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        return tx.read("read FAQ boosts", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT query_key, faq_id, boost, changed_at "
                + "FROM madoguchi_faq_boost WHERE tenant_id = ? AND language = ? AND query_key IN (?, '') "
                + "AND changed_at >= ? AND faq_id IN (" + marks + ")")) {
                ps.setString(1, tenant.value());
                ps.setString(2, language);
                ps.setString(3, queryKey);
                ps.setObject(4, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                for (int i = 0; i < ids.size(); i++) {
                    ps.setString(5 + i, ids.get(i));
                }
                List<FaqBoost> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new FaqBoost(tenant, language, rs.getString(1), rs.getString(2), rs.getDouble(3),
                            instant(rs, 4)));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    @Override
    public long boostCount(TenantId tenant) {
        return count("count FAQ boosts", "SELECT COUNT(*) FROM madoguchi_faq_boost WHERE tenant_id = ?",
            tenant.value());
    }

    // ---------------------------------------------------------------- gap log

    @Override
    public void recordGap(FaqGapQuery gap) {
        Objects.requireNonNull(gap, "gap");
        String terms = toJson(gap.terms());
        tx.execute("record an FAQ gap", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_faq_gap (tenant_id, language, "
                + "asked_at, question, terms) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, gap.tenant().value());
                ps.setString(2, gap.language());
                ps.setObject(3, OffsetDateTime.ofInstant(gap.at(), ZoneOffset.UTC));
                ps.setString(4, gap.text());
                ps.setString(5, terms);
                ps.executeUpdate();
            }
            dropOldGaps(c, gap.tenant(), gap.language(), gap.at());
            Long lastDropped = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM madoguchi_faq_gap WHERE tenant_id = ? "
                + "AND language = ? ORDER BY id DESC OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY")) {
                ps.setString(1, gap.tenant().value());
                ps.setString(2, gap.language());
                ps.setInt(3, retention.maxGapsPerLanguage());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        lastDropped = rs.getLong(1);
                    }
                }
            }
            if (lastDropped != null) {
                try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM madoguchi_faq_gap WHERE tenant_id = ? AND language = ? AND id <= ?")) {
                    ps.setString(1, gap.tenant().value());
                    ps.setString(2, gap.language());
                    ps.setLong(3, lastDropped);
                    ps.executeUpdate();
                }
            }
        });
    }

    private void dropOldGaps(Connection c, TenantId tenant, String language, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "DELETE FROM madoguchi_faq_gap WHERE tenant_id = ? AND language = ? AND asked_at < ?")) {
            ps.setString(1, tenant.value());
            ps.setString(2, language);
            ps.setObject(3, OffsetDateTime.ofInstant(
                now.truncatedTo(ChronoUnit.MICROS).minus(retention.gapMaxAge()), ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    @Override
    public List<FaqGapQuery> gaps(TenantId tenant, String language, Instant now) {
        Objects.requireNonNull(tenant, "tenant");
        FaqStore.checkLanguage(language);
        return tx.inTransaction("read the FAQ gap log", c -> {
            dropOldGaps(c, tenant, language, now);
            List<FaqGapQuery> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT question, terms, asked_at FROM madoguchi_faq_gap "
                + "WHERE tenant_id = ? AND language = ? ORDER BY id")) {
                ps.setString(1, tenant.value());
                ps.setString(2, language);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new FaqGapQuery(tenant, language, rs.getString(1), fromJson(rs.getString(2), STRINGS),
                            instant(rs, 3)));
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    @Override
    public long gapCount(TenantId tenant, String language) {
        return count("count FAQ gaps", "SELECT COUNT(*) FROM madoguchi_faq_gap WHERE tenant_id = ? AND language = ?",
            tenant.value(), language);
    }

    // ---------------------------------------------------------------- helpers

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not encode FAQ data as JSON", false, e);
        }
    }

    private static <T> T fromJson(@Nullable String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json == null ? "[]" : json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored FAQ row holds malformed JSON", false, e);
        }
    }
}
