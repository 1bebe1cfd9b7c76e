package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The versioned schema of the JDBC stores, and a way to apply it for hosts without a migration tool.
 *
 * <p>The scripts ship in the jar under {@link SqlDialect#scriptLocation()}, one folder per database, named
 * {@code V<n>__<what>.sql} so Flyway ({@code locations=classpath:io/madoguchi/db/postgresql}) or Liquibase can run
 * them instead. {@link #migrate(DataSource)} applies the scripts a database does not have yet and records each in
 * the table {@code madoguchi_schema_version}. It is idempotent, and safe when several host instances start at once:
 * on PostgreSQL the instances queue on an advisory lock and the DDL of all missing versions commits in one
 * transaction; H2, whose file can be open in one process only, is serialised within the JVM.
 */
public final class JdbcSchema {

    /** The scripts in the order they apply; their versions are 1, 2, … in this order. */
    static final List<String> SCRIPTS = List.of("V1__desk.sql", "V2__components.sql", "V3__faq.sql");

    /** The schema version this library's stores need. */
    public static final int CURRENT_VERSION = SCRIPTS.size();

    private static final long ADVISORY_LOCK_KEY = 0x6d61646f67756368L; // "madoguch"
    private static final Map<String, ReentrantLock> H2_LOCKS = new ConcurrentHashMap<>();
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    private JdbcSchema() {}

    /**
     * Brings the database's schema to {@link #CURRENT_VERSION}.
     *
     * @param dataSource the host's data source; its user must be allowed to create tables
     * @return the version before the call (0 for an empty database)
     * @throws StoreException when the database fails or its schema is newer than this library
     */
    public static int migrate(DataSource dataSource) {
        return migrate(dataSource, CURRENT_VERSION);
    }

    /**
     * Brings the database's schema to a given version, no further; used to test upgrades from older versions.
     *
     * @param dataSource the host's data source
     * @param targetVersion the version to reach, from 1 to {@link #CURRENT_VERSION}
     * @return the version before the call
     * @throws StoreException when the database fails or its schema is newer than this library
     */
    public static int migrate(DataSource dataSource, int targetVersion) {
        if (targetVersion < 1 || targetVersion > CURRENT_VERSION) {
            throw new IllegalArgumentException("targetVersion must be 1.." + CURRENT_VERSION + ", was " + targetVersion);
        }
        SqlDialect dialect = SqlDialect.of(dataSource);
        Transactions tx = new Transactions(dataSource);
        if (dialect == SqlDialect.POSTGRESQL) {
            return tx.inTransaction("apply the Madoguchi schema", c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, ADVISORY_LOCK_KEY);
                    ps.execute();
                }
                return applyMissing(c, dialect, targetVersion);
            });
        }
        String url = tx.read("read the database URL", c -> c.getMetaData().getURL());
        ReentrantLock lock = H2_LOCKS.computeIfAbsent(url, u -> new ReentrantLock());
        lock.lock();
        try {
            return tx.inTransaction("apply the Madoguchi schema", c -> applyMissing(c, dialect, targetVersion));
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param dataSource the host's data source
     * @return the schema version the database has, 0 when it has none
     * @throws StoreException when the database fails
     */
    public static int version(DataSource dataSource) {
        return new Transactions(dataSource).read("read the Madoguchi schema version", JdbcSchema::installedVersion);
    }

    private static int applyMissing(Connection c, SqlDialect dialect, int targetVersion) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS madoguchi_schema_version ("
                + "version INTEGER PRIMARY KEY, script VARCHAR(200) NOT NULL, "
                + "installed_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        int installed = installedVersion(c);
        if (installed > CURRENT_VERSION) {
            throw new StoreException("the database has Madoguchi schema version " + installed
                + ", newer than this library's " + CURRENT_VERSION + ": upgrade the library", false);
        }
        for (int v = installed + 1; v <= targetVersion; v++) {
            String script = SCRIPTS.get(v - 1);
            Matcher m = NAME.matcher(script);
            if (!m.matches() || Integer.parseInt(m.group(1)) != v) {
                throw new IllegalStateException("schema script " + script + " is out of order");
            }
            try (Statement s = c.createStatement()) {
                for (String statement : statements(read(dialect.scriptLocation() + "/" + script))) {
                    s.execute(statement);
                }
            }
            // installed_at is the database's own time: the record of an installation, not a desk time
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_schema_version "
                + "(version, script, installed_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
                ps.setInt(1, v);
                ps.setString(2, script);
                ps.executeUpdate();
            }
        }
        return installed;
    }

    private static int installedVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM madoguchi_schema_version")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "42S02".equals(e.getSQLState()) || "42S04".equals(e.getSQLState())
                || "42102".equals(e.getSQLState())) {
                return 0; // no version table yet
            }
            throw e;
        }
    }

    /** Splits a script into statements at each ';' that ends a line; lines starting with "--" are comments. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString());
        }
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = JdbcSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema script missing from the jar: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("could not read schema script " + resource, false, e);
        }
    }
}
