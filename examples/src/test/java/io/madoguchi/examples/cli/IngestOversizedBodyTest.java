package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file larger than a provider would ever send is refused by ingest as verify-webhook refuses it. */
class IngestOversizedBodyTest {

    @TempDir
    Path dir;

    @Test
    void aThreeMegabyteFileIsOneLineNamingTheFile() throws Exception {
        Path big = Files.write(dir.resolve("big.bin"), new byte[3 * 1024 * 1024]);
        CliTestRun r = CliTestRun.of("ingest", "--channel", "line", "--secret", "s", big.toString());
        assertThat(r.isOneLineBadInput()).as(r.err()).isTrue();
        assertThat(r.err()).startsWith("ingest: FILE: ").contains(big.toString());
        assertThat(r.out()).isEmpty();
    }
}
