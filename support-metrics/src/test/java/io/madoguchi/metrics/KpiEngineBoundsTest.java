package io.madoguchi.metrics;

import static io.madoguchi.metrics.Script.SHOP;
import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.feedback.Granularity;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class KpiEngineBoundsTest {

    private static Script days(int n) {
        Script s = new Script();
        LocalDate d = LocalDate.of(2026, 1, 1);
        for (int i = 0; i < n; i++) {
            String id = "T" + i;
            String day = d.plusDays(i) + "T10:00:00";
            s.created(id, day).reply(id, d.plusDays(i) + "T11:00:00", "sato")
                .status(id, d.plusDays(i) + "T12:00:00", TicketStatus.SOLVED, "sato");
        }
        return s;
    }

    @Test
    void theSliceCountStaysUnderItsCapByDroppingTheOldestPeriods() {
        KpiEngine e = KpiEngine.builder().zone(Script.TOKYO).granularities(List.of(Granularity.DAY)).maxSlices(30)
            .build();
        days(100).feed(e);

        // each day makes 4 slices (all, channel, priority, group)
        assertThat(e.sliceCount()).isLessThanOrEqualTo(30);
        assertThat(e.droppedSlices()).isGreaterThanOrEqualTo(400 - 30);
        LocalDate last = LocalDate.of(2026, 1, 1).plusDays(99);
        assertThat(e.kpis(new SliceKey(SHOP, Granularity.DAY, last, Dimension.ALL, "")).solved()).isEqualTo(1);
        assertThat(e.slices()).noneMatch(k -> k.periodStart().equals(LocalDate.of(2026, 1, 1)));
    }

    @Test
    void slicesOlderThanTheRetentionBehindTheNewestEventAreDropped() {
        KpiEngine e = KpiEngine.builder().zone(Script.TOKYO).sliceRetention(Duration.ofDays(30)).build();
        days(100).feed(e);

        LocalDate newest = LocalDate.of(2026, 1, 1).plusDays(99);
        assertThat(e.slices()).allMatch(k -> !k.periodEnd().isBefore(newest.minusDays(31)));
        assertThat(e.kpis(new SliceKey(SHOP, Granularity.DAY, newest.minusDays(5), Dimension.ALL, "")).created())
            .isEqualTo(1);
    }

    @Test
    void oneEventDatedFarInTheFutureDoesNotSweepAwayTheRestOfTheData() {
        KpiEngine e = KpiEngine.builder().zone(Script.TOKYO).build();
        new Script().created("T1", "2026-11-24T10:00:00").reply("T1", "2026-11-24T11:00:00", "sato")
            // a host with a wrong clock, or a bad line in an exported log
            .created("T2", "2300-01-01T00:00:00")
            .customer("T1", "2026-11-24T12:00:00").feed(e);

        LocalDate day = LocalDate.of(2026, 11, 24);
        Kpis k = e.kpis(new SliceKey(SHOP, Granularity.DAY, day, Dimension.ALL, ""));
        assertThat(k.created()).isEqualTo(1);
        assertThat(k.firstReply().n()).isEqualTo(1);
        assertThat(e.droppedSlices()).isZero();
        assertThat(e.droppedTickets()).isZero();
        assertThat(e.ticketCount()).isEqualTo(2);
        // the outlier is counted all the same, on its own day
        assertThat(e.kpis(new SliceKey(SHOP, Granularity.DAY, LocalDate.of(2300, 1, 1), Dimension.ALL, ""))
            .created()).isEqualTo(1);
    }

    @Test
    void anEventFarAheadMovesTheEnginesTimeByAtMostTheLeapAndIsShownInACounter() {
        KpiEngine e = KpiEngine.builder().zone(Script.TOKYO).build();
        new Script().created("T1", "2026-11-24T10:00:00").customer("T1", "2300-01-01T00:00:00").feed(e);

        assertThat(e.eventsAhead()).isEqualTo(1);
        assertThat(e.newestEvent()).isEqualTo(Script.jst("2026-11-25T10:00:00"));
    }

    @Test
    void afterAGapLongerThanTheLeapTheEnginesTimeCatchesUpAndOldDataIsStillSwept() {
        KpiEngine e = KpiEngine.builder().zone(Script.TOKYO).sliceRetention(Duration.ofDays(30))
            .maxTimeLeap(Duration.ofDays(1)).build();
        Script s = days(10);
        // the desk is quiet for two months, then days go by as usual
        LocalDate back = LocalDate.of(2026, 3, 12);
        for (int i = 0; i < 40; i++) {
            String id = "U" + i;
            LocalDate d = back.plusDays(i);
            s.created(id, d + "T10:00:00").reply(id, d + "T11:00:00", "sato")
                .status(id, d + "T12:00:00", TicketStatus.SOLVED, "sato");
        }
        s.feed(e);

        assertThat(e.newestEvent()).isEqualTo(Script.jst(back.plusDays(39) + "T12:00:00"));
        assertThat(e.eventsAhead()).isPositive();
        assertThat(e.slices()).noneMatch(k -> k.periodStart().getMonthValue() == 1);
        assertThat(e.kpis(new SliceKey(SHOP, Granularity.DAY, back.plusDays(39), Dimension.ALL, "")).solved())
            .isEqualTo(1);
    }

    @Test
    void followedTicketsAreCappedAndAgedOut() {
        KpiEngine capped = KpiEngine.builder().zone(Script.TOKYO).maxTickets(10).build();
        days(50).feed(capped);
        assertThat(capped.ticketCount()).isLessThanOrEqualTo(10);
        assertThat(capped.droppedTickets()).isEqualTo(40);

        KpiEngine aged = KpiEngine.builder().zone(Script.TOKYO).ticketRetention(Duration.ofDays(7)).build();
        days(50).feed(aged);
        assertThat(aged.ticketCount()).isLessThanOrEqualTo(8);
    }

    @Test
    void readersRunningBesideTheWriterSeeConsistentSlicesAndTheEndResultEqualsASingleThread() throws Exception {
        Script s = days(200);
        KpiEngine sequential = s.feed(KpiEngine.builder().zone(Script.TOKYO).build());
        KpiEngine shared = KpiEngine.builder().zone(Script.TOKYO).build();
        SliceKey year = new SliceKey(SHOP, Granularity.MONTH, LocalDate.of(2026, 3, 1), Dimension.ALL, "");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        Kpis k = shared.kpis(year);
                        // a slice is read under the lock: every solved ticket has its resolution measured
                        assertThat(k.resolution().n()).isEqualTo(k.solved());
                        shared.kpis(SHOP, Granularity.DAY, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
                            Dimension.ALL, "");
                    }
                }));
            }
            pool.submit(() -> s.feed(shared)).get();
            for (Future<?> f : readers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (SliceKey k : sequential.slices()) {
            assertThat(shared.kpis(k)).isEqualTo(sequential.kpis(k));
        }
        assertThat(shared.slices()).hasSameSizeAs(sequential.slices());
    }
}
