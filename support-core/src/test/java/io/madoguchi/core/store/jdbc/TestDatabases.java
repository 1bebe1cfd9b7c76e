package io.madoguchi.core.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Databases for the JDBC store tests: a fresh H2 database per call, and a fresh database per call in one embedded
 * PostgreSQL (zonky: real PostgreSQL binaries from the Maven registry) started once per JVM. PostgreSQL that cannot
 * start fails the test; it never skips it.
 */
public final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Queue<HikariDataSource> OPEN = new ConcurrentLinkedQueue<>();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {}

    /**
     * Calls a method reflectively for a test's proxy, throwing what the method threw rather than its wrapper.
     *
     * @param method the method
     * @param target what it is called on
     * @param args its arguments
     * @return what it returned
     * @throws Throwable what it threw
     */
    public static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** @return a fresh, empty in-memory H2 database that lives until the JVM ends */
    public static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:madoguchi" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    /**
     * @param file the database file, without H2's ".mv.db" suffix
     * @return an H2 database in file mode, as the embedded default runs it: kept open until the JVM ends
     *     ({@code DB_CLOSE_DELAY=-1}), because H2 closing and reopening the file as connections come and go loses
     *     commits under load (seen with the desk store contract)
     */
    public static DataSource h2File(Path file) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    /** @return a pooled data source on a fresh, empty database of the shared embedded PostgreSQL */
    public static HikariDataSource postgres() {
        EmbeddedPostgres pg = embeddedPostgres();
        String name = "madoguchi" + COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test database in the embedded PostgreSQL", e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl("postgres", name));
        config.setUsername("postgres");
        config.setMaximumPoolSize(8);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    /** @return a fresh in-memory H2 database at the current schema version */
    public static DataSource migratedH2() {
        DataSource ds = h2();
        JdbcSchema.migrate(ds);
        return ds;
    }

    /**
     * @return a pooled data source on a fresh database of the shared embedded PostgreSQL at the current schema
     *     version, closed after the test by {@link ClosePools}
     */
    public static HikariDataSource migratedPostgres() {
        HikariDataSource ds = postgres();
        OPEN.add(ds);
        JdbcSchema.migrate(ds);
        return ds;
    }

    /** Closes the pools {@link #migratedPostgres()} and {@link #samePostgres} opened, after each test. */
    public static final class ClosePools implements AfterEachCallback {
        @Override
        public void afterEach(ExtensionContext context) {
            HikariDataSource ds;
            while ((ds = OPEN.poll()) != null) {
                ds.close();
            }
        }
    }

    /**
     * @param first a data source from {@link #postgres()}
     * @return another pool on the same database, as a second host process would have
     */
    public static HikariDataSource samePostgres(HikariDataSource first) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(first.getJdbcUrl());
        config.setUsername("postgres");
        config.setMaximumPoolSize(8);
        config.setPoolName(first.getPoolName() + "-second");
        HikariDataSource ds = new HikariDataSource(config);
        OPEN.add(ds);
        return ds;
    }

    /** @return the shared embedded PostgreSQL, started on first use */
    public static synchronized EmbeddedPostgres embeddedPostgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start (the PostgreSQL tests must run)", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is ending; the data directory is temporary
                }
            }));
        }
        return postgres;
    }
}
