package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class JdbcSchemaTest {

    @Test
    void migrateOnEmptyPostgresAppliesEveryVersionOnceAndAgainChangesNothing() {
        try (HikariDataSource ds = TestDatabases.postgres()) {
            assertThat(SqlDialect.of(ds)).isEqualTo(SqlDialect.POSTGRESQL);
            assertThat(JdbcSchema.version(ds)).isZero();
            assertThat(JdbcSchema.migrate(ds)).isZero();
            assertThat(JdbcSchema.version(ds)).isEqualTo(JdbcSchema.CURRENT_VERSION);
            assertThat(JdbcSchema.migrate(ds)).isEqualTo(JdbcSchema.CURRENT_VERSION);
        }
    }

    @Test
    void migrateOnH2() {
        DataSource ds = TestDatabases.h2();
        assertThat(SqlDialect.of(ds)).isEqualTo(SqlDialect.H2);
        assertThat(JdbcSchema.migrate(ds)).isZero();
        assertThat(JdbcSchema.migrate(ds)).isEqualTo(JdbcSchema.CURRENT_VERSION);
    }

    @Test
    void fourInstancesStartingAtOnceOnPostgresApplyTheSchemaOnce() throws Exception {
        try (HikariDataSource ds = TestDatabases.postgres()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<Integer>> starts = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    starts.add(() -> JdbcSchema.migrate(ds));
                }
                List<Integer> before = new ArrayList<>();
                for (Future<Integer> f : pool.invokeAll(starts)) {
                    before.add(f.get());
                }
                // exactly one instance found the database empty; the others found it done
                assertThat(before).containsOnlyOnce(0);
                assertThat(before).filteredOn(v -> v == JdbcSchema.CURRENT_VERSION).hasSize(3);
                assertThat(JdbcSchema.version(ds)).isEqualTo(JdbcSchema.CURRENT_VERSION);
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void aSequenceOfScriptsOutOfOrderOrWithAnUnsafeTableNameIsRefused() {
        assertThatThrownBy(() -> new JdbcSchema.Scripts("別のモジュール", "io/madoguchi/db/other", "other_version",
            List.of("V1__a.sql", "V3__c.sql"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("V3");
        assertThatThrownBy(() -> new JdbcSchema.Scripts("別のモジュール", "io/madoguchi/db/other",
            "other_version; DROP TABLE x", List.of("V1__a.sql"))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("versionTable");
    }

    @Test
    void scriptsSplitAtSemicolonsThatEndALine() {
        assertThat(JdbcSchema.statements("-- a comment\nCREATE TABLE a (\n id INT\n);\n\nCREATE INDEX i ON a (id);\n"))
            .containsExactly("CREATE TABLE a (\nid INT\n)", "CREATE INDEX i ON a (id)");
    }
}
