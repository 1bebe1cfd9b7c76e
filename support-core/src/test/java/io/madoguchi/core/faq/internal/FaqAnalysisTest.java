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

    @Test
    void englishQueryAnalysisEqualsIndexAnalysis() {
        FaqAnalysis english = FaqAnalysis.forLanguage("en");
        String q = "How do I reset my password?";
        assertThat(english.analyzeQuery(q)).isEqualTo(english.analyze(q, true));
    }
}
