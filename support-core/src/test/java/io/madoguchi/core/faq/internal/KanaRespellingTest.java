package io.madoguchi.core.faq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KanaRespellingTest {

    private final FaqAnalysis japanese = FaqAnalysis.forLanguage("ja");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "じゅうみんひょうがほしい, 住民票の写しを取得したい, 住民票がほしい",
        "ｼﾞｭｳﾐﾝﾋｮｳがほしい, 住民票の写しを取得したい, 住民票がほしい",
        "ｼﾞｭｳﾐﾝﾋｮｳｶﾞﾎｼｲ, 住民票の写しを取得したい, 住民票がほしい",
        "そだいごみのだしかたをおしえてください, 粗大ごみの出し方を知りたい, 粗大ごみの出し方をおしえてください",
        "まいなんばーかーどのこうしん, マイナンバーカードの更新, マイナンバーカードの更新",
        "住民票がほしい, 住民票の写しを取得したい, 住民票がほしい",
        // a suffix continues a run
        "にんちしょうのそうだん, 認知症の相談窓口, 認知症の相談",
        "いぬがなくなったのですが, 飼い犬が亡くなったときの手続き, いぬが亡くなったのですが",
    })
    void kanaReadingAnFaqWordAreWrittenAsThatWord(String query, String faqQuestion, String expected) {
        assertThat(KanaRespelling.respell(query, japanese.spellings(faqQuestion))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // かど (カード) alone is too short to be read as the word inside かどうか
        "できるかどうかしりたい, カードを再発行したい",
        // no FAQ word reads like this
        "あしたのてんきははれますか, 住民票の写しを取得したい",
        // kana right after a kanji end its word: しない is not 市内, したい not 肢体
        "住民票を開示しないようにしたい, 市内の施設を予約したい",
        "登録したい, 肢体不自由の手帳",
        // a suffix does not start a run: しょう of でしょうか is not 症
        "見守り制度はあるのでしょうか, 認知症の相談窓口",
    })
    void shortOrUnrelatedKanaStayAsWritten(String query, String faqQuestion) {
        assertThat(KanaRespelling.respell(query, japanese.spellings(faqQuestion))).isEqualTo(query);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "きかんをおしえてください, 公的機関の窓口, 有効期間の確認, 機関をおしえてください, 期間をおしえてください",
        "こうしんのてつづき, 免許の更新, パレードの行進, 更新のてつづき, 行進のてつづき",
        "まいなんばーのこうしんきかん, マイナンバーの更新, 更新期間と有効期間, マイナンバーの更新期間, マイナンバーの更新期間",
    })
    void ofSeveralFaqsTheLongestReadingWinsAndOfEqualOnesTheFirstFaqs(String query, String first, String second,
                                                                     String firstWins, String secondWins) {
        List<FaqAnalysis.Spelling> a = japanese.spellings(first);
        List<FaqAnalysis.Spelling> b = japanese.spellings(second);
        assertThat(KanaRespelling.respellWith(query,
            List.of(KanaRespelling.candidates(a), KanaRespelling.candidates(b))))
            .isEqualTo(firstWins);
        assertThat(KanaRespelling.respellWith(query,
            List.of(KanaRespelling.candidates(b), KanaRespelling.candidates(a))))
            .isEqualTo(secondWins);
        // as if their spellings were one list, in the FAQs' order
        List<FaqAnalysis.Spelling> both = new ArrayList<>(a);
        both.addAll(b);
        assertThat(KanaRespelling.respell(query, both)).isEqualTo(firstWins);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"住民票の写しを取得したい", "マイナンバーカードの更新"})
    void spellingsAreTheWordsWrittenWithKanjiOrKatakana(String question) {
        assertThat(japanese.spellings(question)).isNotEmpty()
            .allSatisfy(s -> assertThat(s.surface()).isNotEqualTo(s.reading()))
            .noneMatch(s -> s.surface().equals("の") || s.surface().equals("を"));
        assertThat(FaqAnalysis.forLanguage("en").spellings("How do I reset my password?")).isEqualTo(List.of());
    }
}
