package io.madoguchi.examples.faq.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.madoguchi.examples.cli.EvalDataAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WordPieceTokenizerTest {

    private static final WordPieceTokenizer MINILM = load("all-minilm-l6-v2-q-tokenizer.json", 256);

    private static final String ZH = "bge-small-zh-v1.5-q-tokenizer.json";

    private static WordPieceTokenizer load(String resource, int maxLength) {
        return load(resource, maxLength, false);
    }

    private static WordPieceTokenizer load(String resource, int maxLength, boolean forceStripAccents) {
        try (InputStream in = WordPieceTokenizerTest.class.getClassLoader().getResourceAsStream(resource)) {
            return WordPieceTokenizer.fromTokenizerJson(in, maxLength, forceStripAccents);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As shipped, the Chinese vocabulary has no voiced kana: every word with one becomes [UNK]. */
    @Test
    void chineseVocabularyAsShippedLosesWordsWithVoicedKana() {
        WordPieceTokenizer asShipped = load(ZH, 512);

        assertThat(asShipped.tokenize("住民票がほしい")).containsExactly("住", "民", "票", "[UNK]");
    }

    @Test
    void strippingAccentsReadsVoicedKanaAsTheirPlainKana() {
        WordPieceTokenizer stripped = load(ZH, 512, true);

        assertThat(stripped.tokenize("住民票がほしい")).doesNotContain("[UNK]").startsWith("住", "民", "票");
        assertThat(String.join("", stripped.tokenize("ごみ"))).isEqualTo("こ##み");
        assertThat(stripped.tokenize("ガイド")).isEqualTo(stripped.tokenize("カイト"));
    }

    @Test
    void theModelForJapaneseStripsAccentsWhateverItsTokenizerFileSays() {
        assertThat(EmbeddingModel.BGE_SMALL_ZH_V15_Q.stripAccents()).isTrue();
        assertThat(EmbeddingModel.ALL_MINILM_L6_V2_Q.stripAccents()).isFalse();
    }

    @Test
    void stripAccentsFollowsLowercaseUnlessSetAndCanBeForced() {
        Map<String, Integer> vocab = Map.of("[CLS]", 1, "[SEP]", 2, "[UNK]", 3, "cafe", 4, "Cafe", 5);
        assertThat(new WordPieceTokenizer(vocab, true, 16).tokenize("Café")).containsExactly("cafe");
        assertThat(new WordPieceTokenizer(vocab, false, 16).tokenize("Café")).containsExactly("[UNK]");
        assertThat(new WordPieceTokenizer(vocab, false, true, 16).tokenize("Café")).containsExactly("Cafe");
    }

    /**
     * On LocalgovFAQ (skipped when the evaluation data is not found): as shipped, 13% of the word pieces
     * of the queries and 4% of those of the FAQs (question and answer) are unknown; with accents
     * stripped, 0.3% of each.
     */
    @Test
    void onLocalgovFaqAlmostNoWordPieceIsUnknownOnceAccentsAreStripped() throws IOException {
        Path dir = EvalDataAccess.faqData().resolve("ja_localgovfaq");
        assumeTrue(Files.isDirectory(dir), "evaluation data not found at " + dir + " (set -Dmadoguchi.faq.data)");
        ObjectMapper json = new ObjectMapper();
        List<String> faqs = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("faqs.jsonl"), StandardCharsets.UTF_8)) {
            faqs.add(json.readTree(line).get("question").asText() + "\n" + json.readTree(line).get("answer").asText());
        }
        List<String> queries = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("queries.jsonl"), StandardCharsets.UTF_8)) {
            queries.add(json.readTree(line).get("query").asText());
        }
        WordPieceTokenizer asShipped = load(ZH, 512);
        WordPieceTokenizer stripped = load(ZH, 512, true);

        assertThat(unknownShare(asShipped, queries)).isGreaterThan(0.10);
        assertThat(unknownShare(asShipped, faqs)).isGreaterThan(0.03);
        assertThat(unknownShare(stripped, queries)).isLessThan(0.005);
        assertThat(unknownShare(stripped, faqs)).isLessThan(0.005);
    }

    private static double unknownShare(WordPieceTokenizer tokenizer, List<String> texts) {
        long pieces = 0;
        long unknown = 0;
        for (String text : texts) {
            for (String piece : tokenizer.tokenize(text)) {
                pieces++;
                unknown += piece.equals("[UNK]") ? 1 : 0;
            }
        }
        return (double) unknown / pieces;
    }

    /** Ids as published for bert-base-uncased (the vocabulary both bundled models use). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Hello, my dog is cute | 101 7592 1010 2026 3899 2003 10140 102",
        "Hello, world!         | 101 7592 1010 2088 999 102",
        "''                    | 101 102",
    })
    void encodesKnownSentencesToPublishedIds(String text, String expected) {
        int[] ids = MINILM.encode(text);
        assertThat(ids).containsExactly(
            java.util.Arrays.stream(expected.trim().split(" ")).mapToInt(Integer::parseInt).toArray());
    }

    @Test
    void lowercasesStripsAccentsAndSplitsPunctuation() {
        assertThat(MINILM.tokenize("Héllo WORLD!!! résumé's"))
            .containsExactly("hello", "world", "!", "!", "!", "resume", "'", "s");
    }

    @Test
    void splitsWordsIntoLongestMatchingPieces() {
        assertThat(MINILM.tokenize("I have a new GPU! passwords")).containsExactly("i", "have", "a", "new", "gp", "##u",
                "!", "password", "##s");
    }

    @Test
    void splitsCjkIdeographsIntoSingleCharactersButKeepsKanaRuns() {
        assertThat(MINILM.basicTokens("パスワードを忘れた東京"))
            .containsExactly("ハスワートを", "忘", "れた", "東", "京");
    }

    @Test
    void replacesUnknownWordsWholeWithUnk() {
        WordPieceTokenizer tiny = new WordPieceTokenizer(
            Map.of("[CLS]", 1, "[SEP]", 2, "[UNK]", 3, "pass", 4, "##word", 5), true, 16);
        assertThat(tiny.tokenize("password passxyz")).containsExactly("pass", "##word", "[UNK]");
        assertThat(tiny.encode("password passxyz")).containsExactly(1, 4, 5, 3, 2);
    }

    @Test
    void dropsControlCharactersAndTreatsTabsAsSpaces() {
        assertThat(MINILM.tokenize("reset\u0000\u200b my\tpassword\u00a0now"))
            .containsExactly("reset", "my", "password", "now");
    }

    @Test
    void truncatesToMaxLengthKeepingSeparator() {
        WordPieceTokenizer short8 = load("all-minilm-l6-v2-q-tokenizer.json", 8);
        int[] ids = short8.encode("one two three four five six seven eight nine ten");
        assertThat(ids).hasSize(8);
        assertThat(ids[0]).isEqualTo(101);
        assertThat(ids[7]).isEqualTo(102);
        assertThat(ids[6]).isEqualTo(MINILM.encode("six")[1]);
    }
}
