package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A --features file that cannot be written is one line naming the option. */
class FaqEvalFeaturesPathTest {

    @Test
    void aFeaturesFileInAMissingDirectoryIsOneLineNamingTheOption(@TempDir Path dir) throws Exception {
        Path faqs = Files.write(dir.resolve("faqs.jsonl"), List.of("{\"id\": \"1\", \"question\": \"住民票の写しを取りたい\", "
            + "\"answer\": \"窓口で取得できます。\"}"), StandardCharsets.UTF_8);
        Path queries = Files.write(dir.resolve("queries.jsonl"),
            List.of("{\"qid\": \"a\", \"query\": \"住民票が欲しい\", \"relevant\": [\"1\"]}"), StandardCharsets.UTF_8);
        Path features = dir.resolve("nonexistent").resolve("dir").resolve("f.tsv");
        CliTestRun r = CliTestRun.of("faq-eval", "--faqs", faqs.toString(), "--queries", queries.toString(),
            "--warmup", "0", "--reranker", "none", "--features", features.toString());
        assertThat(r.isOneLineBadInput()).as(r.err()).isTrue();
        assertThat(r.err()).startsWith("error: --features: cannot write '" + features + "'");
        assertThat(r.out()).isEmpty();
    }
}
