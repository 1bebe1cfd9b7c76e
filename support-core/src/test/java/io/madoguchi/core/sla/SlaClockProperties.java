package io.madoguchi.core.sla;

import io.madoguchi.core.ticket.TicketStatus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random status timelines against a naive reference that counts time interval by interval. */
class SlaClockProperties {

    private static final List<SlaMetric> METRICS = List.of(SlaMetric.REQUESTER_WAIT_TIME, SlaMetric.AGENT_WORK_TIME,
        SlaMetric.TOTAL_RESOLUTION_TIME);
    private static final Duration TARGET = Duration.ofHours(5);

    record Step(int gapMinutes, TicketStatus status) {
    }

    @Provide
    Arbitrary<List<Step>> timelines() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 240),
            Arbitraries.of(TicketStatus.OPEN, TicketStatus.PENDING, TicketStatus.ON_HOLD, TicketStatus.SOLVED))
            .as(Step::new);
        return step.list().ofMaxSize(12);
    }

    @Property(tries = 150)
    void eachResolutionMetricBreachesOnceExactlyWhenItsCountedTimeReachesTheTarget(
        @ForAll("timelines") List<Step> steps) {
        SlaPolicy.Builder b = SlaPolicy.builder("標準");
        METRICS.forEach(m -> b.target(m, TARGET, SlaPolicy.Hours.CALENDAR));
        SlaHarness h = new SlaHarness(List.of(b.build()), x -> x.warningLeads());
        h.create("T-1");

        Map<SlaMetric, Long> counted = new EnumMap<>(SlaMetric.class);
        Map<SlaMetric, Instant> expected = new EnumMap<>(SlaMetric.class);
        METRICS.forEach(m -> counted.put(m, 0L));
        TicketStatus status = TicketStatus.NEW;
        Instant t = SlaHarness.T0;
        List<Step> all = new ArrayList<>(steps);
        all.add(new Step(24 * 60, status));           // a final day with no change
        for (Step step : all) {
            long gap = Duration.ofMinutes(step.gapMinutes()).toMillis();
            for (SlaMetric m : METRICS) {
                if (m.countsIn(status)) {
                    long before = counted.get(m);
                    if (before < TARGET.toMillis() && before + gap >= TARGET.toMillis()) {
                        expected.put(m, t.plusMillis(TARGET.toMillis() - before));
                    }
                    counted.put(m, before + gap);
                }
            }
            t = t.plusMillis(gap);
            h.advanceTo(t);
            if (step.status() != status && !(status == TicketStatus.SOLVED && step.status() != TicketStatus.OPEN)) {
                h.status("T-1", step.status());
                status = step.status();
            }
        }

        Map<SlaMetric, Instant> actual = new EnumMap<>(SlaMetric.class);
        for (SlaEvent.Breached e : h.events(SlaEvent.Breached.class)) {
            assertThat(actual.put(e.metric(), e.at())).as("one breach per metric").isNull();
        }
        assertThat(actual).isEqualTo(expected);
        for (SlaMetric m : METRICS) {
            SlaCycle c = h.last("T-1", m);
            assertThat(c.elapsed().toMillis()).as(m + " elapsed").isEqualTo(counted.get(m));
            assertThat(c.breached()).isEqualTo(expected.containsKey(m));
        }
    }
}
