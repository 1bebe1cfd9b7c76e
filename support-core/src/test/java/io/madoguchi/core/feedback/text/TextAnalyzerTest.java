package io.madoguchi.core.feedback.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.feedback.text.Sentiment.Label;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextAnalyzerTest {

    private final TextAnalyzer analyzer = TextAnalyzer.defaults();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        とても満足しています。                 | POSITIVE
        満足していません。                     | NEGATIVE
        満足できなかった。                     | NEGATIVE
        対応が遅い。                           | NEGATIVE
        担当者は親切ではなかった。             | NEGATIVE
        説明が丁寧で助かりました。             | POSITIVE
        最悪の対応でした。                     | NEGATIVE
        悪くない                               | POSITIVE
        対応は遅くなかったです。               | POSITIVE
        問題ありません。                       | POSITIVE
        迅速な対応ありがとうございました。     | POSITIVE
        配送状況を確認したいです。             | NEUTRAL
        丁寧でしたが、返金が遅くて困りました。 | NEGATIVE
        全く満足できません                     | NEGATIVE
        ＳＵＰＥＲ満足です                     | POSITIVE
        """)
    void japaneseSentimentHandlesNegation(String text, Label expected) {
        assertThat(analyzer.analyze(text).sentiment().label()).as(text).isEqualTo(expected);
        assertThat(analyzer.analyze(text).language()).isEqualTo("ja");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        Great support, thank you!               | POSITIVE
        I am not satisfied with the answer.     | NEGATIVE
        The agent wasn't helpful at all.        | NEGATIVE
        Never helpful, always slow.             | NEGATIVE
        Not bad.                                | POSITIVE
        The delivery status was updated.        | NEUTRAL
        It was good but the refund was slow and rude. | NEGATIVE
        """)
    void englishSentimentHandlesNegation(String text, Label expected) {
        assertThat(analyzer.analyze(text).sentiment().label()).as(text).isEqualTo(expected);
    }

    @Test
    void negatedNegativeIsOnlyMildlyPositive() {
        double notBad = analyzer.analyze("悪くない").sentiment().score();
        double good = analyzer.analyze("良い").sentiment().score();
        assertThat(notBad).isGreaterThan(0.1).isLessThan(0.5).isLessThan(good);
        assertThat(analyzer.analyze("満足していません").sentiment().score()).isLessThanOrEqualTo(-0.5);
        assertThat(analyzer.analyze("not bad").sentiment().score()).isGreaterThan(0.1).isLessThan(0.5);
    }

    @Test
    void japaneseKeyPhrasesJoinCompoundNouns() {
        assertThat(analyzer.analyze("配送状況を確認したいのですが、返金手続きが遅いです。").keyPhrases())
            .contains("配送状況", "返金手続き");
    }

    @Test
    void englishKeyPhrasesAreNounChunks() {
        TextAnalysis a =
                analyzer.analyze("The delivery status was never updated and the refund request is still open.");
        assertThat(a.language()).isEqualTo("en");
        assertThat(a.keyPhrases()).contains("delivery status", "refund request");
    }

    @Test
    void keyPhrasesMapToThemes() {
        assertThat(analyzer.analyze("配送状況が分からず、返金手続きも面倒でした。料金も高い。").themes())
            .contains("delivery", "refund", "price");
        assertThat(analyzer.analyze("The shipping cost was too high and the agent was rude.").themes())
            .contains("delivery", "price", "support-quality");
    }

    @Test
    void customThemeDictionaryIsUsed() {
        TextAnalyzer custom = TextAnalyzer.of(ThemeDictionary.builder().theme("app", "アプリ", "app")
                .build(), List.of("二度と"));
        TextAnalysis a = custom.analyze("アプリ画面が重くて不便です");
        assertThat(a.themes()).containsExactly("app");
        assertThatThrownBy(() -> ThemeDictionary.builder().theme("x", "a").theme("x", "b"))
            .isInstanceOf(io.madoguchi.core.ValidationException.class).hasMessageContaining("theme");
    }

    @ParameterizedTest(name = "{0} -> complaint {1}")
    @CsvSource(delimiter = '|', textBlock = """
        対応が最悪です。二度と利用しません。責任者を出してください。  | true
        ふざけるな、今すぐ返金しろ                                     | true
        返金が遅くて本当に困っています。誠意が感じられない。            | true
        This is unacceptable. I want to speak to a manager.            | true
        二度と迷わないよう丁寧に説明してもらえて助かりました。          | false
        返金手続きが少し遅かったです。                                 | false
        Slow reply, but fine.                                          | false
        """)
    void complaintsNeedCuesAndStrongNegativity(String text, boolean complaint) {
        TextAnalysis a = analyzer.analyze(text);
        assertThat(a.isComplaint()).as(text + " " + a).isEqualTo(complaint);
        if (complaint) {
            assertThat(a.complaintSignal().orElseThrow().cues()).isNotEmpty();
        }
    }

    @Test
    void widthCaseAndKanaVariantsMatch() {
        assertThat(analyzer.analyze("ＵＮＡＣＣＥＰＴＡＢＬＥ service. Terrible.").isComplaint()).isTrue();
        assertThat(analyzer.analyze("フザケルナ。最悪の対応だ。").complaintSignal().orElseThrow().cues()).contains("ふざけ");
        assertThat(ThemeDictionary.defaults().themesOf("ﾍﾝﾋﾟﾝ手続き")).isEmpty();
        assertThat(ThemeDictionary.defaults().themesOf("ｷｬﾝｾﾙ料")).contains("refund");
        assertThat(ThemeDictionary.defaults().themesOf("きゃんせる")).contains("refund");
    }

    @Test
    void overlongTextIsRejected() {
        assertThatThrownBy(() -> analyzer.analyze("あ".repeat(TextAnalyzer.MAX_LENGTH + 1)))
            .isInstanceOf(ValidationException.class).hasMessageContaining("text");
    }

    @Test
    void emptyTextIsNeutral() {
        TextAnalysis a = analyzer.analyze("");
        assertThat(a.sentiment().label()).isEqualTo(Label.NEUTRAL);
        assertThat(a.keyPhrases()).isEmpty();
        assertThat(a.isComplaint()).isFalse();
    }
}
