package io.madoguchi.metrics;

import static io.madoguchi.metrics.Script.SHOP;
import static io.madoguchi.metrics.Script.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.Channel;
import io.madoguchi.core.feedback.Granularity;
import io.madoguchi.core.sla.SlaCycle;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine keeps a few recent periods' slices of each tenant at hand; these check that it counts as without. */
class KpiEngineSliceCacheTest {

    private static final LocalDate APRIL = LocalDate.of(2026, 4, 1);

    private static Kpis day(KpiEngine e, LocalDate d, Dimension dimension, String value) {
        return e.kpis(new SliceKey(SHOP, Granularity.DAY, d, dimension, value));
    }

    @Test
    void measurementsGoingBackAndForthOverMoreDaysThanAreKeptAtHandLandOnTheirOwnDays() {
        Script s = new Script();
        for (int i = 0; i < 6; i++) {
            s.created("T" + i, APRIL.plusDays(i) + "T10:00:00", Channel.LINE, Priority.HIGH, "配送");
        }
        for (int i = 0; i < 6; i++) {
            s.reply("T" + i, APRIL.plusDays(i) + "T11:00:00", "sato");
        }
        for (int i = 5; i >= 0; i--) {
            s.status("T" + i, APRIL.plusDays(i + 1) + "T09:00:00", TicketStatus.SOLVED, "sato");
        }
        KpiEngine e = s.feed(KpiEngine.builder().zone(TOKYO).build());

        for (int i = 0; i < 7; i++) {
            LocalDate d = APRIL.plusDays(i);
            for (Kpis k : List.of(day(e, d, Dimension.ALL, ""), day(e, d, Dimension.CHANNEL, "line"),
                day(e, d, Dimension.PRIORITY, "high"), day(e, d, Dimension.GROUP, "配送"))) {
                assertThat(k.created()).as("created on %s", d).isEqualTo(i < 6 ? 1 : 0);
                assertThat(k.firstReply().n()).as("first replies on %s", d).isEqualTo(i < 6 ? 1 : 0);
                assertThat(k.solved()).as("solved on %s", d).isEqualTo(i > 0 ? 1 : 0);
            }
        }
        assertThat(e.kpis(new SliceKey(SHOP, Granularity.MONTH, APRIL, Dimension.ALL, "")).resolution().n())
            .isEqualTo(6);
    }

    @Test
    void aLateMeasurementIntoADroppedDayStartsItsSlicesAgain() {
        // 4月1日の問い合わせへの返信が、その日のスライスが保持期間を過ぎて消えた後に届く
        Script s = new Script().created("T0", "2026-04-01T10:00:00").created("T1", "2026-04-06T10:00:00")
            .reply("T0", "2026-04-01T11:00:00", "sato");
        // a leap of a week lets the engine's time follow the five-day jump at once
        KpiEngine e = s.feed(KpiEngine.builder().zone(TOKYO).sliceRetention(Duration.ofDays(2))
            .maxTimeLeap(Duration.ofDays(7)).build());

        Kpis first = day(e, APRIL, Dimension.ALL, "");
        assertThat(first.created()).isZero();
        assertThat(first.firstReply().n()).isEqualTo(1);
        assertThat(day(e, APRIL, Dimension.CHANNEL, "email").created()).isZero();
        assertThat(day(e, APRIL, Dimension.CHANNEL, "email").firstReply().n()).isEqualTo(1);
        assertThat(e.droppedSlices()).isEqualTo(4);
        assertThat(day(e, APRIL.plusDays(5), Dimension.ALL, "").created()).isEqualTo(1);
    }

    @Test
    void aReopenOrAComplaintAfterTheTicketsDayWasDroppedChangesNoDayThatIsNoLongerHeld() {
        // solved on its first reply on 4月1日; a week later, after that day's slices were dropped, the customer
        // writes again (a reopen: no longer a first-contact resolution) and the ticket is flagged as a complaint
        Script s = new Script().created("T0", "2026-04-01T10:00:00").reply("T0", "2026-04-01T11:00:00", "sato")
            .status("T0", "2026-04-01T12:00:00", TicketStatus.SOLVED, "sato")
            .created("T1", "2026-04-08T10:00:00")
            .customer("T0", "2026-04-08T11:00:00").status("T0", "2026-04-08T11:00:00", TicketStatus.OPEN, "sato")
            .complaint("T0", "2026-04-08T11:30:00");
        KpiEngine e = s.feed(KpiEngine.builder().zone(TOKYO).sliceRetention(Duration.ofDays(2))
            .maxTimeLeap(Duration.ofDays(7)).build());

        assertThat(e.slices()).noneMatch(k -> k.granularity() == Granularity.DAY && k.periodStart().equals(APRIL));
        Kpis month = e.kpis(new SliceKey(SHOP, Granularity.MONTH, APRIL, Dimension.ALL, ""));
        assertThat(month.firstContactResolution()).isEqualTo(Ratio.of(0, 0));
        assertThat(month.complaints()).isEqualTo(Ratio.of(0, 1));
        assertThat(month.reopen().count()).isEqualTo(1);
        assertThat(e.sliceCount()).isEqualTo(4);
    }

    @Test
    void slaAttainmentIsSortedByTheMetricsNameNotItsDeclarationOrder() {
        Script s = new Script().created("T1", "2026-04-01T09:00:00").policy("T1", "2026-04-01T09:00:00", "標準")
            .slaStopped("T1", "2026-04-01T10:00:00", SlaMetric.TOTAL_RESOLUTION_TIME, SlaCycle.StopReason.SOLVED,
                false)
            .slaStopped("T1", "2026-04-01T10:00:00", SlaMetric.FIRST_REPLY_TIME, SlaCycle.StopReason.FULFILLED, true)
            .slaStopped("T1", "2026-04-01T10:00:00", SlaMetric.AGENT_WORK_TIME, SlaCycle.StopReason.SOLVED, false);
        KpiEngine e = s.feed(KpiEngine.builder().zone(TOKYO).build());

        assertThat(e.kpis(new SliceKey(SHOP, Granularity.WEEK, LocalDate.of(2026, 3, 30), Dimension.ALL, "")).sla())
            .containsExactly(
                new SlaAttainment("agent_work_time", "標準", 1, 0, 100.0),
                new SlaAttainment("first_reply_time", "標準", 0, 1, 0.0),
                new SlaAttainment("total_resolution_time", "標準", 1, 0, 100.0));
    }
}
