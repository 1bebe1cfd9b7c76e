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

/**
 * {@code faq-eval} with the rerankers found through the provider registry: MiniLM, the English default,
 * and BGE-small-zh, the Japanese reranker named with {@code --reranker bge-small-zh}.
 */
class FaqEvalRerankerTest {

    /** Runs {@code faq-eval} on FAQs and queries given as JSON lines, with extra options. */
    private static JsonNode faqEval(Path dir, List<String> faqs, List<String> queries, String... options)
        throws Exception {
        Path faqFile = Files.write(dir.resolve("faqs.jsonl"), faqs, StandardCharsets.UTF_8);
        Path queryFile = Files.write(dir.resolve("queries.jsonl"), queries, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("faq-eval", "--faqs", faqFile.toString(), "--queries",
            queryFile.toString(), "--warmup", "0"));
        args.addAll(List.of(options));
        return FaqEvalCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void englishUsesMinilmByDefaultAndRanksParaphrasesThatLexicalMatchingMisses(@TempDir Path dir) throws Exception {
        List<String> faqs = List.of(
            "{\"id\": \"password\", \"question\": \"How do I reset my password?\", \"answer\": \"See the sign-in "
            + "page.\"}",
            "{\"id\": \"delivery\", \"question\": \"When will my parcel arrive?\", \"answer\": \"In 3 to 5 days.\"}",
            "{\"id\": \"cancel\", \"question\": \"How do I cancel an order?\", \"answer\": \"From the order page.\"}",
            "{\"id\": \"close\", \"question\": \"How do I close my account?\", \"answer\": \"Under Settings.\"}");
        List<String> queries = List.of(
            "{\"qid\": \"1\", \"query\": \"My order is late, when does it come?\", \"relevant\": [\"delivery\"]}",
            "{\"qid\": \"2\", \"query\": \"I cannot sign in to my account\", \"relevant\": [\"password\"]}");

        JsonNode lexical = faqEval(dir, faqs, queries, "--reranker", "none");
        JsonNode reranked = faqEval(dir, faqs, queries);

        assertThat(lexical.get("reranker").asText()).isEqualTo("none");
        assertThat(reranked.get("reranker").asText()).isEqualTo("minilm");
        assertThat(reranked.get("rerank_depth").asInt()).isEqualTo(100);
        assertThat(reranked.get("mrr10").asDouble()).isGreaterThan(lexical.get("mrr10").asDouble());
    }

    /**
     * The target on the real development sets, with the command's defaults (as the held-out
     * halves are checked; Japanese, lexical by default, is checked in {@link FaqEvalCommandTest}): MRR@10
     * at least 1.15 times the reference BM25, at most 5% of out-of-scope
     * queries answered, answered queries at least 90% right. Skipped when the data is not found.
     */
    @ParameterizedTest
    @ValueSource(strings = {"en_banking77", "en_clinc150", "en_hint3_curekart", "en_stackfaq"})
    void defaultsReachTheTarget(String set) throws Exception {
        Path d = FaqEvalCommandTest.dataDir().resolve(set);
        assumeTrue(Files.isDirectory(d), "evaluation data not found at " + d + " (set -Dmadoguchi.faq.data)");
        JsonNode r = FaqEvalCommandTest.run(FaqEvalCommandTest.args(d).toArray(String[]::new));

        assertThat(r.get("reranker").asText()).isEqualTo(set.startsWith("en_") ? "minilm" : "none");
        assertThat(r.get("ratio_mrr10").asDouble()).isGreaterThanOrEqualTo(1.15);
        if (r.has("oos_n")) {
            assertThat(r.get("in_scope_answer_precision").asDouble()).isGreaterThanOrEqualTo(0.9);
            assertThat(r.get("oos_declined").asDouble()).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void japaneseStaysLexicalUnlessTheJapaneseRerankerIsNamed(@TempDir Path dir) throws Exception {
        List<String> faqs = List.of(
            "{\"id\": \"1\", \"question\": \"住民票の写しを取りたい\", \"answer\": \"市役所の窓口で取得できます。\"}",
            "{\"id\": \"2\", \"question\": \"粗大ごみの出し方\", \"answer\": \"家具や自転車は事前に申し込みが必要です。\"}",
            "{\"id\": \"3\", \"question\": \"保育所の入所申し込み\", \"answer\": \"毎年11月に受け付けています。\"}");
        List<String> queries = List.of(
            "{\"qid\": \"a\", \"query\": \"住民票がほしい\", \"relevant\": [\"1\"]}",
            "{\"qid\": \"b\", \"query\": \"古い家具を捨てたい\", \"relevant\": [\"2\"]}");

        JsonNode byDefault = faqEval(dir, faqs, queries);
        JsonNode reranked = faqEval(dir, faqs, queries, "--reranker", "bge-small-zh");

        assertThat(byDefault.get("reranker").asText()).isEqualTo("none");
        assertThat(reranked.get("lang").asText()).isEqualTo("ja");
        assertThat(reranked.get("reranker").asText()).isEqualTo("bge-small-zh");
        assertThat(reranked.get("rerank_depth").asInt()).isEqualTo(100);
        assertThat(reranked.get("mrr10").asDouble()).isEqualTo(1.0);
    }

    /**
     * Issue 14's goal on LocalgovFAQ (skipped when the data is not found): with the Japanese reranker,
     * MRR@10 at least 1.12 times plain BM25 over all text ({@code baseline_alltext}) and above the
     * lexical matcher alone. The weight and FAQ text were chosen with repeated 2-fold splits of these
     * queries ({@code JapaneseRerankerEval} in benchmarks), so this guards the shipped setup against
     * regressions; the held-out half is the real test.
     */
    @Test
    void japaneseRerankerReachesTheTargetOnLocalgovFaq() throws Exception {
        Path d = FaqEvalCommandTest.dataDir().resolve("ja_localgovfaq");
        assumeTrue(Files.isDirectory(d), "evaluation data not found at " + d + " (set -Dmadoguchi.faq.data)");

        JsonNode lexical = FaqEvalCommandTest.run(FaqEvalCommandTest.args(d, "--reranker", "none")
            .toArray(String[]::new));
        JsonNode reranked = FaqEvalCommandTest.run(FaqEvalCommandTest.args(d, "--reranker", "bge-small-zh")
            .toArray(String[]::new));

        assertThat(reranked.at("/baseline_alltext/ratio_mrr10").asDouble()).isGreaterThanOrEqualTo(1.12);
        assertThat(reranked.get("mrr10").asDouble()).isGreaterThan(lexical.get("mrr10").asDouble() + 0.01);
    }
}
