package io.madoguchi.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.Channel;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class FeedbackStatsPropertiesTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Property(tries = 200)
    void npsStaysInRangeWithAFiniteMargin(
        @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 10) Integer> scores) {
        NpsSummary s = FeedbackStats.nps(scores.stream()
            .map(x -> new ScoredResponse(QuestionKind.NPS, x, 10, Channel.WEB, null, null, T)).toList());
        assertThat(s.n()).isEqualTo(scores.size());
        assertThat(s.promoters() + s.passives() + s.detractors()).isEqualTo(scores.size());
        assertThat(s.score()).isBetween(-100.0, 100.0);
        if (scores.size() < FeedbackStats.NPS_MARGIN_MIN_N) {
            assertThat(s.marginOfError()).isNull();
        } else {
            assertThat(s.marginOfError()).isNotNaN().isBetween(0.0, 36.0);
        }
    }

    @Property(tries = 200)
    void csatShareAndMeanStayOnTheScale(
        @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 1, max = 10) Integer> scores) {
        CsatSummary s = FeedbackStats.csat(scores.stream()
            .map(x -> new ScoredResponse(QuestionKind.CSAT, x, 10, Channel.WEB, null, null, T)).toList());
        assertThat(s.satisfiedPercent()).isBetween(0.0, 100.0);
        assertThat(s.mean()).isBetween(1.0, 10.0);
        long satisfied = scores.stream().filter(x -> x >= 7).count();
        assertThat(s.satisfiedPercent()).isEqualTo(100.0 * satisfied / scores.size());
    }
}
