package io.madoguchi.metrics;

import static io.madoguchi.metrics.Script.SHOP;
import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.Channel;
import io.madoguchi.core.feedback.Granularity;
import io.madoguchi.core.sla.SlaCycle;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Weeks and months are merged from day slices when read; these tests hold them to the numbers of engines that count
 * weeks or months directly (an engine with one granularity counts into it), on a generated stream of tickets over
 * three and a half months: week and month boundaries in the tenant's zone, and New York's change to daylight saving
 * time on 2026-03-08.
 */
class KpiEngineMergedPeriodsTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String[] GROUPS = {"受付", "請求", "配送"};
    private static final String[] AGENTS = {"sato", "suzuki", "tanaka"};
    private static final Channel[] CHANNELS = {Channel.EMAIL, Channel.LINE, Channel.WEB_CHAT, Channel.PHONE};

    /** A seeded stream of ticket life cycles from 2026-01-20 to about 2026-05-05, Tokyo local times. */
    private static Script months() {
        Script s = new Script();
        Random rnd = new Random(20260308);
        LocalDateTime at = LocalDateTime.of(2026, 1, 20, 0, 0);
        for (int n = 0; at.isBefore(LocalDateTime.of(2026, 5, 1, 0, 0)); n++) {
            at = at.plusMinutes(30 + rnd.nextInt(300));
            String id = "T" + n;
            String agent = AGENTS[rnd.nextInt(AGENTS.length)];
            s.created(id, at.toString(), CHANNELS[rnd.nextInt(CHANNELS.length)], Priority.values()[rnd.nextInt(4)],
                rnd.nextInt(5) == 0 ? null : GROUPS[rnd.nextInt(GROUPS.length)]);
            if (rnd.nextInt(10) == 0) {
                s.policy(id, at.toString(), rnd.nextBoolean() ? "標準" : "優先");
            }
            LocalDateTime reply = at.plusMinutes(5 + rnd.nextInt(60 * 30));
            s.note(id, reply.minusMinutes(rnd.nextInt(5)).toString(), agent).reply(id, reply.toString(), agent);
            s.slaStopped(id, reply.toString(), SlaMetric.FIRST_REPLY_TIME, SlaCycle.StopReason.FULFILLED,
                rnd.nextInt(6) == 0);
            if (rnd.nextBoolean()) {
                LocalDateTime again = reply.plusMinutes(10 + rnd.nextInt(600));
                s.customer(id, again.toString()).reply(id, again.plusMinutes(1 + rnd.nextInt(900)).toString(), agent);
                reply = again.plusHours(16);
            }
            LocalDateTime solved = reply.plusMinutes(1 + rnd.nextInt(60 * 48));
            s.status(id, solved.toString(), TicketStatus.SOLVED, agent);
            if (rnd.nextInt(8) == 0) {
                s.status(id, solved.plusHours(20).toString(), TicketStatus.OPEN, agent)
                    .status(id, solved.plusHours(30).toString(), TicketStatus.SOLVED, agent);
            }
            if (rnd.nextInt(3) == 0) {
                String answered = solved.plusHours(rnd.nextInt(72)).toString();
                s.surveySent(id, solved.toString()).surveyAnswered(id, answered, "csat", 1 + rnd.nextInt(5));
            }
            if (rnd.nextInt(15) == 0) {
                s.comment(id, solved.plusHours(3).toString(), "返品の対応が遅く、説明もわかりにくかったです");
            }
            if (rnd.nextInt(12) == 0) {
                s.complaintDetected(id, reply.toString(), "解約");
            }
            if (rnd.nextInt(10) == 0) {
                s.relationshipScore(at.plusHours(1).toString(), "nps", rnd.nextInt(11));
            }
            if (rnd.nextInt(6) == 0) {
                s.botMatched(id, at.toString());
                if (rnd.nextBoolean()) {
                    s.botDeflected(id, at.plusMinutes(2).toString());
                } else {
                    s.botHandedOver(id, at.plusMinutes(2).toString());
                }
            }
        }
        return s;
    }

    private static KpiEngine engine(ZoneId zone, List<Granularity> granularities) {
        return KpiEngine.builder().zone(zone).byAgent(true).granularities(granularities).build();
    }

    private static void weeksAndMonthsEqualDirectCounting(ZoneId zone) {
        Script s = months();
        KpiEngine merged = s.feed(engine(zone, List.of(Granularity.DAY, Granularity.WEEK, Granularity.MONTH)));
        KpiEngine days = s.feed(engine(zone, List.of(Granularity.DAY)));
        for (Granularity g : List.of(Granularity.WEEK, Granularity.MONTH)) {
            KpiEngine direct = s.feed(engine(zone, List.of(g)));
            List<SliceKey> keys = direct.slices();
            assertThat(merged.slices().stream().filter(k -> k.granularity() == g))
                .containsExactlyInAnyOrderElementsOf(keys);
            for (SliceKey k : keys) {
                assertThat(merged.kpis(k)).as(k.toString()).isEqualTo(direct.kpis(k));
            }
            assertThat(merged.periods(g)).isEqualTo(direct.periods(g));
            for (Dimension d : Dimension.values()) {
                assertThat(merged.values(g, d)).isEqualTo(direct.values(g, d));
            }
            for (LocalDate from : direct.periods(g)) {
                for (LocalDate to : direct.periods(g)) {
                    assertThat(merged.kpis(SHOP, g, from, to, Dimension.ALL, ""))
                        .isEqualTo(direct.kpis(SHOP, g, from, to, Dimension.ALL, ""));
                }
                assertThat(merged.kpis(null, g, from, from, Dimension.CHANNEL, "line"))
                    .isEqualTo(direct.kpis(null, g, from, from, Dimension.CHANNEL, "line"));
            }
        }
        for (SliceKey k : days.slices()) {
            assertThat(merged.kpis(k)).isEqualTo(days.kpis(k));
        }
        // only days are counted into: the same slices as a day-only engine holds
        assertThat(merged.sliceCount()).isEqualTo(days.sliceCount());
    }

    @Test
    void weeksAndMonthsMergedFromTokyoDaysEqualCountingThemDirectly() {
        weeksAndMonthsEqualDirectCounting(Script.TOKYO);
    }

    @Test
    void weeksAndMonthsMergedFromNewYorkDaysAcrossTheDaylightSavingChangeEqualCountingThemDirectly() {
        weeksAndMonthsEqualDirectCounting(NEW_YORK);
    }

    @Test
    void aWeekAcrossAMonthBoundaryAndTheMonthsAroundItHoldWhatTheirDaysHold() {
        Script s = months();
        KpiEngine merged = s.feed(engine(Script.TOKYO, List.of(Granularity.DAY, Granularity.WEEK, Granularity.MONTH)));
        // Monday 2026-03-30 to Sunday 04-05: two days of March, five of April
        SliceKey week = new SliceKey(SHOP, Granularity.WEEK, LocalDate.of(2026, 3, 30), Dimension.ALL, "");
        long created = 0;
        for (LocalDate d = week.periodStart(); d.isBefore(week.periodEnd()); d = d.plusDays(1)) {
            created += merged.kpis(new SliceKey(SHOP, Granularity.DAY, d, Dimension.ALL, "")).created();
        }
        assertThat(created).isPositive().isEqualTo(merged.kpis(week).created());
        long march = merged.kpis(new SliceKey(SHOP, Granularity.MONTH, LocalDate.of(2026, 3, 1), Dimension.ALL, ""))
            .created();
        assertThat(merged.kpis(SHOP, Granularity.DAY, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31),
            Dimension.ALL, "").created()).isEqualTo(march).isPositive();
        // a granularity the engine was not configured with reads as empty, as before
        KpiEngine dayOnly = s.feed(engine(Script.TOKYO, List.of(Granularity.DAY)));
        assertThat(dayOnly.kpis(week).created()).isZero();
        assertThat(dayOnly.periods(Granularity.MONTH)).isEmpty();
    }
}
