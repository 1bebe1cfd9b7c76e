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

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
