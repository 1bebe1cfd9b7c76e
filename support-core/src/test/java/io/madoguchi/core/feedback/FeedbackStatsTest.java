package io.madoguchi.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.ValidationException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedbackStatsTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private static ScoredResponse csat(int score, int max) {
        return new ScoredResponse(QuestionKind.CSAT, score, max, Channel.EMAIL, null, null, T);
    }

    private static ScoredResponse nps(int score) {
        return new ScoredResponse(QuestionKind.NPS, score, 10, Channel.EMAIL, null, null, T);
    }

    private static ScoredResponse ces(int score) {
        return new ScoredResponse(QuestionKind.CES, score, 7, Channel.EMAIL, null, null, T);
    }

    private static List<ScoredResponse> npsScores(int... scores) {
        return IntStream.of(scores).mapToObj(FeedbackStatsTest::nps).toList();
    }

    @Test
    void emptySetHasNoScoresAndNoNaN() {
        FeedbackSummary s = FeedbackStats.summarize(List.of());
        assertThat(s.csat()).isEqualTo(new CsatSummary(0, null, null, null, false));
        assertThat(s.nps()).isEqualTo(new NpsSummary(0, 0, 0, 0, null, null));
        assertThat(s.ces()).isEqualTo(new CesSummary(0, null));
    }

    @Test
    void csatOnFivePointsCountsTheTopTwoAsSatisfied() {
        CsatSummary s = FeedbackStats.csat(
            List.of(csat(5, 5), csat(4, 5), csat(3, 5), csat(2, 5), csat(1, 5), csat(5, 5)));
        assertThat(s.n()).isEqualTo(6);
        assertThat(s.satisfiedPercent()).isCloseTo(50.0, within(1e-9));
        assertThat(s.mean()).isCloseTo(20.0 / 6, within(1e-9));
        assertThat(s.scaleMax()).isEqualTo(5);
        assertThat(s.rescaled()).isFalse();
    }

    @Test
    void csatOnTenPointsCountsTheTopFortyPercentOfPoints() {
        CsatSummary s = FeedbackStats.csat(List.of(csat(10, 10), csat(7, 10), csat(6, 10), csat(1, 10)));
        assertThat(s.satisfiedPercent()).isCloseTo(50.0, within(1e-9));
        assertThat(s.mean()).isCloseTo(6.0, within(1e-9));
        assertThat(s.scaleMax()).isEqualTo(10);
    }

    @ParameterizedTest(name = "1..{0}: top {1} points, lowest satisfied {2}")
    @CsvSource({"3,1,3", "4,2,3", "5,2,4", "7,3,5", "10,4,7"})
    void satisfiedIsTheTopFortyPercentOfPoints(int max, int top, int lowestSatisfied) {
        assertThat(ScoreScales.topPoints(max)).isEqualTo(top);
        assertThat(ScoreScales.satisfied(lowestSatisfied, max)).isTrue();
        assertThat(ScoreScales.satisfied(lowestSatisfied - 1, max)).isFalse();
    }

    @Test
    void singleCsatResponse() {
        assertThat(FeedbackStats.csat(List.of(csat(4, 5)))).isEqualTo(new CsatSummary(1, 100.0, 4.0, 5, false));
        assertThat(FeedbackStats.csat(List.of(csat(3, 5)))).isEqualTo(new CsatSummary(1, 0.0, 3.0, 5, false));
    }

    @Test
    void mixedCsatScalesAreRescaledToFivePointsForTheMean() {
        CsatSummary s = FeedbackStats.csat(List.of(csat(5, 5), csat(10, 10), csat(1, 10)));
        assertThat(s.rescaled()).isTrue();
        assertThat(s.scaleMax()).isEqualTo(5);
        assertThat(s.mean()).isCloseTo((5 + 5 + 1) / 3.0, within(1e-9));
        assertThat(s.satisfiedPercent()).isCloseTo(200.0 / 3, within(1e-9));
    }

    @Test
    void npsWithBalancedPromotersAndDetractors() {
        NpsSummary s = FeedbackStats.nps(npsScores(10, 10, 9, 9, 8, 7, 6, 5, 3, 0));
        assertThat(s.n()).isEqualTo(10);
        assertThat(s.promoters()).isEqualTo(4);
        assertThat(s.passives()).isEqualTo(2);
        assertThat(s.detractors()).isEqualTo(4);
        assertThat(s.score()).isCloseTo(0.0, within(1e-9));
        assertThat(s.marginOfError()).as("n = 10 is too few for a margin").isNull();
    }

    @Test
    void npsWithMostlyPromoters() {
        NpsSummary s = FeedbackStats.nps(npsScores(10, 9, 9, 10, 9, 10, 8, 7, 8, 4));
        assertThat(s.promoters()).isEqualTo(6);
        assertThat(s.passives()).isEqualTo(3);
        assertThat(s.detractors()).isEqualTo(1);
        assertThat(s.score()).isCloseTo(50.0, within(1e-9));
        assertThat(s.marginOfError()).as("n = 10 is too few for a margin").isNull();
    }

    @ParameterizedTest(name = "single NPS {0} -> {1}")
    @CsvSource({"10,100", "9,100", "8,0", "7,0", "6,-100", "0,-100"})
    void singleNpsResponseHasNoMargin(int score, double expected) {
        NpsSummary s = FeedbackStats.nps(npsScores(score));
        assertThat(s.n()).isEqualTo(1);
        assertThat(s.score()).isCloseTo(expected, within(1e-9));
        assertThat(s.marginOfError()).as("not ±0.0").isNull();
    }

    private static int[] repeat(int times, int... scores) {
        return java.util.stream.IntStream.range(0, times).flatMap(i -> java.util.Arrays.stream(scores)).toArray();
    }

    @Test
    void npsMarginFromThirtyResponsesByAdjustedWald() {
        // 12 promoters, 6 passives, 12 detractors: by hand with ¾ promoter and ¾ detractor added (n + 3 = 33):
        // p = 12.75 / 33 = 0.386364 each; 1.96 * sqrt(0.772727 / 33) * 100 = 29.9925
        NpsSummary s = FeedbackStats.nps(npsScores(repeat(6, 10, 9, 8, 5, 0)));
        assertThat(s.n()).isEqualTo(30);
        assertThat(s.score()).isCloseTo(0.0, within(1e-9));
        assertThat(s.marginOfError()).isCloseTo(29.9925, within(1e-3));
        assertThat(FeedbackStats.nps(npsScores(repeat(29, 10))).marginOfError()).as("n = 29").isNull();
    }

    @Test
    void unanimousAnswersStillHaveAMargin() {
        // 40 promoters: p+ = 40.75 / 43, p- = 0.75 / 43; 1.96 * sqrt((0.947674 + 0.017442 - 0.930233^2) / 43) * 100
        NpsSummary s = FeedbackStats.nps(npsScores(repeat(40, 10)));
        assertThat(s.score()).isCloseTo(100.0, within(1e-9));
        assertThat(s.marginOfError()).isCloseTo(9.4417, within(1e-3));
    }

    @Test
    void cesMean() {
        assertThat(FeedbackStats.ces(List.of(ces(1), ces(7), ces(4), ces(6)))).isEqualTo(new CesSummary(4, 4.5));
        assertThat(FeedbackStats.ces(List.of(ces(5)))).isEqualTo(new CesSummary(1, 5.0));
        assertThat(FeedbackStats.ces(List.of(csat(5, 5)))).isEqualTo(new CesSummary(0, null));
    }

    @Test
    void kindsDoNotMix() {
        FeedbackSummary s = FeedbackStats.summarize(List.of(csat(5, 5), nps(10), ces(2)));
        assertThat(s.csat().n()).isEqualTo(1);
        assertThat(s.nps().n()).isEqualTo(1);
        assertThat(s.ces().n()).isEqualTo(1);
    }

    @Test
    void groupsByChannelAgentAndGroup() {
        List<ScoredResponse> rs = new ArrayList<>();
        rs.add(new ScoredResponse(QuestionKind.CSAT, 5, 5, Channel.EMAIL, AgentId.of("sato"), GroupId.of("billing"),
            T));
        rs.add(new ScoredResponse(QuestionKind.CSAT, 1, 5, Channel.EMAIL, AgentId.of("suzuki"), null, T));
        rs.add(new ScoredResponse(QuestionKind.CSAT, 4, 5, Channel.LINE, AgentId.of("sato"), GroupId.of("billing"), T));
        rs.add(new ScoredResponse(QuestionKind.NPS, 9, 10, Channel.LINE, null, null, T));

        Map<String, FeedbackSummary> byChannel = FeedbackStats.byChannel(rs);
        assertThat(byChannel).containsOnlyKeys("email", "line");
        assertThat(byChannel.get("email").csat()).isEqualTo(new CsatSummary(2, 50.0, 3.0, 5, false));
        assertThat(byChannel.get("line").nps().score()).isEqualTo(100.0);

        Map<String, FeedbackSummary> byAgent = FeedbackStats.byAgent(rs);
        assertThat(byAgent).containsOnlyKeys("sato", "suzuki");
        assertThat(byAgent.get("sato").csat()).isEqualTo(new CsatSummary(2, 100.0, 4.5, 5, false));
        assertThat(byAgent.get("sato").nps().n()).isZero();
        assertThat(FeedbackStats.byGroup(rs)).containsOnlyKeys("billing");
    }

    @Test
    void periodsStartAtLocalMidnightInTheTenantZone() {
        // 2026-03-01T15:30Z is Monday 2026-03-02 00:30 in Tokyo; 14:59Z is still Sunday 23:59 there.
        ScoredResponse monday = new ScoredResponse(QuestionKind.CES, 2, 7, Channel.WEB, null, null,
            Instant.parse("2026-03-01T15:30:00Z"));
        ScoredResponse sunday = new ScoredResponse(QuestionKind.CES, 6, 7, Channel.WEB, null, null,
            Instant.parse("2026-03-01T14:59:00Z"));
        List<ScoredResponse> rs = List.of(monday, sunday);

        assertThat(FeedbackStats.byPeriod(rs, Granularity.DAY, TOKYO)).containsOnlyKeys(
            LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 2));
        assertThat(FeedbackStats.byPeriod(rs, Granularity.WEEK, TOKYO).keySet()).containsExactly(
            LocalDate.of(2026, 2, 23), LocalDate.of(2026, 3, 2));
        Map<LocalDate, FeedbackSummary> months = FeedbackStats.byPeriod(rs, Granularity.MONTH, TOKYO);
        assertThat(months).containsOnlyKeys(LocalDate.of(2026, 3, 1));
        assertThat(months.get(LocalDate.of(2026, 3, 1)).ces()).isEqualTo(new CesSummary(2, 4.0));
        // in UTC both are on Sunday 1 March
        assertThat(FeedbackStats.byPeriod(rs, Granularity.DAY, ZoneId.of("UTC")))
            .containsOnlyKeys(LocalDate.of(2026, 3, 1));
    }

    @ParameterizedTest(name = "{0} in {1}: day {2}, week {3}, month {4}")
    @CsvSource({
        "2026-12-31T23:59:59+09:00, Asia/Tokyo, 2026-12-31, 2026-12-28, 2026-12-01",
        "2027-01-01T00:00:00+09:00, Asia/Tokyo, 2027-01-01, 2026-12-28, 2027-01-01",
        "2028-02-29T12:00:00+09:00, Asia/Tokyo, 2028-02-29, 2028-02-28, 2028-02-01",
        "2026-03-08T03:30:00-04:00, America/New_York, 2026-03-08, 2026-03-02, 2026-03-01",
        "2026-11-01T01:30:00-05:00, America/New_York, 2026-11-01, 2026-10-26, 2026-11-01"})
    void periodKeysAcrossYearEndsLeapDaysAndDaylightSaving(String at, String zone, LocalDate day, LocalDate week,
                                                            LocalDate month) {
        List<ScoredResponse> rs = List.of(new ScoredResponse(QuestionKind.NPS, 9, 10, Channel.WEB, null, null,
            java.time.OffsetDateTime.parse(at).toInstant()));
        ZoneId z = ZoneId.of(zone);
        assertThat(FeedbackStats.byPeriod(rs, Granularity.DAY, z)).containsOnlyKeys(day);
        assertThat(FeedbackStats.byPeriod(rs, Granularity.WEEK, z)).containsOnlyKeys(week);
        assertThat(FeedbackStats.byPeriod(rs, Granularity.MONTH, z)).containsOnlyKeys(month);
    }

    @ParameterizedTest(name = "{0} score {1} scale {2} is rejected")
    @CsvSource({"CSAT,6,5", "CSAT,0,5", "CSAT,3,11", "NPS,11,10", "NPS,-1,10", "CES,0,7", "CES,8,7"})
    void outOfRangeScoresAreRejected(QuestionKind kind, int score, int max) {
        assertThatThrownBy(() -> new ScoredResponse(kind, score, max, Channel.EMAIL, null, null, T))
            .isInstanceOf(ValidationException.class);
    }
}
