package io.madoguchi.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextSplitterTest {

    private static void assertWellFormed(List<String> parts, String text, int max) {
        assertThat(String.join("", parts)).isEqualTo(text);
        for (String p : parts) {
            assertThat(p.length()).isLessThanOrEqualTo(max);
            assertThat(p).isNotEmpty();
            assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).as("ends inside a pair: %s", p).isFalse();
            assertThat(Character.isLowSurrogate(p.charAt(0))).as("starts inside a pair: %s", p).isFalse();
        }
    }

    @Test
    void aShortTextIsOnePart() {
        assertThat(TextSplitter.split("ご注文ありがとうございます。", 5_000)).containsExactly("ご注文ありがとうございます。");
    }

    @Test
    void aLongJapaneseTextIsSplitWithinTheLimitAndLosesNothing() {
        String text = "お問い合わせいただいた件について確認いたしました。".repeat(600); // 15,000 units
        List<String> parts = TextSplitter.split(text, 5_000);

        assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
        assertWellFormed(parts, text, 5_000);
    }

    @Test
    void surrogatePairsAreNeverCut() {
        // 𠮷 (U+20BB7) and 😀 are two UTF-16 units each; with an odd limit every naive cut lands inside one
        String text = "𠮷野家😀".repeat(1_000);
        for (int max : new int[] {3, 5, 7, 4_999}) {
            assertWellFormed(TextSplitter.split(text, max), text, max);
        }
    }

    @Test
    void aCombiningSoundMarkStaysWithItsKana() {
        // か + U+3099 (combining voiced mark) renders as が: the mark must not start a part
        String text = "か\u3099".repeat(50);
        List<String> parts = TextSplitter.split(text, 7);

        assertWellFormed(parts, text, 7);
        assertThat(parts).allSatisfy(p -> assertThat(p.charAt(0)).isEqualTo('か'));
    }

    @Test
    void partsPreferToEndAtALineBreakOrSentenceEnd() {
        String lines = "あ".repeat(25) + "。\n" + "い".repeat(20);
        String sentences = "う".repeat(25) + "。" + "え".repeat(20);

        assertThat(TextSplitter.split(lines, 30).get(0)).hasSize(27).endsWith("。\n");
        assertThat(TextSplitter.split(sentences, 30).get(0)).hasSize(26).endsWith("。");
        assertWellFormed(TextSplitter.split(lines, 30), lines, 30);
    }

    @Test
    void aLimitBelowTwoIsRefused() {
        assertThatThrownBy(() -> TextSplitter.split("あ", 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxUnits");
    }
}
