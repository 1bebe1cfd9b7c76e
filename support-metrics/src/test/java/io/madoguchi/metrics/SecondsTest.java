package io.madoguchi.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecondsTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 65, 5_000, 16_384, 40_000})
    void percentilesAreHdrHistogramsAtEveryStageFromTheSmallArrayToTheFlatHistogram(int count) {
        Random r = new Random(count);
        Seconds s = new Seconds();
        Histogram plain = new Histogram(2);
        plain.setAutoResize(true);
        for (int i = 0; i < count; i++) {
            long v = r.nextInt(10) == 0 ? r.nextInt(30 * 86_400) : r.nextInt(3_600);
            s.record(v);
            plain.recordValue(v);
        }
        assertThat(s.count()).isEqualTo(count);
        for (double p : new double[] {50, 90, 99}) {
            assertThat(s.histogram().getValueAtPercentile(p)).as("p%s of %d", p, count)
                .isEqualTo(plain.getValueAtPercentile(p));
        }
    }

    @Test
    void mergingSmallAndLargeGivesThePercentilesOfAllTheirValues() {
        Seconds few = new Seconds();
        Seconds many = new Seconds();
        Histogram plain = new Histogram(2);
        plain.setAutoResize(true);
        for (int i = 0; i < 10; i++) {
            few.record(100_000 + i);
            plain.recordValue(100_000 + i);
        }
        for (int i = 0; i < 20_000; i++) {
            many.record(i % 600);
            plain.recordValue(i % 600);
        }
        Seconds merged = new Seconds();
        merged.add(few);
        merged.add(many);
        merged.add(few);
        for (int i = 0; i < 10; i++) {
            plain.recordValue(100_000 + i);
        }
        assertThat(merged.count()).isEqualTo(20_020);
        assertThat(merged.histogram().getValueAtPercentile(99.95)).isEqualTo(plain.getValueAtPercentile(99.95));
        assertThat(merged.histogram().getValueAtPercentile(50)).isEqualTo(plain.getValueAtPercentile(50));
    }

    @Test
    void negativeDurationsCountAsZero() {
        Seconds s = new Seconds();
        s.record(-5);
        assertThat(s.histogram().getMaxValue()).isZero();
    }
}
