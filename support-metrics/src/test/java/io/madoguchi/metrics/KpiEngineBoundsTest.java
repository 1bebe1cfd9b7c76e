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
