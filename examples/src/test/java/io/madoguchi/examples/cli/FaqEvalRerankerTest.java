package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code faq-eval --reranker minilm}: the embedding reranker found through the provider registry. */
class FaqEvalRerankerTest {

    @Test
    void minilmRerankerRanksParaphrasesThatLexicalMatchingMisses(@TempDir Path dir) throws Exception {
        Path faqs = dir.resolve("faqs.jsonl");
        Files.write(faqs, List.of(
            "{\"id\": \"password\", \"question\": \"How do I reset my password?\", \"answer\": \"\"}",
            "{\"id\": \"delivery\", \"question\": \"When will my parcel arrive?\", \"answer\": \"\"}",
            "{\"id\": \"cancel\", \"question\": \"How do I cancel an order?\", \"answer\": \"\"}",
            "{\"id\": \"close\", \"question\": \"How do I close my account?\", \"answer\": \"\"}"),
            StandardCharsets.UTF_8);
        Path queries = dir.resolve("queries.jsonl");
        Files.write(queries, List.of(
            "{\"qid\": \"1\", \"query\": \"My order is late, when does it come?\", \"relevant\": [\"delivery\"]}",
            "{\"qid\": \"2\", \"query\": \"I cannot sign in to my account\", \"relevant\": [\"password\"]}"),
            StandardCharsets.UTF_8);

        JsonNode lexical = FaqEvalCommandTest.run("faq-eval", "--faqs", faqs.toString(), "--queries", queries.toString());
        JsonNode reranked = FaqEvalCommandTest.run("faq-eval", "--faqs", faqs.toString(), "--queries", queries.toString(),
            "--reranker", "minilm");

        assertThat(reranked.get("reranker").asText()).isEqualTo("minilm");
        assertThat(reranked.get("mrr10").asDouble()).isGreaterThan(lexical.get("mrr10").asDouble());
    }

    /**
     * The English target on the real development sets: MRR@10 at least 1.15 times plain BM25,
     * and answered queries still at least 90% right. Skipped when the data is not beside the clone.
     */
    @ParameterizedTest
    @ValueSource(strings = {"en_banking77", "en_clinc150", "en_hint3_curekart", "en_stackfaq"})
    void minilmRerankerReachesTheEnglishTarget(String set) throws Exception {
        Path d = FaqEvalCommandTest.dataDir().resolve(set);
        assumeTrue(Files.isDirectory(d), "evaluation data not found at " + d + " (set -Dmadoguchi.faq.data)");
        List<String> args = new ArrayList<>(List.of("faq-eval", "--faqs", d.resolve("faqs.jsonl").toString(),
            "--queries", d.resolve("queries.jsonl").toString(), "--baseline", "--reranker", "minilm"));
        boolean hasOos = Files.exists(d.resolve("queries_oos.jsonl"));
        if (hasOos) {
            args.addAll(List.of("--oos", d.resolve("queries_oos.jsonl").toString()));
        }
        JsonNode r = FaqEvalCommandTest.run(args.toArray(String[]::new));

        assertThat(r.get("ratio_mrr10").asDouble()).isGreaterThanOrEqualTo(1.15);
        if (hasOos) {
            assertThat(r.get("in_scope_answer_precision").asDouble()).isGreaterThanOrEqualTo(0.9);
            assertThat(r.get("oos_declined").asDouble()).isGreaterThanOrEqualTo(0.95);
        }
    }
}
