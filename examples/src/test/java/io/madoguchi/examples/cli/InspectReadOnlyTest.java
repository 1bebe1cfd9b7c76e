package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.store.jdbc.JdbcSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect reads only: the H2 file's bytes are the same after it as before. */
class InspectReadOnlyTest {

    @TempDir
    Path dir;

    @Test
    void inspectLeavesTheDatabaseFileAsItWas() throws Exception {
        try (HikariDataSource ds = StoreOption.open("h2:" + dir.resolve("desk"), null, Map.of())) {
            JdbcSchema.migrate(ds);
        }
        Path file = dir.resolve("desk.mv.db");
        byte[] before = Files.readAllBytes(file);

        CliTestRun r = CliTestRun.of("inspect", "--store", "h2:" + dir.resolve("desk"));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"tickets\":0");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void inspectOfAnEmptyFileLeavesItEmpty() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.mv.db"));

        CliTestRun r = CliTestRun.of("inspect", "--store", "h2:" + dir.resolve("empty"));

        assertThat(r.isOneLineBadInput()).as(r.err()).isTrue();
        assertThat(Files.size(file)).isZero();
    }
}
