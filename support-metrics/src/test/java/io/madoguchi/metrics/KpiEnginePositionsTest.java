package io.madoguchi.metrics;

import static io.madoguchi.metrics.Script.SHOP;
import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.feedback.Granularity;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KpiEnginePositionsTest {

    private static Map<SliceKey, Kpis> all(KpiEngine e) {
        Map<SliceKey, Kpis> out = new HashMap<>();
        for (SliceKey k : e.slices()) {
            out.put(k, e.kpis(k));
        }
        return out;
    }

    private static Script month() {
        Script s = new Script();
        for (int i = 0; i < 20; i++) {
            String id = "T" + i;
            String day = LocalDate.of(2026, 4, 1 + i % 28).toString();
            s.created(id, day + "T09:00:00").reply(id, day + "T09:40:00", "sato")
                .status(id, day + "T10:00:00", TicketStatus.SOLVED, "sato");
        }
        return s;
    }

    @Test
    void historyBackfilledBehindLiveCountingIsCountedAndTheLiveEventsAreNotCountedTwice() {
        List<EventEnvelope> log = month().log;
        KpiEngine inOrder = KpiEngine.builder().zone(Script.TOKYO).build();
        inOrder.backfill(log);

        // after a restart the desk resumes the new engine from its checkpoint (the second half of the log); the
        // host then backfills the whole log to rebuild the history before it
        KpiEngine restarted = KpiEngine.builder().zone(Script.TOKYO).build();
        restarted.backfill(log.subList(log.size() / 2, log.size()));
        restarted.backfill(log);

        assertThat(restarted.eventsCounted()).isEqualTo(log.size());
        assertThat(restarted.lastPosition()).isEqualTo(log.size());
        assertThat(all(restarted)).isEqualTo(all(inOrder));
        assertThat(restarted.kpis(new SliceKey(SHOP, Granularity.MONTH, LocalDate.of(2026, 4, 1), Dimension.ALL,
            "")).solved()).isEqualTo(20);
    }

    @Test
    void aParkedEventRedeliveredAfterTheSubscriberWentOnIsCountedOnce() {
        List<EventEnvelope> log = month().log;
        KpiEngine inOrder = KpiEngine.builder().zone(Script.TOKYO).build();
        inOrder.backfill(log);

        // position 16 (T3 solved) failed, was parked, and the subscriber went on; an admin redelivers it later
        EventEnvelope parked = log.get(15);
        assertThat(parked.position()).isEqualTo(16);
        KpiEngine e = KpiEngine.builder().zone(Script.TOKYO).build();
        e.backfill(log.subList(0, 15));
        e.backfill(log.subList(16, log.size()));
        e.handle(parked);
        e.handle(parked);

        assertThat(e.eventsCounted()).isEqualTo(log.size());
        assertThat(all(e)).isEqualTo(all(inOrder));
        assertThat(e.positionGaps()).isZero();
    }

    @Test
    void theGapsRememberedAreBoundedAndAForgottenGapIsCounted() {
        List<EventEnvelope> log = month().log;
        KpiEngine e = KpiEngine.builder().zone(Script.TOKYO).build();
        int gaps = KpiEngine.MAX_POSITION_GAPS + 5;
        // every other position, far beyond the bound of gaps remembered
        for (int i = 0; i <= gaps; i++) {
            EventEnvelope x = log.get(i % log.size());
            e.handle(new EventEnvelope(2L * i + 1, x.event()));
        }
        assertThat(e.positionGaps()).isEqualTo(KpiEngine.MAX_POSITION_GAPS);
        assertThat(e.forgottenPositionGaps()).isEqualTo(5);
        long counted = e.eventsCounted();

        // a late event in a remembered gap is counted, one in a forgotten gap is taken as already counted
        e.handle(new EventEnvelope(2L * gaps, log.get(0).event()));
        assertThat(e.eventsCounted()).isEqualTo(counted + 1);
        e.handle(new EventEnvelope(2, log.get(0).event()));
        assertThat(e.eventsCounted()).isEqualTo(counted + 1);
        assertThat(e.positionGaps()).isEqualTo(KpiEngine.MAX_POSITION_GAPS - 1);
    }
}
