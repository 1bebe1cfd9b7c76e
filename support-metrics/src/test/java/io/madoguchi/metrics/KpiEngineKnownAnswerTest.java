package io.madoguchi.metrics;

import static io.madoguchi.metrics.Script.SHOP;
import static io.madoguchi.metrics.Script.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.feedback.Granularity;
import io.madoguchi.core.feedback.Question;
import io.madoguchi.core.feedback.SurveyDefinition;
import io.madoguchi.core.sla.SlaCycle;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KpiEngineKnownAnswerTest {

    private static final LocalDate APRIL = LocalDate.of(2026, 4, 1);

    private static KpiEngine engine() {
        return KpiEngine.builder().zone(TOKYO).byAgent(true).build();
    }

    private static Kpis april(KpiEngine e) {
        return e.kpis(new SliceKey(SHOP, Granularity.MONTH, APRIL, Dimension.ALL, ""));
    }

    private static void assertDuration(Duration actual, Duration expected) {
        // two significant digits: exact below 256 s, within 1% above
        assertThat((double) actual.getSeconds()).isCloseTo(expected.getSeconds(), within(expected.getSeconds() * 0.01));
    }

    @Test
    void firstReplyNextReplyAndResolutionAreMeasuredInCalendarTimeWithPercentiles() {
        Script s = new Script()
            .created("T1", "2026-04-01T09:00:00").reply("T1", "2026-04-01T09:30:00", "sato")
            .customer("T1", "2026-04-01T10:00:00").customer("T1", "2026-04-01T10:20:00")
            .reply("T1", "2026-04-01T11:00:00", "sato").status("T1", "2026-04-01T12:00:00", TicketStatus.SOLVED, "sato")
            .created("T2", "2026-04-01T09:00:00").note("T2", "2026-04-01T09:05:00", "suzuki")
            .reply("T2", "2026-04-01T10:00:00", "suzuki")
            .status("T2", "2026-04-01T15:00:00", TicketStatus.SOLVED, "suzuki")
            .created("T3", "2026-04-02T09:00:00").reply("T3", "2026-04-02T12:00:00", "sato");
        Kpis k = april(s.feed(engine()));

        assertThat(k.created()).isEqualTo(3);
        assertThat(k.solved()).isEqualTo(2);
        // first replies 30 min, 1 h (the internal note does not count), 3 h
        assertThat(k.firstReply().n()).isEqualTo(3);
        assertDuration(k.firstReply().p50(), Duration.ofHours(1));
        assertDuration(k.firstReply().p90(), Duration.ofHours(3));
        assertDuration(k.firstReply().p99(), Duration.ofHours(3));
        // next reply from the oldest unanswered customer message (10:00), not the latest (10:20)
        assertThat(k.nextReply().n()).isEqualTo(1);
        assertDuration(k.nextReply().p50(), Duration.ofHours(1));
        // resolutions 3 h and 6 h
        assertThat(k.resolution().n()).isEqualTo(2);
        assertDuration(k.resolution().p50(), Duration.ofHours(3));
        assertDuration(k.resolution().p99(), Duration.ofHours(6));
        assertThat(k.firstReplyBusiness()).isNull();
    }

    @Test
    void timeWhilePendingIsLeftOutOfTheRequesterWaitButNotTheResolution() {
        Script s = new Script()
            .created("T1", "2026-04-01T09:00:00").reply("T1", "2026-04-01T09:10:00", "sato")
            .status("T1", "2026-04-01T09:10:00", TicketStatus.PENDING, "sato")
            .customer("T1", "2026-04-01T13:10:00").status("T1", "2026-04-01T13:10:00", TicketStatus.OPEN, "sato")
            .status("T1", "2026-04-01T14:00:00", TicketStatus.PENDING, "sato")
            .status("T1", "2026-04-01T15:00:00", TicketStatus.SOLVED, "sato");
        Kpis k = april(s.feed(engine()));

        assertDuration(k.resolution().p50(), Duration.ofHours(6));
        // pending 09:10-13:10 and 14:00-15:00: 5 h of the 6 h
        assertDuration(k.requesterWait().p50(), Duration.ofHours(1));
    }

    @Test
    void theNextReplyStopsOnSolveAndRestartsFromTheCustomersMessageThatReopensTheTicket() {
        Script s = new Script()
            .created("T1", "2026-04-01T09:00:00").reply("T1", "2026-04-01T09:30:00", "sato")
            // 「ありがとうございました」: the ticket is solved without a reply to it
            .customer("T1", "2026-04-01T10:00:00").status("T1", "2026-04-01T10:10:00", TicketStatus.SOLVED, "sato")
            // ten days later the customer writes again, which reopens it, and gets a reply in five minutes
            .customer("T1", "2026-04-11T10:00:00").status("T1", "2026-04-11T10:00:00", TicketStatus.OPEN, "sato")
            .reply("T1", "2026-04-11T10:05:00", "sato");
        Kpis k = april(s.feed(engine()));

        assertThat(k.nextReply().n()).isEqualTo(1);
        assertDuration(k.nextReply().p50(), Duration.ofMinutes(5));
    }

    @Test
    void aReopenIsCountedOnceAndTakesTheTicketOutOfFirstContactResolution() {
        Script s = new Script()
            .created("T1", "2026-04-01T09:00:00").reply("T1", "2026-04-01T09:30:00", "sato")
            .status("T1", "2026-04-01T10:00:00", TicketStatus.SOLVED, "sato")
            .created("T2", "2026-04-01T09:00:00").reply("T2", "2026-04-01T09:30:00", "sato")
            .reply("T2", "2026-04-01T09:40:00", "sato").status("T2", "2026-04-01T10:00:00", TicketStatus.SOLVED, "sato")
            .created("T3", "2026-04-01T09:00:00").reply("T3", "2026-04-01T09:30:00", "suzuki")
            .status("T3", "2026-04-01T10:00:00", TicketStatus.SOLVED, "suzuki");
        KpiEngine before = s.feed(engine());
        assertThat(april(before).firstContactResolution()).isEqualTo(Ratio.of(2, 3));

        s.customer("T3", "2026-04-10T09:00:00").status("T3", "2026-04-10T09:00:00", TicketStatus.OPEN, "suzuki")
            .reply("T3", "2026-04-10T09:20:00", "suzuki")
            .status("T3", "2026-04-10T10:00:00", TicketStatus.SOLVED, "suzuki")
            .customer("T3", "2026-04-11T09:00:00").status("T3", "2026-04-11T09:00:00", TicketStatus.OPEN, "suzuki");
        Kpis k = april(s.feed(engine()));

        assertThat(k.solved()).isEqualTo(3);
        assertThat(k.reopen()).isEqualTo(Ratio.of(1, 3));
        assertThat(k.reopen().percent()).isCloseTo(33.333, within(0.001));
        assertThat(k.firstContactResolution()).isEqualTo(Ratio.of(1, 3));
        assertThat(k.resolution().n()).isEqualTo(3);
        assertThat(k.nextReply().n()).isEqualTo(1);
        assertDuration(k.nextReply().p50(), Duration.ofMinutes(20));
    }

    @Test
    void aMergedTicketIsNeitherSolvedNorInSlaAttainment() {
        Script s = new Script()
            .created("T1", "2026-04-01T09:00:00").created("T2", "2026-04-01T09:05:00")
            .policy("T1", "2026-04-01T09:00:00", "標準").policy("T2", "2026-04-01T09:05:00", "標準")
            .merged("T2", "2026-04-01T09:30:00", "T1")
            .slaStopped("T2", "2026-04-01T09:30:00", SlaMetric.FIRST_REPLY_TIME, SlaCycle.StopReason.MERGED, false)
            .reply("T1", "2026-04-01T10:00:00", "sato")
            .slaStopped("T1", "2026-04-01T10:00:00", SlaMetric.FIRST_REPLY_TIME, SlaCycle.StopReason.FULFILLED, false)
            .status("T1", "2026-04-01T11:00:00", TicketStatus.SOLVED, "sato")
            .status("T2", "2026-04-01T12:00:00", TicketStatus.SOLVED, "sato");
        Kpis k = april(s.feed(engine()));

        assertThat(k.created()).isEqualTo(2);
        assertThat(k.merged()).isEqualTo(1);
        assertThat(k.solved()).isEqualTo(1);
        assertThat(k.resolution().n()).isEqualTo(1);
        assertThat(k.sla()).containsExactly(new SlaAttainment("first_reply_time", "標準", 1, 0, 100.0));
    }

    @Test
    void slaAttainmentIsPerMetricAndPolicy() {
        Script s = new Script()
            .created("T1", "2026-04-01T09:00:00").policy("T1", "2026-04-01T09:00:00", "プレミアム")
            .created("T2", "2026-04-01T09:00:00").policy("T2", "2026-04-01T09:00:00", "標準")
            .created("T3", "2026-04-01T09:00:00").policy("T3", "2026-04-01T09:00:00", "標準")
            .slaStopped("T1", "2026-04-01T10:00:00", SlaMetric.FIRST_REPLY_TIME, SlaCycle.StopReason.FULFILLED, true)
            .slaStopped("T2", "2026-04-01T10:00:00", SlaMetric.FIRST_REPLY_TIME, SlaCycle.StopReason.FULFILLED, false)
            .slaStopped("T3", "2026-04-01T10:00:00", SlaMetric.FIRST_REPLY_TIME, SlaCycle.StopReason.FULFILLED, true)
            .slaStopped("T2", "2026-04-01T12:00:00", SlaMetric.TOTAL_RESOLUTION_TIME, SlaCycle.StopReason.SOLVED,
                false);
        Kpis k = april(s.feed(engine()));

        assertThat(k.sla()).containsExactly(
            new SlaAttainment("first_reply_time", "プレミアム", 0, 1, 0.0),
            new SlaAttainment("first_reply_time", "標準", 1, 1, 50.0),
            new SlaAttainment("total_resolution_time", "標準", 1, 0, 100.0));
    }

    @Test
    void businessHoursLeaveTheWeekendOut() {
        BusinessCalendar hours = BusinessCalendar.builder("東京窓口").zone(TOKYO)
            .open(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00-18:00").build();
        // Friday 17:00 to Monday 10:00: 65 h of calendar time, 2 h of business time
        Script s = new Script().created("T1", "2026-04-03T17:00:00").reply("T1", "2026-04-06T10:00:00", "sato")
            .status("T1", "2026-04-06T11:00:00", TicketStatus.SOLVED, "sato");
        Kpis k = april(s.feed(KpiEngine.builder().zone(TOKYO).calendar(hours).build()));

        assertDuration(k.firstReply().p50(), Duration.ofHours(65));
        assertDuration(k.firstReplyBusiness().p50(), Duration.ofHours(2));
        assertDuration(k.resolution().p50(), Duration.ofHours(66));
        assertDuration(k.resolutionBusiness().p50(), Duration.ofHours(3));
        assertThat(k.nextReplyBusiness().n()).isZero();
    }

    @Test
    void periodsStartAtMidnightInTheTenantsZoneNotInUtc() {
        // 2026-03-31T23:59 JST is 14:59 UTC on the 31st; 2026-04-01T00:30 JST is still 2026-03-31 in UTC
        Script s = new Script().created("T1", "2026-03-31T23:59:00").created("T2", "2026-04-01T00:30:00");
        KpiEngine tokyo = s.feed(engine());
        KpiEngine utc = s.feed(KpiEngine.builder().build());

        assertThat(tokyo.kpis(new SliceKey(SHOP, Granularity.DAY, LocalDate.of(2026, 3, 31), Dimension.ALL, ""))
            .created()).isEqualTo(1);
        assertThat(tokyo.kpis(new SliceKey(SHOP, Granularity.DAY, APRIL, Dimension.ALL, "")).created()).isEqualTo(1);
        assertThat(april(tokyo).created()).isEqualTo(1);
        assertThat(tokyo.kpis(new SliceKey(SHOP, Granularity.MONTH, LocalDate.of(2026, 3, 1), Dimension.ALL, ""))
            .created()).isEqualTo(1);
        // the week of Monday 2026-03-30 holds both
        assertThat(tokyo.kpis(new SliceKey(SHOP, Granularity.WEEK, LocalDate.of(2026, 3, 30), Dimension.ALL, ""))
            .created()).isEqualTo(2);
        assertThat(utc.kpis(new SliceKey(SHOP, Granularity.MONTH, APRIL, Dimension.ALL, "")).created()).isZero();
        assertThat(utc.kpis(new SliceKey(SHOP, Granularity.DAY, LocalDate.of(2026, 3, 31), Dimension.ALL, ""))
            .created()).isEqualTo(2);
    }

    @Test
    void anEmptyPeriodHasZeroCountsAndNoScoresOrPercentiles() {
        KpiEngine e = new Script().created("T1", "2026-04-01T09:00:00").feed(engine());
        Kpis may = e.kpis(new SliceKey(SHOP, Granularity.MONTH, LocalDate.of(2026, 5, 1), Dimension.ALL, ""));

        assertThat(may.created()).isZero();
        assertThat(may.firstReply()).isEqualTo(DurationStats.EMPTY);
        assertThat(may.reopen().percent()).isNull();
        assertThat(may.csat().n()).isZero();
        assertThat(may.csat().mean()).isNull();
        assertThat(may.nps().score()).isNull();
        assertThat(may.ces().mean()).isNull();
        assertThat(may.sla()).isEmpty();
        assertThat(may.deflection().percent()).isNull();
        assertThat(may.channelMix()).isEmpty();
        assertThat(e.kpis(SHOP, Granularity.DAY, LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 31), Dimension.ALL, "")
            .created()).isZero();
    }

    @Test
    void csatNpsAndCesFollowTheLibrarysRulesWithNoNpsMarginBelowThirtyAnswers() {
        Script s = new Script();
        for (int i = 1; i <= 3; i++) {
            s.created("T" + i, "2026-04-01T09:00:00").surveySent("T" + i, "2026-04-01T12:00:00");
        }
        s.surveySent("T1", "2026-04-01T12:00:00");
        s.surveyAnswered("T1", "2026-04-02T09:00:00", "csat", 5).surveyAnswered("T2", "2026-04-02T09:00:00", "csat", 4)
            .surveyAnswered("T3", "2026-04-02T09:00:00", "csat", 2);
        for (int i = 0; i < 29; i++) {
            // 15 promoters, 9 passives, 5 detractors so far
            s.relationshipScore("2026-04-03T09:00:00", "nps", i < 15 ? 10 : i < 24 ? 8 : 3);
        }
        s.relationshipScore("2026-04-03T09:00:00", "ces", 6).relationshipScore("2026-04-03T09:00:00", "ces", 3);
        KpiEngine e29 = s.feed(engine());
        Kpis k = april(e29);

        assertThat(k.csat().n()).isEqualTo(3);
        assertThat(k.csat().satisfiedPercent()).isCloseTo(66.667, within(0.001));
        assertThat(k.csat().mean()).isCloseTo(11.0 / 3, within(1e-9));
        assertThat(k.surveyResponse()).isEqualTo(Ratio.of(3, 4));
        assertThat(k.nps().n()).isEqualTo(29);
        assertThat(k.nps().score()).isCloseTo(100.0 * (15 - 5) / 29, within(1e-9));
        assertThat(k.nps().marginOfError()).isNull();
        assertThat(k.ces().n()).isEqualTo(2);
        assertThat(k.ces().mean()).isEqualTo(4.5);

        s.relationshipScore("2026-04-03T10:00:00", "nps", 9);
        Kpis k30 = april(s.feed(engine()));
        assertThat(k30.nps().n()).isEqualTo(30);
        assertThat(k30.nps().score()).isCloseTo(100.0 * (16 - 5) / 30, within(1e-9));
        // adjusted Wald: p+ = 16.75/33, p- = 5.75/33
        double pp = 16.75 / 33;
        double pd = 5.75 / 33;
        assertThat(k30.nps().marginOfError())
            .isCloseTo(1.96 * Math.sqrt((pp + pd - (pp - pd) * (pp - pd)) / 33) * 100, within(1e-9));
    }

    @Test
    void aOneToTenCsatIsReadOnItsOwnScaleWithTheCoresSatisfiedRule() {
        Script s = new Script();
        int[] scores = {10, 9, 7, 6, 5, 3};
        for (int i = 0; i < scores.length; i++) {
            s.created("T" + i, "2026-04-01T09:00:00").surveyAnswered("T" + i, "2026-04-02T09:00:00", "csat", scores[i]);
        }
        KpiEngine e = s.feed(KpiEngine.builder().zone(TOKYO)
            .questions(QuestionCatalog.of(List.of(SurveyDefinition.of("csat-default", Question.csat(10))))).build());
        Kpis k = april(e);

        // every score counts, 6..10 included; satisfied is ScoreScales' top 40% of the points: 7..10 of 10
        assertThat(k.csat().n()).isEqualTo(6);
        assertThat(k.csat().scaleMax()).isEqualTo(10);
        assertThat(k.csat().satisfiedPercent()).isCloseTo(50.0, within(1e-9));
        assertThat(k.csat().mean()).isCloseTo(40.0 / 6, within(1e-9));
    }

    @Test
    void aTenPointCsatCarriedByItsEventsIsReadOnItsScaleWithoutTheSurveysDefinition() {
        Script s = new Script();
        int[] scores = {10, 9, 7, 6, 5, 3};
        for (int i = 0; i < scores.length; i++) {
            s.created("T" + i, "2026-04-01T09:00:00").surveyAnswered("T" + i, "2026-04-02T09:00:00", Question.csat(10),
                scores[i]);
        }
        // the default catalog would read "csat" on 1..5 and drop 6..10; the events say 1..10
        Kpis k = april(s.feed(KpiEngine.builder().zone(TOKYO).build()));

        assertThat(k.csat().n()).isEqualTo(6);
        assertThat(k.csat().scaleMax()).isEqualTo(10);
        assertThat(k.csat().satisfiedPercent()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void aQuestionCarriedByItsEventWinsOverTheCatalogsDefinition() {
        Script s = new Script();
        s.created("T1", "2026-04-01T09:00:00").surveyAnswered("T1", "2026-04-02T09:00:00", Question.csat(10), 8);
        // the catalog says 1..5, as the survey was defined before it changed to 1..10: the answer was given on 1..10
        KpiEngine e = s.feed(KpiEngine.builder().zone(TOKYO)
            .questions(QuestionCatalog.of(List.of(SurveyDefinition.of("csat-default", Question.csat(5))))).build());
        Kpis k = april(e);

        assertThat(k.csat().n()).isEqualTo(1);
        assertThat(k.csat().scaleMax()).isEqualTo(10);
        assertThat(k.csat().satisfiedPercent()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void botDeflectionContainmentAndHandoverAreSharesOfTicketsTheBotMatched() {
        Script s = new Script();
        for (int i = 1; i <= 5; i++) {
            s.created("T" + i, "2026-04-01T09:00:00").botMatched("T" + i, "2026-04-01T09:00:01");
        }
        s.botMatched("T1", "2026-04-01T09:05:00");
        s.botDeflected("T1", "2026-04-01T09:10:00").botDeflected("T2", "2026-04-01T09:10:00")
            .botNoVerdict("T3", "2026-04-02T09:10:00").botHandedOver("T4", "2026-04-01T09:10:00");
        Kpis k = april(s.feed(engine()));

        assertThat(k.deflection()).isEqualTo(Ratio.of(2, 5));
        assertThat(k.containment()).isEqualTo(Ratio.of(3, 5));
        assertThat(k.handover()).isEqualTo(Ratio.of(1, 5));
    }

    @Test
    void channelMixComplaintRateChurnSignalsAndAgentWorkload() {
        Script s = new Script()
            .created("T1", "2026-04-01T09:00:00", Channel.LINE, Priority.HIGH, "受付")
            .created("T2", "2026-04-01T09:00:00", Channel.LINE, Priority.NORMAL, null)
            .created("T3", "2026-04-01T09:00:00", Channel.EMAIL, Priority.NORMAL, "請求")
            .created("T4", "2026-04-01T09:00:00", Channel.PHONE, Priority.URGENT, "請求")
            .complaint("T1", "2026-04-01T09:10:00").complaint("T1", "2026-04-01T09:20:00")
            .tag("T2", "2026-04-01T09:10:00", "解約")
            .complaintDetected("T2", "2026-04-01T09:11:00", "解約", "最悪")
            .complaintDetected("T3", "2026-04-01T09:11:00", "遅い")
            .assign("T1", "2026-04-01T09:30:00", "sato").assign("T3", "2026-04-01T09:30:00", "sato")
            .reply("T1", "2026-04-01T10:00:00", "sato").reply("T3", "2026-04-01T10:00:00", "sato")
            .reply("T4", "2026-04-01T10:00:00", "suzuki")
            .status("T1", "2026-04-01T11:00:00", TicketStatus.SOLVED, "sato");
        KpiEngine e = s.feed(engine());
        Kpis k = april(e);

        assertThat(k.channelMix()).isEqualTo(Map.of("email", 1L, "line", 2L, "phone", 1L));
        assertThat(k.complaints()).isEqualTo(Ratio.of(1, 4));
        assertThat(k.complaintSignals()).isEqualTo(2);
        assertThat(k.churnRisk()).isEqualTo(1);
        assertThat(k.agentWorkload())
            .isEqualTo(Map.of("sato", new Workload(2, 1, 2, 0, 0), "suzuki", new Workload(1, 0, 0, 0, 0)));
        Kpis line = e.kpis(new SliceKey(SHOP, Granularity.MONTH, APRIL, Dimension.CHANNEL, "line"));
        assertThat(line.created()).isEqualTo(2);
        assertThat(line.complaints()).isEqualTo(Ratio.of(1, 2));
        assertThat(e.kpis(new SliceKey(SHOP, Granularity.MONTH, APRIL, Dimension.GROUP, "請求")).created())
            .isEqualTo(2);
        assertThat(e.kpis(new SliceKey(SHOP, Granularity.MONTH, APRIL, Dimension.PRIORITY, "urgent")).firstReply().n())
            .isEqualTo(1);
        assertThat(e.kpis(new SliceKey(SHOP, Granularity.MONTH, APRIL, Dimension.AGENT, "sato")).firstReply().n())
            .isEqualTo(2);
    }

    @Test
    void aComplaintCountsInTheSlicesTheTicketWasCreatedInEvenAfterItsPriorityGroupOrAssigneeChanged() {
        // 一次受付で作成 → 緊急に引き上げ、担当を割り当て → クレームと判定
        Script s = new Script().created("T1", "2026-04-01T09:00:00", Channel.EMAIL, Priority.NORMAL, "受付")
            .priority("T1", "2026-04-01T09:30:00", Priority.URGENT).assign("T1", "2026-04-01T09:40:00", "sato")
            .complaint("T1", "2026-04-01T10:00:00")
            .created("T2", "2026-04-01T11:00:00", Channel.EMAIL, Priority.URGENT, "受付");
        KpiEngine e = s.feed(engine());

        assertThat(april(e).complaints()).isEqualTo(Ratio.of(1, 2));
        // out of the tickets created with each priority: the urgent one created as urgent is no complaint
        assertThat(e.kpis(new SliceKey(SHOP, Granularity.MONTH, APRIL, Dimension.PRIORITY, "normal")).complaints())
            .isEqualTo(Ratio.of(1, 1));
        assertThat(e.kpis(new SliceKey(SHOP, Granularity.MONTH, APRIL, Dimension.PRIORITY, "urgent")).complaints())
            .isEqualTo(Ratio.of(0, 1));
        assertThat(e.kpis(new SliceKey(SHOP, Granularity.MONTH, APRIL, Dimension.AGENT, "sato")).complaints())
            .isEqualTo(Ratio.of(0, 0));
    }

    @Test
    void anEventOfOneTenantIsNeverCountedInAnotherTenantsSlicesEvenWhenTheirTicketIdsCollide() {
        // ids must be unique across tenants, but a host's own IdGenerator may number each tenant's tickets alone
        Script s = new Script().created("T1", "2026-04-01T09:00:00");
        TenantId osaka = TenantId.of("osaka-shop");
        CustomerId customer = CustomerId.of("osaka-customer");
        Instant at = Script.jst("2026-04-01T09:30:00");
        Ticket other = Ticket.builder(TicketId.of("T1"), osaka, customer, Channel.LINE, at).subject("配送")
            .status(TicketStatus.NEW).messageCount(1).build();
        s.log.add(new EventEnvelope(s.log.size() + 1, new TicketCreated(other, Principal.customer(osaka, customer), at,
            new Message(other.id(), 1, Visibility.PUBLIC, AuthorKind.CUSTOMER, customer.value(), "届きません",
                List.of(), at), null)));
        s.reply("T1", "2026-04-01T10:00:00", "sato").status("T1", "2026-04-01T11:00:00", TicketStatus.SOLVED, "sato")
            .policy("T1", "2026-04-01T09:00:00", "標準")
            .slaStopped("T1", "2026-04-01T10:00:00", SlaMetric.FIRST_REPLY_TIME, SlaCycle.StopReason.FULFILLED, false);
        KpiEngine e = s.feed(engine());

        Kpis osakaApril = e.kpis(new SliceKey(osaka, Granularity.MONTH, APRIL, Dimension.ALL, ""));
        assertThat(osakaApril.created()).isEqualTo(1);
        assertThat(osakaApril.firstReply().n()).isZero();
        assertThat(osakaApril.solved()).isZero();
        assertThat(e.slices()).filteredOn(k -> k.tenant().equals(osaka))
            .noneMatch(k -> k.dimension() == Dimension.AGENT || k.dimension() == Dimension.GROUP);
        assertThat(april(e).created()).isEqualTo(1);
        // nor are osaka's ticket's dimensions in the shop's slices
        assertThat(e.slices()).filteredOn(k -> k.tenant().equals(SHOP)).noneMatch(k -> k.value().equals("line"));
    }

    @Test
    void agentSlicesAndWorkloadAreOffByDefault() {
        Script s = new Script().created("T1", "2026-04-01T09:00:00").assign("T1", "2026-04-01T09:01:00", "sato")
            .reply("T1", "2026-04-01T10:00:00", "sato");
        KpiEngine e = s.feed(KpiEngine.builder().zone(TOKYO).build());

        assertThat(e.slices()).noneMatch(k -> k.dimension() == Dimension.AGENT);
        assertThat(april(e).agentWorkload()).isEmpty();
        assertThat(april(e).firstReply().n()).isEqualTo(1);
    }

    @Test
    void handleTimeRunsFromTheAgentsFirstActionInTheWorkSessionToTheirPublicReply() {
        Script s = new Script()
            .created("T1", "2026-04-01T09:00:00")
            .note("T1", "2026-04-01T09:10:00", "sato").note("T1", "2026-04-01T09:12:00", "suzuki")
            .tag("T1", "2026-04-01T09:15:00", "配送") // the admin's action does not end sato's session
            .note("T1", "2026-04-01T09:20:00", "sato")
            .reply("T1", "2026-04-01T09:25:00", "sato") // 09:10 → 09:25: 15 min
            .reply("T1", "2026-04-01T09:40:00", "suzuki") // 09:12 → 09:40: 28 min, sessions are per agent
            .status("T1", "2026-04-01T09:50:00", TicketStatus.PENDING, "sato")
            .customer("T1", "2026-04-01T11:00:00")
            .note("T1", "2026-04-01T13:00:00", "sato") // more than 30 min after 09:50: a new session
            .reply("T1", "2026-04-01T13:05:00", "sato") // 5 min
            .created("T2", "2026-04-01T10:00:00")
            .reply("T2", "2026-04-01T10:30:00", "suzuki") // no action before it: 0
            .note("T2", "2026-04-01T10:40:00", "suzuki").note("T2", "2026-04-01T11:10:00", "suzuki") // exactly 30 min
            .reply("T2", "2026-04-01T11:20:00", "suzuki"); // 10:40 → 11:20: 40 min
        KpiEngine e = s.feed(engine());
        Kpis k = april(e);

        // 0, 5, 15, 28, 40 min
        assertThat(k.handleTime().n()).isEqualTo(5);
        assertDuration(k.handleTime().p50(), Duration.ofMinutes(15));
        assertDuration(k.handleTime().p90(), Duration.ofMinutes(40));
        assertThat(k.agentWorkload()).isEqualTo(Map.of(
            "sato", new Workload(2, 0, 0, 3, Duration.ofMinutes(20).getSeconds()),
            "suzuki", new Workload(3, 0, 0, 3, Duration.ofMinutes(68).getSeconds())));
        assertThat(k.agentWorkload().get("sato").meanHandleTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(e.kpis(new SliceKey(SHOP, Granularity.MONTH, APRIL, Dimension.AGENT, "suzuki")).handleTime().n())
            .isEqualTo(3);
    }

    @Test
    void aShorterSessionGapSplitsTheSessionAndOpenTicketsPerAssigneeFollowTheLog() {
        Script s = new Script()
            .created("T1", "2026-04-01T09:00:00").assign("T1", "2026-04-01T09:01:00", "sato")
            .note("T1", "2026-04-01T09:10:00", "sato").note("T1", "2026-04-01T09:25:00", "sato")
            .reply("T1", "2026-04-01T09:30:00", "sato")
            .created("T2", "2026-04-01T09:00:00").assign("T2", "2026-04-01T09:01:00", "sato")
            .status("T2", "2026-04-01T09:40:00", TicketStatus.SOLVED, "sato")
            .created("T3", "2026-04-01T09:00:00").assign("T3", "2026-04-01T09:01:00", "suzuki");
        KpiEngine e = s.feed(KpiEngine.builder().zone(TOKYO).sessionGap(Duration.ofMinutes(10)).build());

        // 09:10 → 09:25 is more than 10 min apart: the session starts at 09:25, the reply's handle time is 5 min
        assertThat(april(e).handleTime().n()).isEqualTo(1);
        assertDuration(april(e).handleTime().p50(), Duration.ofMinutes(5));
        assertThat(e.openByAssignee(null)).containsExactly(Map.entry("sato", 1L), Map.entry("suzuki", 1L));
        assertThat(e.openByAssignee(SHOP)).isEqualTo(e.openByAssignee(null));
    }
}
