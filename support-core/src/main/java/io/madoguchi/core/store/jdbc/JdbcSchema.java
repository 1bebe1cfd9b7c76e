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
import java.util.Locale;
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
 *
 * <p>Another module's stores keep their own sequence of scripts, with their own version table,
 * and apply it with {@link #migrate(DataSource, Scripts)}: this schema knows nothing of them.
 */
public final class JdbcSchema {

    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    /** The scripts in the order they apply; their versions are 1, 2, … in this order. */
    static final List<String> SCRIPTS = List.of("V1__desk.sql", "V2__components.sql", "V3__faq.sql",
        "V4__queue_indexes.sql", "V5__parked_redelivery.sql", "V6__action_keys.sql");

    /** The schema version this library's stores need. */
    public static final int CURRENT_VERSION = SCRIPTS.size();

    /**
     * A sequence of versioned schema scripts with its own version table: the desk's ({@link #DESK}) or another
     * module's. Its scripts lie in the jar under {@code root/postgresql} and {@code root/h2}.
     *
     * @param name what the schema holds, for error messages ("Madoguchi", "Madoguchi channels")
     * @param root the class-path folder holding one folder per database
     * @param versionTable the table that records the applied versions (lower-case letters and '_')
     * @param scripts the script names in the order they apply, {@code V1__…sql}, {@code V2__…sql}, …
     */
    public record Scripts(String name, String root, String versionTable, List<String> scripts) {

        private static final Pattern TABLE = Pattern.compile("[a-z_]{1,60}");

        /**
         * @param name what the schema holds
         * @param root the class-path folder holding one folder per database
         * @param versionTable the version table
         * @param scripts the script names in order
         * @throws IllegalArgumentException if the table name or a script name is not as described
         */
        public Scripts {
            scripts = List.copyOf(scripts);
            if (!TABLE.matcher(versionTable).matches()) {
                throw new IllegalArgumentException("versionTable must be lower-case letters and '_', was "
                    + versionTable);
            }
            for (int i = 0; i < scripts.size(); i++) {
                Matcher m = NAME.matcher(scripts.get(i));
                if (!m.matches() || Integer.parseInt(m.group(1)) != i + 1) {
                    throw new IllegalArgumentException("schema script " + scripts.get(i) + " is out of order");
                }
            }
        }

        /** @return the version its scripts reach */
        public int currentVersion() {
            return scripts.size();
        }

        /**
         * @param dialect a database
         * @return the class-path folder of that database's scripts
         */
        public String location(SqlDialect dialect) {
            return root + "/" + dialect.name().toLowerCase(Locale.ROOT);
        }
    }

    /** The desk's schema: version table {@code madoguchi_schema_version}, scripts under {@code io/madoguchi/db}. */
    public static final Scripts DESK = new Scripts("Madoguchi", "io/madoguchi/db", "madoguchi_schema_version",
        SCRIPTS);

    private static final long ADVISORY_LOCK_KEY = 0x6d61646f67756368L; // "madoguch"
    private static final Map<String, ReentrantLock> H2_LOCKS = new ConcurrentHashMap<>();

    private JdbcSchema() {}

    /**
     * Brings the database's schema to {@link #CURRENT_VERSION}.
     *
     * @param dataSource the host's data source; its user must be allowed to create tables
     * @return the version before the call (0 for an empty database)
     * @throws StoreException when the database fails or its schema is newer than this library
     */
    public static int migrate(DataSource dataSource) {
        return migrate(dataSource, DESK, CURRENT_VERSION);
    }

    /**
     * Brings a database's schema for a sequence of scripts to its current version, as {@link #migrate(DataSource)}
     * does for the desk's.
     *
     * @param dataSource the host's data source; its user must be allowed to create tables
     * @param scripts the sequence
     * @return the version before the call (0 when none was applied)
     * @throws StoreException when the database fails or its schema is newer than the scripts
     */
    public static int migrate(DataSource dataSource, Scripts scripts) {
        return migrate(dataSource, scripts, scripts.currentVersion());
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
        return migrate(dataSource, DESK, targetVersion);
    }

    private static int migrate(DataSource dataSource, Scripts scripts, int targetVersion) {
        if (targetVersion < 1 || targetVersion > scripts.currentVersion()) {
            throw new IllegalArgumentException("targetVersion must be 1.." + scripts.currentVersion() + ", was "
                + targetVersion);
        }
        SqlDialect dialect = SqlDialect.of(dataSource);
        Transactions tx = new Transactions(dataSource);
        if (dialect == SqlDialect.POSTGRESQL) {
            return tx.inTransaction("apply the Madoguchi schema", c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, ADVISORY_LOCK_KEY);
                    ps.execute();
                }
                return applyMissing(c, dialect, scripts, targetVersion);
            });
        }
        String url = tx.read("read the database URL", c -> c.getMetaData().getURL());
        ReentrantLock lock = H2_LOCKS.computeIfAbsent(url, u -> new ReentrantLock());
        lock.lock();
        try {
            return tx.inTransaction("apply the Madoguchi schema",
                c -> applyMissing(c, dialect, scripts, targetVersion));
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
        return version(dataSource, DESK);
    }

    /**
     * @param dataSource the host's data source
     * @param scripts a sequence of scripts
     * @return the version of that sequence the database has, 0 when it has none
     * @throws StoreException when the database fails
     */
    public static int version(DataSource dataSource, Scripts scripts) {
        return new Transactions(dataSource).read("read the " + scripts.name() + " schema version",
            c -> installedVersion(c, scripts));
    }

    private static int applyMissing(Connection c, SqlDialect dialect, Scripts scripts, int targetVersion)
        throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + scripts.versionTable() + " ("
                + "version INTEGER PRIMARY KEY, script VARCHAR(200) NOT NULL, "
                + "installed_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        int installed = installedVersion(c, scripts);
        if (installed > scripts.currentVersion()) {
            throw new StoreException("the database has " + scripts.name() + " schema version " + installed
                + ", newer than this library's " + scripts.currentVersion() + ": upgrade the library", false);
        }
        for (int v = installed + 1; v <= targetVersion; v++) {
            String script = scripts.scripts().get(v - 1);
            try (Statement s = c.createStatement()) {
                for (String statement : statements(read(scripts.location(dialect) + "/" + script))) {
                    s.execute(statement);
                }
            }
            // installed_at is the database's own time: the record of an installation, not a desk time
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + scripts.versionTable()
                + " (version, script, installed_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
                ps.setInt(1, v);
                ps.setString(2, script);
                ps.executeUpdate();
            }
        }
        return installed;
    }

    private static int installedVersion(Connection c, Scripts scripts) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + scripts.versionTable())) {
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
