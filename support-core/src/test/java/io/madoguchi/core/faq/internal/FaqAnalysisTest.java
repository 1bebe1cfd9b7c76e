package io.madoguchi.core.faq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaqAnalysisTest {

    private final FaqAnalysis japanese = FaqAnalysis.forLanguage("ja");

    @ParameterizedTest
    @CsvSource({
        "住民票の取り方を教えてください, 住民",
        "印鑑登録をしたいのですが、方法が知りたいです, 印鑑",
        "粗大ごみはどうすれば出せますか, 粗大",
    })
    void japaneseQueryDropsRequestFramingButKeepsTheSubject(String query, String subject) {
        FaqAnalysis.Terms plain = japanese.analyze(query, true);
        FaqAnalysis.Terms asked = japanese.analyzeQuery(query);

        assertThat(asked.words()).anyMatch(w -> w.contains(subject))
            .doesNotContain("教える", "くださる", "知る", "方法", "どう");
        assertThat(asked.words().size()).isLessThan(plain.words().size());
        assertThat(asked.grams()).isEqualTo(plain.grams());
    }

    @Test
    void queryOfOnlyRequestWordsKeepsThem() {
        assertThat(japanese.analyzeQuery("教えてください").words()).isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "ja, ■市民税は納付書により金融機関、ｺﾝﾋﾞﾆで納付できます。ＰＤＦはホームページから。口座振替もできます。",
        "ja, 図書館のパスワードを忘れた場合は、カウンターで再発行します（々・ー・ゝ）。",
        "en, Refunds arrive within 5 business days; we don't charge fees.",
    })
    void answerWordsAreTheWordTermsOfTheFullAnalysis(String language, String text) {
        FaqAnalysis analysis = FaqAnalysis.forLanguage(language);
        assertThat(analysis.words(text)).isNotEmpty().isEqualTo(analysis.analyze(text, false).words());
    }

    @Test
    void englishQueryAnalysisEqualsIndexAnalysis() {
        FaqAnalysis english = FaqAnalysis.forLanguage("en");
        String q = "How do I reset my password?";
        assertThat(english.analyzeQuery(q)).isEqualTo(english.analyze(q, true));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "じゅうみんひょうがほしい, じゅうみんひょう",
        "じゅうみんひょうがほしいです, じゅうみんひょう",
        "住民票がほしいのですが, 住民",
        "犬の鑑札をなくした, 鑑札",
    })
    void gapTermsKeepEveryCharacterOfTheSubject(String query, String term) {
        assertThat(japanese.gapTerms(query)).contains(term)
            .noneMatch(t -> t.startsWith("ゅ"))
            .doesNotContain("ほしい", "欲しい");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "そだいごみのだしかたをおしえてください",
        "粗大ごみの出し方を教えてください",
        "ごみのだしかたをしりたいです",
    })
    void gapTermsDropRequestFramingInKanaAsInKanji(String query) {
        assertThat(japanese.gapTerms(query)).isNotEmpty()
            .doesNotContain("おしえる", "教える", "くださる", "ください", "しる", "知る", "しりたい");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "ja|じゅうみんひょうがほしい",
        "ja|そだいごみのだしかたをおしえてください",
        "ja|　住民票がほしいのですが、 ",
        "ja|ごみをだしたい",
        "ja|おしえてください",
        "ja|ｺﾝﾋﾞﾆで住民税を納付できますか",
        "ja|ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞのこうしんはどこでできますか？",
        "ja|犬の鑑札をなくした",
        "en|How do I reset my password?",
        "en|please help",
    })
    void oneAnalysisOfAQueryGivesItsTermsAndGapTermsAsTheirOwnCallsDo(String language, String query) {
        FaqAnalysis analysis = FaqAnalysis.forLanguage(language);

        FaqAnalysis.QueryTerms once = analysis.analyzeQueryOnce(query);

        assertThat(once.terms()).isEqualTo(analysis.analyzeQuery(query));
        assertThat(once.gapTerms()).isNotEmpty().isEqualTo(analysis.gapTerms(query));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "住民票の写しを取得したい",
        "マイナンバーカードの更新はどこでできますか？",
        "ｺﾝﾋﾞﾆで住民税を納付できますか",
        "子ども医療費助成の申請（転入した場合）",
        "ごみのだしかたをしりたいです",
    })
    void oneAnalysisGivesTheTermsAndSpellingsOfTwo(String text) {
        FaqAnalysis.Analysed once = japanese.analyzeWithSpellings(text, true);

        assertThat(once.terms()).isEqualTo(japanese.analyze(text, true));
        assertThat(once.spellings()).isEqualTo(japanese.spellings(text));
        // the tap that collects spellings leaves later analyses of the same thread alone
        assertThat(japanese.analyze(text, false)).isEqualTo(japanese.analyzeWithSpellings(text, false).terms());
    }
}
