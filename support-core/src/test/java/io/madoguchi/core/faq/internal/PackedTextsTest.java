package io.madoguchi.core.faq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedTextsTest {

    @Test
    void japaneseTextsUnpackToTheirAnalysis() {
        FaqAnalysis japanese = FaqAnalysis.forLanguage("ja");
        List<FaqAnalysis.Terms> terms = new ArrayList<>();
        List<FaqAnalysis.Spelling> spellings = new ArrayList<>();
        for (String text : List.of("住民票の写しを取得したい", "ｺﾝﾋﾞﾆで住民税を納付できますか", "じゅうみんひょうがほしい",
            "マイナンバーカード（個人番号カード）の更新", "")) {
            terms.add(japanese.analyze(text, false));
            spellings.addAll(japanese.spellings(text));
        }

        String packed = PackedTexts.pack(terms, spellings);

        assertThat(PackedTexts.terms(packed)).isEqualTo(terms);
        assertThat(PackedTexts.spellings(packed)).isNotEmpty().isEqualTo(spellings);
        assertThat(terms.get(0).nouns()).isNotEmpty().isNotEqualTo(terms.get(0).words());
    }

    @Test
    void englishTextsUnpackWithEveryWordANounAndNoReadings() {
        FaqAnalysis english = FaqAnalysis.forLanguage("en");
        List<FaqAnalysis.Terms> terms = List.of(english.analyze("How do I reset my password?", false),
            english.analyze("Refund of a double charge", false));

        List<FaqAnalysis.Terms> unpacked = PackedTexts.terms(PackedTexts.pack(terms, List.of()));

        assertThat(unpacked).isEqualTo(terms);
        assertThat(unpacked.get(1).nouns()).isEqualTo(unpacked.get(1).words());
        assertThat(PackedTexts.spellings(PackedTexts.pack(terms, List.of()))).isEmpty();
    }

    @Test
    void wordsAndCountsBeyondOneCharacterOfLengthSurvive() {
        String longWord = "長".repeat(70_000);
        List<String> many = new ArrayList<>(Collections.nCopies(40_000, "窓口"));
        many.add(longWord);
        List<String> readings = new ArrayList<>(Collections.nCopies(40_000, "まどぐち"));
        readings.add("");
        FaqAnalysis.Terms t = new FaqAnalysis.Terms(many, readings.subList(0, 40_000), List.of(), readings,
            List.of(longWord));

        String packed = PackedTexts.pack(List.of(t), List.of(new FaqAnalysis.Spelling(longWord, "ながい")));

        assertThat(PackedTexts.terms(packed)).containsExactly(t);
        assertThat(PackedTexts.spellings(packed)).containsExactly(new FaqAnalysis.Spelling(longWord, "ながい"));
    }

    @Test
    void termsWhoseReadingsAreNotTheirWordsReadingsAreRefused() {
        FaqAnalysis.Terms t = new FaqAnalysis.Terms(List.of("住民票"), List.of("じゅうみん"), List.of(),
            List.of("じゅうみんひょう"), List.of("住民票"));

        assertThatThrownBy(() -> PackedTexts.pack(List.of(t), List.of()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readings");
    }
}
