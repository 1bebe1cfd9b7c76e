package io.madoguchi.examples.faq.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WordPieceTokenizerTest {

    private static final WordPieceTokenizer MINILM = load("all-minilm-l6-v2-q-tokenizer.json", 256);

    private static WordPieceTokenizer load(String resource, int maxLength) {
        try (InputStream in = WordPieceTokenizerTest.class.getClassLoader().getResourceAsStream(resource)) {
            return WordPieceTokenizer.fromTokenizerJson(in, maxLength);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        assertThat(MINILM.tokenize("I have a new GPU! passwords")).containsExactly("i", "have", "a", "new", "gp", "##u", "!", "password", "##s");
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
