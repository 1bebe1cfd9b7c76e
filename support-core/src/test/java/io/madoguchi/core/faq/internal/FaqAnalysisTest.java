package io.madoguchi.core.faq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
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
    void answerWordsAreTheWordTermsOfTheFullAnalysis(String language, String text) throws IOException {
        FaqAnalysis analysis = FaqAnalysis.forLanguage(language);
        DocTerms.Words words = new DocTerms.Words();
        analysis.words(text, words);
        assertThat(terms(words.tokenStream())).isNotEmpty().isEqualTo(analysis.analyze(text, false).words());
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
    void oneAnalysisGivesTheTermsSpellingsAndGramsOfThree(String text) throws IOException {
        DocTerms.Grams grams = new DocTerms.Grams();
        FaqAnalysis.Analysed once = japanese.analyzeForIndex(text, grams);

        FaqAnalysis.Terms all = japanese.analyze(text, true);
        assertThat(once.terms()).isEqualTo(japanese.analyze(text, false));
        assertThat(once.spellings()).isEqualTo(japanese.spellings(text));
        assertThat(terms(grams.tokenStream())).doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(all.grams());
        // the tap that collects spellings leaves later analyses of the same thread alone
        assertThat(japanese.analyze(text, true)).isEqualTo(all);
    }

    @Test
    void englishIndexAnalysisGivesTheWordsAndGramsOfTheFullAnalysis() throws IOException {
        FaqAnalysis english = FaqAnalysis.forLanguage("en");
        String text = "Can't log in: my password reset link expired, and the reset page says 'expired' again";
        DocTerms.Grams grams = new DocTerms.Grams();

        FaqAnalysis.Analysed once = english.analyzeForIndex(text, grams);

        assertThat(once.terms()).isEqualTo(english.analyze(text, false));
        assertThat(once.spellings()).isEmpty();
        assertThat(terms(grams.tokenStream())).doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(english.analyze(text, true).grams());
    }

    @Test
    void theGramsOfSeveralTextsCountOnceEachWithSurrogateHalvesAsTheStringsHaveThem() throws IOException {
        DocTerms.Grams grams = new DocTerms.Grams();
        Set<String> expected = new LinkedHashSet<>();
        for (String text : List.of("𠮷野家の住民票 住民票", "住民票の写し", "ｼﾞｭｳﾐﾝﾋｮｳ 𠮷")) {
            grams.addParts(text, 1, 4);
            for (String part : text.split(" ")) {
                FaqAnalysis.grams(part, 1, 4, expected);
            }
        }

        assertThat(terms(grams.tokenStream())).hasSize(expected.size())
            .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static List<String> terms(TokenStream stream) throws IOException {
        List<String> out = new ArrayList<>();
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        stream.reset();
        while (stream.incrementToken()) {
            out.add(term.toString());
        }
        stream.end();
        stream.close();
        return out;
    }
}
