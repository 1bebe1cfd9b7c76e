package io.madoguchi.core.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Near-miss questions about something the city office has no FAQ for are not answered with a neighbouring FAQ. */
class FaqOffTopicTest {

    private static final TenantId CITY = TenantId.of("amagasaki");

    private static FaqMatch match(String query) {
        FaqCatalog office = new FaqCatalog();
        office.putAll(CITY, CityOfficeFaqs.frontDesk());
        try (FaqMatcher desk = FaqMatcher.builder(office).build()) {
            return desk.match(CITY, query, Locale.JAPANESE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"パスポートを更新したい", "運転免許証の更新", "ぱすぽーとをこうしんしたい"})
    void nearMissThatNamesNoNounOfTheFaqIsNotAnswered(String query) {
        FaqMatch m = match(query);

        assertThat(m.candidates().get(0).entry().id()).isEqualTo("mynumber");
        assertThat(m.features()).containsEntry("keyNoun", 0.0).containsEntry("faqKeyNouns", 0.0);
        assertThat(m.decision()).as("%s %s", m.confidence(), m.features()).isEqualTo(FaqDecision.SUGGEST);
    }

    @ParameterizedTest
    @CsvSource({
        "まいなんばーかーどをこうしんしたい, mynumber",
        "マイナンバーカードを更新したい, mynumber",
        "じゅうみんひょうがほしい, juminhyo",
        "ｺｸﾐﾝｹﾝｺｳﾎｹﾝのかにゅうてつづき, kokuho",
    })
    void questionNamingTheFaqsDistinguishingNounIsAnsweredInKanaToo(String query, String id) {
        FaqMatch m = match(query);

        assertThat(m.candidates().get(0).entry().id()).isEqualTo(id);
        assertThat(m.features().get("faqKeyNouns")).isGreaterThan(0.0);
        assertThat(m.features()).containsEntry("unmatchedNoun", 0.0);
        assertThat(m.decision()).as("%s %s", m.confidence(), m.features()).isEqualTo(FaqDecision.ANSWER);
    }

    @Test
    void questionMarginIsTheQuestionCoverageAheadOfTheSecondFaq() {
        FaqMatch m = match("住民票の写しを取得したい");

        assertThat(m.features()).containsEntry("questionCoverage", 1.0);
        assertThat(m.features().get("questionMargin")).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
    }

    @Test
    void offTopicCapOnlyLimitsQueriesThatNameNoKeyNoun() {
        FaqCalibration cal = new FaqCalibration(5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.4);
        double[] offTopic = {0, 0, 0, 0, 0, 0, 0, 0, 0};

        assertThat(cal.confidence(offTopic)).isEqualTo(0.4);
        assertThat(cal.confidence(new double[] {0, 0, 0, 0, 0, 0, 0, 1, 0})).isGreaterThan(0.99);
        assertThat(cal.confidence(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0.5})).isGreaterThan(0.99);
        assertThat(cal.confidence(new double[] {0, 0, 0, 0, 0, 0, 0, 0})).as("without the feature").isGreaterThan(0.99);
        assertThatThrownBy(() -> new FaqCalibration(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.5))
            .isInstanceOf(ValidationException.class).hasMessageContaining("offTopicCap");
    }
}
