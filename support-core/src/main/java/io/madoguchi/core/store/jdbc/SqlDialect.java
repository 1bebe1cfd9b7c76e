package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The databases the JDBC stores run on. Each has its own folder of schema scripts in the jar
 * ({@link #scriptLocation()}), so a host that runs Flyway or Liquibase points its tool at that folder.
 */
public enum SqlDialect {
    /** PostgreSQL 12 or later: the production database, shared by many host instances. */
    POSTGRESQL("io/madoguchi/db/postgresql"),
    /** H2 2.x, in file mode: the embedded default for one machine. */
    H2("io/madoguchi/db/h2");

    private final String scriptLocation;

    SqlDialect(String scriptLocation) {
        this.scriptLocation = scriptLocation;
    }

    /**
     * @return the class-path folder of this database's versioned schema scripts, named {@code V<n>__<what>.sql}
     *     as Flyway expects ({@code classpath:io/madoguchi/db/postgresql} in a Flyway configuration)
     */
    public String scriptLocation() {
        return scriptLocation;
    }

    /**
     * Tells which database a data source leads to, from its driver's product name.
     *
     * @param dataSource the host's data source
     * @return the dialect
     * @throws StoreException when the database cannot be reached (transient) or is none of these (permanent)
     */
    public static SqlDialect of(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return of(c);
        } catch (SQLException e) {
            throw SqlErrors.translate("connect to the database", e);
        }
    }

    static SqlDialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("h2")) {
            return H2;
        }
        throw new StoreException("unsupported database '" + product + "': Madoguchi runs on PostgreSQL or H2", false);
    }
}
