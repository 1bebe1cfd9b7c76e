package io.madoguchi.core.sla;

import io.madoguchi.core.ticket.TicketStatus;

import static io.madoguchi.core.sla.SlaHarness.T0;
import static io.madoguchi.core.sla.SlaHarness.TENANT;
import static io.madoguchi.core.sla.SlaHarness.policy;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.TicketId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each preset metric against a hand-worked timeline. */
class SlaMetricTimelineTest {

    @Test
    void firstReplyTimeStopsAtTheFirstPublicAgentReply() {
        SlaHarness h = new SlaHarness(List.of(policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(1))));
        h.create("T-1");
        assertThat(h.last("T-1", SlaMetric.FIRST_REPLY_TIME).dueAt()).isEqualTo(T0.plus(ofHours(1)));

        h.advance(ofMinutes(40));
        h.reply("T-1");
        h.advance(ofHours(3));

        SlaCycle frt = h.last("T-1", SlaMetric.FIRST_REPLY_TIME);
        assertThat(frt.active()).isFalse();
        assertThat(frt.stopReason()).isEqualTo(SlaCycle.StopReason.FULFILLED);
        assertThat(frt.elapsed()).isEqualTo(ofMinutes(40));
        assertThat(frt.remaining()).isEqualTo(ofMinutes(20));
        assertThat(frt.breached()).isFalse();
        assertThat(h.events(SlaEvent.Breached.class)).isEmpty();
        assertThat(h.cycles("T-1", SlaMetric.FIRST_REPLY_TIME)).hasSize(1);
    }

    @Test
    void nextReplyTimeStartsAtTheOldestUnansweredCustomerMessageAndCyclesPerRound() {
        SlaHarness h = new SlaHarness(List.of(policy("標準", SlaMetric.NEXT_REPLY_TIME, ofHours(1))));
        h.create("T-1");
        h.customer("T-1");                       // before the first reply: first reply time covers it
        assertThat(h.cycles("T-1", SlaMetric.NEXT_REPLY_TIME)).isEmpty();
        h.advance(ofMinutes(10));
        h.reply("T-1");
        h.advance(ofMinutes(10));
        h.customer("T-1");                       // 0:20 oldest unanswered
        h.advance(ofMinutes(10));
        h.customer("T-1");                       // 0:30 does not restart the clock
        assertThat(h.last("T-1", SlaMetric.NEXT_REPLY_TIME).dueAt()).isEqualTo(T0.plus(ofMinutes(80)));

        h.advance(ofMinutes(20));
        h.reply("T-1");                          // 0:50
        SlaCycle first = h.last("T-1", SlaMetric.NEXT_REPLY_TIME);
        assertThat(first.elapsed()).isEqualTo(ofMinutes(30));
        assertThat(first.stopReason()).isEqualTo(SlaCycle.StopReason.FULFILLED);

        h.advance(ofHours(1));
        h.customer("T-1");                       // 1:50 starts round two
        h.advance(ofHours(2));
        List<SlaCycle> cycles = h.cycles("T-1", SlaMetric.NEXT_REPLY_TIME);
        assertThat(cycles).hasSize(2);
        assertThat(cycles.get(1).start()).isEqualTo(T0.plus(ofMinutes(110)));
        assertThat(cycles.get(1).breached()).isTrue();
        assertThat(h.events(SlaEvent.Breached.class)).singleElement()
            .extracting(SlaEvent::at).isEqualTo(T0.plus(ofMinutes(170)));
    }

    @Test
    void periodicUpdateRunsBetweenAgentRepliesAndPausesWhilePending() {
        SlaHarness h = new SlaHarness(List.of(policy("標準", SlaMetric.PERIODIC_UPDATE, ofHours(2))));
        h.create("T-1");
        assertThat(h.cycles("T-1", SlaMetric.PERIODIC_UPDATE)).isEmpty();
        h.advance(ofHours(1));
        h.reply("T-1");                           // 1:00 cycle 1
        h.advance(ofHours(1));
        h.status("T-1", TicketStatus.PENDING);       // 2:00 paused after 1h
        assertThat(h.last("T-1", SlaMetric.PERIODIC_UPDATE).paused()).isTrue();
        assertThat(h.last("T-1", SlaMetric.PERIODIC_UPDATE).dueAt()).isNull();
        h.advance(ofHours(5));
        h.status("T-1", TicketStatus.OPEN);          // 7:00 resumes with 1h left
        assertThat(h.last("T-1", SlaMetric.PERIODIC_UPDATE).dueAt()).isEqualTo(T0.plus(ofHours(8)));
        h.advance(ofMinutes(30));
        h.reply("T-1");                           // 7:30 cycle 2
        List<SlaCycle> cycles = h.cycles("T-1", SlaMetric.PERIODIC_UPDATE);
        assertThat(cycles).hasSize(2);
        assertThat(cycles.get(0).elapsed()).isEqualTo(ofMinutes(90));
        assertThat(cycles.get(1).dueAt()).isEqualTo(T0.plus(ofMinutes(570)));
        assertThat(h.events).filteredOn(e -> e instanceof SlaEvent.CyclePaused).hasSize(1);
        assertThat(h.events).filteredOn(e -> e instanceof SlaEvent.CycleResumed).hasSize(1);
    }

    @Test
    void requesterWaitTimePausesOnlyWhilePendingAndAgentWorkTimeAlsoWhileOnHold() {
        SlaHarness h = new SlaHarness(List.of(SlaPolicy.builder("標準")
            .target(SlaMetric.REQUESTER_WAIT_TIME, ofHours(4), SlaPolicy.Hours.CALENDAR)
            .target(SlaMetric.AGENT_WORK_TIME, ofHours(4), SlaPolicy.Hours.CALENDAR)
            .build()));
        h.create("T-1");
        h.advance(ofHours(1));
        h.status("T-1", TicketStatus.ON_HOLD);      // 1:00-2:00 on-hold
        h.advance(ofHours(1));
        h.status("T-1", TicketStatus.PENDING);      // 2:00-3:00 pending
        h.advance(ofHours(1));
        h.status("T-1", TicketStatus.OPEN);         // 3:00 open again
        h.advance(ofMinutes(30));

        SlaCycle wait = h.last("T-1", SlaMetric.REQUESTER_WAIT_TIME);
        SlaCycle work = h.last("T-1", SlaMetric.AGENT_WORK_TIME);
        assertThat(wait.elapsed()).isEqualTo(ofMinutes(150));
        assertThat(wait.dueAt()).isEqualTo(T0.plus(ofHours(5)));
        assertThat(work.elapsed()).isEqualTo(ofMinutes(90));
        assertThat(work.dueAt()).isEqualTo(T0.plus(ofHours(6)));
        assertThat(work.remaining()).isEqualTo(ofMinutes(150));

        h.advanceTo(T0.plus(ofHours(6)));
        assertThat(h.events(SlaEvent.Breached.class)).extracting(SlaEvent.Breached::metric, SlaEvent::at)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(SlaMetric.REQUESTER_WAIT_TIME, T0.plus(ofHours(5))),
                org.assertj.core.groups.Tuple.tuple(SlaMetric.AGENT_WORK_TIME, T0.plus(ofHours(6))));
    }

    @Test
    void totalResolutionTimeNeverCountsTimeAfterSolveAndResumesOnReopen() {
        SlaHarness h = new SlaHarness(List.of(policy("標準", SlaMetric.TOTAL_RESOLUTION_TIME, ofHours(8))));
        h.create("T-1");
        h.advance(ofHours(2));
        h.status("T-1", TicketStatus.SOLVED);       // 2h counted
        h.advance(ofHours(8));                   // past the old due time: no breach while solved
        assertThat(h.events(SlaEvent.Breached.class)).isEmpty();
        assertThat(h.engine.dueBefore(T0.plus(ofHours(100)))).isEmpty();

        h.engine.apply(new SlaInput.Reopened(TENANT, TicketId.of("T-1"), h.now()));   // 10:00
        h.advance(ofHours(1));
        SlaCycle trt = h.last("T-1", SlaMetric.TOTAL_RESOLUTION_TIME);
        assertThat(h.cycles("T-1", SlaMetric.TOTAL_RESOLUTION_TIME)).hasSize(1);
        assertThat(trt.active()).isTrue();
        assertThat(trt.elapsed()).isEqualTo(ofHours(3));
        assertThat(trt.dueAt()).isEqualTo(T0.plus(ofHours(16)));
    }

    @Test
    void solvingStopsTheNextReplyClockSoItNeverBreachesAfterResolution() {
        SlaHarness h = new SlaHarness(List.of(policy("標準", SlaMetric.NEXT_REPLY_TIME, ofHours(1))));
        h.create("T-1");
        h.reply("T-1");
        h.advance(ofMinutes(5));
        h.customer("T-1");
        h.advance(ofMinutes(10));
        h.status("T-1", TicketStatus.SOLVED);
        h.advance(ofDays(3));

        assertThat(h.events(SlaEvent.Breached.class)).isEmpty();
        SlaCycle nrt = h.last("T-1", SlaMetric.NEXT_REPLY_TIME);
        assertThat(nrt.stopReason()).isEqualTo(SlaCycle.StopReason.SOLVED);
        assertThat(nrt.elapsed()).isEqualTo(ofMinutes(10));

        // the customer writes again: the ticket reopens and a new round starts from that message
        h.status("T-1", TicketStatus.OPEN);
        h.customer("T-1");
        assertThat(h.cycles("T-1", SlaMetric.NEXT_REPLY_TIME)).hasSize(2);
        assertThat(h.last("T-1", SlaMetric.NEXT_REPLY_TIME).dueAt()).isEqualTo(h.now().plus(ofHours(1)));
    }

    @Test
    void businessHoursSkipTheWeekend() {
        SlaPolicy policy = SlaPolicy.builder("平日")
            .calendar(new WeekdayCalendar())
            .target(SlaMetric.FIRST_REPLY_TIME, ofHours(2), SlaPolicy.Hours.BUSINESS)
            .target(SlaMetric.TOTAL_RESOLUTION_TIME, ofHours(2), SlaPolicy.Hours.CALENDAR)
            .build();
        SlaHarness h = new SlaHarness(List.of(policy));
        Instant friday1700 = ZonedDateTime.parse("2026-11-27T17:00:00+09:00[Asia/Tokyo]").toInstant();
        Instant monday1000 = ZonedDateTime.parse("2026-11-30T10:00:00+09:00[Asia/Tokyo]").toInstant();
        h.advanceTo(friday1700);
        h.create("T-1");

        assertThat(h.last("T-1", SlaMetric.FIRST_REPLY_TIME).dueAt()).isEqualTo(monday1000);
        assertThat(h.last("T-1", SlaMetric.TOTAL_RESOLUTION_TIME).dueAt()).isEqualTo(friday1700.plus(ofHours(2)));

        h.advanceTo(monday1000.minusMillis(1));
        assertThat(h.events(SlaEvent.Breached.class)).extracting(SlaEvent.Breached::metric)
            .containsExactly(SlaMetric.TOTAL_RESOLUTION_TIME);
        assertThat(h.last("T-1", SlaMetric.FIRST_REPLY_TIME).elapsed()).isEqualTo(ofHours(2).minusMillis(1));
        h.advance(Duration.ofMillis(1));
        assertThat(h.events(SlaEvent.Breached.class)).extracting(SlaEvent.Breached::metric)
            .containsExactly(SlaMetric.TOTAL_RESOLUTION_TIME, SlaMetric.FIRST_REPLY_TIME);
    }

    @Test
    void businessHoursOnTheJapaneseCalendarSkipLunchAndTheNewYearClosure() {
        io.madoguchi.core.calendar.BusinessCalendar japan = io.madoguchi.core.calendar.BusinessCalendar.builder("本社")
            .zone(WeekdayCalendar.TOKYO)
            .open(java.util.EnumSet.range(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY),
                "09:00-12:00", "13:00-18:00")
            .holidays(io.madoguchi.core.calendar.HolidaySource.japan())
            .closedEveryYear(java.time.MonthDay.of(12, 29), java.time.MonthDay.of(1, 3), "年末年始")
            .build();
        SlaHarness h = new SlaHarness(List.of(SlaPolicy.builder("本社")
            .calendar(japan)
            .target(SlaMetric.FIRST_REPLY_TIME, ofHours(4), SlaPolicy.Hours.BUSINESS)
            .build()));
        h.advanceTo(ZonedDateTime.parse("2026-12-28T17:00:00+09:00[Asia/Tokyo]").toInstant());
        h.create("T-1");

        // 17:00-18:00 on the 28th, closed 29 Dec - 3 Jan, then 09:00-12:00 on Monday 4 Jan
        Instant due = ZonedDateTime.parse("2027-01-04T12:00:00+09:00[Asia/Tokyo]").toInstant();
        assertThat(h.last("T-1", SlaMetric.FIRST_REPLY_TIME).dueAt()).isEqualTo(due);
        h.advanceTo(due);
        assertThat(h.events(SlaEvent.Breached.class)).singleElement().extracting(SlaEvent::at).isEqualTo(due);
    }

    @Test
    void mergedTicketStopsForGoodAndNeverShowsAsBreached() {
        SlaHarness h = new SlaHarness(List.of(policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(1))));
        h.create("T-1");
        h.create("T-2");
        h.advance(ofHours(2));
        assertThat(h.engine.breached()).extracting(SlaDue::ticket)
            .containsExactly(TicketId.of("T-1"), TicketId.of("T-2"));

        h.engine.apply(new SlaInput.Merged(TENANT, TicketId.of("T-1"), TicketId.of("T-2"), h.now()));
        h.advance(ofMinutes(1));
        h.engine.apply(new SlaInput.StatusChanged(TENANT, TicketId.of("T-1"), TicketStatus.OPEN, h.now()));

        assertThat(h.engine.isBreached(TENANT, TicketId.of("T-1"))).isFalse();
        assertThat(h.engine.breached()).extracting(SlaDue::ticket).containsExactly(TicketId.of("T-2"));
        SlaCycle merged = h.last("T-1", SlaMetric.FIRST_REPLY_TIME);
        assertThat(merged.stopReason()).isEqualTo(SlaCycle.StopReason.MERGED);
        assertThat(h.cycles("T-1", SlaMetric.FIRST_REPLY_TIME)).hasSize(1);
    }

    private static Duration ofDays(int days) {
        return Duration.ofDays(days);
    }
}
