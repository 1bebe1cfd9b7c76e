package io.madoguchi.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CountedPositionsTest {

    @Test
    void positionsInAnyOrderWithRepeatsAreEachNewExactlyOnceAndTheRangesJoinUpAgain() {
        List<Long> deliveries = new ArrayList<>();
        for (long p = 1; p <= 3000; p++) {
            deliveries.add(p);
            if (p % 7 == 0) {
                deliveries.add(p);
            }
        }
        Collections.shuffle(deliveries, new Random(42));
        CountedPositions counted = new CountedPositions(10_000);
        Set<Long> seen = new HashSet<>();
        int maxGaps = 0;
        for (long p : deliveries) {
            assertThat(counted.add(p)).as("position %d", p).isEqualTo(seen.add(p));
            maxGaps = Math.max(maxGaps, counted.gaps());
        }
        assertThat(maxGaps).isPositive();
        assertThat(counted.gaps()).isZero();
        assertThat(counted.highest()).isEqualTo(3000);
        assertThat(counted.forgotten()).isZero();
    }

    @Test
    void beyondTheBoundTheLowestGapIsForgottenAndItsPositionsTakenAsCounted() {
        CountedPositions counted = new CountedPositions(2);
        for (long p : new long[] {1, 3, 5, 7}) {
            assertThat(counted.add(p)).isTrue();
        }
        assertThat(counted.gaps()).isEqualTo(2);
        assertThat(counted.forgotten()).isEqualTo(1);
        assertThat(counted.add(2)).isFalse();
        assertThat(counted.add(4)).isTrue();
        assertThat(counted.add(6)).isTrue();
        assertThat(counted.gaps()).isZero();
        assertThat(counted.highest()).isEqualTo(7);
    }
}
