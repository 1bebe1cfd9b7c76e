package io.madoguchi.examples.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaqEvalMetricsTest {

    @Test
    void reciprocalRankAndHitsFollowTheFirstRelevantRank() {
        FaqEvalMetrics m = new FaqEvalMetrics();
        m.add(List.of("a", "b", "c"), Set.of("a"), Map.of());
        m.add(List.of("x", "y", "a"), Set.of("a"), Map.of());
        m.add(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "a"), Set.of("a"), Map.of());
        m.add(List.of(), Set.of("a"), Map.of());
        assertThat(m.n()).isEqualTo(4);
        assertThat(m.mrr10()).isCloseTo((1 + 1 / 3.0) / 4, within(1e-12));
        assertThat(m.hit1()).isEqualTo(0.25);
        assertThat(m.hit5()).isEqualTo(0.5);
    }

    @Test
    void ndcgWithBinaryRelevance() {
        FaqEvalMetrics m = new FaqEvalMetrics();
        m.add(List.of("x", "a", "b"), Set.of("a", "b"), Map.of());
        double dcg = 1 / log2(3) + 1 / log2(4);
        double idcg = 1 + 1 / log2(3);
        assertThat(m.ndcg10()).isCloseTo(dcg / idcg, within(1e-12));
    }

    @Test
    void ndcgUsesGradesWhenPresent() {
        FaqEvalMetrics m = new FaqEvalMetrics();
        m.add(List.of("rel1", "rel2"), Set.of("rel1", "rel2"), Map.of("rel1", 1, "rel2", 2));
        double dcg = 1 + 2 / log2(3);
        double idcg = 2 + 1 / log2(3);
        assertThat(m.ndcg10()).isCloseTo(dcg / idcg, within(1e-12));
        assertThat(m.mrr10()).isEqualTo(1.0);
    }

    @Test
    void emptyMetricsAreZero() {
        FaqEvalMetrics m = new FaqEvalMetrics();
        assertThat(m.mrr10()).isZero();
        assertThat(m.ndcg10()).isZero();
    }

    @Test
    void coverageStopsAtTheFirstWrongAnswerThatBreaksThePrecision() {
        double[] confidence = {0.9, 0.8, 0.7, 0.6};
        boolean[] correct = {true, true, true, false};

        FaqEvalMetrics.Coverage c = FaqEvalMetrics.coverageAtPrecision(confidence, correct, 0.9);

        assertThat(c.answered()).isEqualTo(0.75);
        assertThat(c.threshold()).isEqualTo(0.7);
        assertThat(c.precision()).isEqualTo(1.0);
    }

    @Test
    void coverageWithOutOfScopeLimitRaisesTheThresholdUntilEnoughOutOfScopeQueriesAreDeclined() {
        double[] confidence = {0.9, 0.8, 0.7, 0.6};
        boolean[] correct = {true, true, true, false};
        double[] oneOfTwenty = new double[20];
        oneOfTwenty[0] = 0.75;
        double[] twoOfTwenty = oneOfTwenty.clone();
        twoOfTwenty[1] = 0.75;

        // one out-of-scope query of twenty above 0.7 is 5% answered: still 95% declined
        assertThat(FaqEvalMetrics.coverageAtPrecision(confidence, correct, 0.9, oneOfTwenty, 0.05).answered())
            .isEqualTo(0.75);
        // two of twenty (10%) push the threshold above them, to 0.8
        FaqEvalMetrics.Coverage limited =
            FaqEvalMetrics.coverageAtPrecision(confidence, correct, 0.9, twoOfTwenty, 0.05);
        assertThat(limited.answered()).isEqualTo(0.5);
        assertThat(limited.threshold()).isEqualTo(0.8);
        // an out-of-scope query as confident as the best in-scope one leaves no threshold at all
        FaqEvalMetrics.Coverage none = FaqEvalMetrics.coverageAtPrecision(confidence, correct, 0.9,
            new double[] {0.95, 0.95, 0, 0, 0, 0, 0, 0, 0, 0}, 0.05);
        assertThat(none.answered()).isZero();
        assertThat(none.threshold()).isGreaterThan(1);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
