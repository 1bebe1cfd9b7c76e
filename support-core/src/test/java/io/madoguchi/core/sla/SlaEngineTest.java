package io.madoguchi.core.sla;

import io.madoguchi.core.time.Scheduler;
import io.madoguchi.core.ticket.Priority;

import static io.madoguchi.core.sla.SlaHarness.T0;
import static io.madoguchi.core.sla.SlaHarness.TENANT;
import static io.madoguchi.core.sla.SlaHarness.policy;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Boundaries, policy re-evaluation, firing, queries and escalations. */
class SlaEngineTest {

    private static final SlaPolicy BY_PRIORITY = SlaPolicy.builder("標準")
        .target(SlaMetric.FIRST_REPLY_TIME, Priority.LOW, ofHours(24), SlaPolicy.Hours.CALENDAR)
        .target(SlaMetric.FIRST_REPLY_TIME, Priority.NORMAL, ofHours(8), SlaPolicy.Hours.CALENDAR)
        .target(SlaMetric.FIRST_REPLY_TIME, Priority.URGENT, ofHours(1), SlaPolicy.Hours.CALENDAR)
        .build();

    @Test
    void aBotAnswerFulfilsTheFirstReplyOnlyWhereThePolicySaysSoAndNeverTheNextReply() {
        SlaPolicy counts = SlaPolicy.builder("ボット回答を一次回答とする")
            .target(SlaMetric.FIRST_REPLY_TIME, ofHours(1), SlaPolicy.Hours.CALENDAR)
            .target(SlaMetric.NEXT_REPLY_TIME, ofHours(2), SlaPolicy.Hours.CALENDAR)
            .botAnswerCountsAsFirstReply(true).build();
        assertThat(counts.botAnswerCountsAsFirstReply()).isTrue();
        SlaHarness h = new SlaHarness(List.of(counts));
        h.create("T-1");
        h.advance(ofMinutes(5));
        h.bot("T-1");
        SlaCycle first = h.last("T-1", SlaMetric.FIRST_REPLY_TIME);
        assertThat(first.active()).isFalse();
        assertThat(first.stopReason()).isEqualTo(SlaCycle.StopReason.FULFILLED);
        // the customer writes back: the next reply needs a person, the bot's second message does not fulfil it
        h.advance(ofMinutes(5));
        h.customer("T-1");
        h.advance(ofMinutes(5));
        h.bot("T-1");
        assertThat(h.last("T-1", SlaMetric.NEXT_REPLY_TIME).active()).isTrue();
        h.advance(ofHours(3));
        assertThat(h.events(SlaEvent.Breached.class)).extracting(SlaEvent.Breached::metric)
            .containsExactly(SlaMetric.NEXT_REPLY_TIME);

        // by default only a person's reply counts: the first reply time runs on and breaches
        SlaHarness plain = new SlaHarness(List.of(policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(1))));
        plain.create("T-2");
        plain.advance(ofMinutes(5));
        plain.bot("T-2");
        assertThat(plain.last("T-2", SlaMetric.FIRST_REPLY_TIME).active()).isTrue();
        plain.advance(ofHours(1));
        assertThat(plain.events(SlaEvent.Breached.class)).singleElement()
            .satisfies(b -> assertThat(b.metric()).isEqualTo(SlaMetric.FIRST_REPLY_TIME));
    }

    @Test
    void breachFiresAtExactlyTheDueInstantAndOnlyOnce() {
        SlaHarness h = new SlaHarness(List.of(policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(1))),
            b -> b.warningLeads());
        h.create("T-1");
        Instant due = T0.plus(ofHours(1));

        assertThat(h.engine.fireDue(due.minusMillis(1))).isZero();
        assertThat(h.events(SlaEvent.Breached.class)).isEmpty();
        assertThat(h.engine.fireDue(due)).isEqualTo(1);
        assertThat(h.engine.fireDue(due)).isZero();
        assertThat(h.engine.fireDue(due.plus(ofHours(5)))).isZero();
        h.advance(ofHours(3));

        assertThat(h.events(SlaEvent.Breached.class)).singleElement().satisfies(b -> {
            assertThat(b.at()).isEqualTo(due);
            assertThat(b.policy()).isEqualTo("標準");
            assertThat(b.metric()).isEqualTo(SlaMetric.FIRST_REPLY_TIME);
        });
        SlaCycle cycle = h.last("T-1", SlaMetric.FIRST_REPLY_TIME);
        assertThat(cycle.breached()).isTrue();
        assertThat(cycle.remaining()).isEqualTo(ofHours(-2));
    }

    @Test
    void warningsFireAtExactlyEachLeadTimeBeforeTheBreach() {
        SlaHarness h = new SlaHarness(List.of(policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(2))),
            b -> b.warningLeads(ofMinutes(15), ofHours(1)));
        h.create("T-1");
        Instant due = T0.plus(ofHours(2));

        assertThat(h.engine.fireDue(due.minus(ofHours(1)).minusMillis(1))).isZero();
        assertThat(h.engine.fireDue(due.minus(ofHours(1)))).isEqualTo(1);
        assertThat(h.engine.fireDue(due.minus(ofMinutes(15)).minusMillis(1))).isZero();
        assertThat(h.engine.fireDue(due.minus(ofMinutes(15)))).isEqualTo(1);
        assertThat(h.engine.fireDue(due.minus(ofMinutes(15)))).isZero();

        assertThat(h.events(SlaEvent.Warning.class)).extracting(SlaEvent.Warning::lead, SlaEvent::at)
            .containsExactly(tuple(ofHours(1), due.minus(ofHours(1))), tuple(ofMinutes(15), due.minus(ofMinutes(15))));
    }

    @Test
    void aCycleStartedInsideTheLeadTimeWarnsOnceThenBreaches() {
        SlaHarness h = new SlaHarness(List.of(policy("標準", SlaMetric.FIRST_REPLY_TIME, ofMinutes(10))),
            b -> b.warningLeads(ofMinutes(15), ofHours(1)));
        h.create("T-1");
        h.advance(ofMinutes(30));

        assertThat(h.events).filteredOn(e -> e instanceof SlaEvent.Warning || e instanceof SlaEvent.Breached)
            .extracting(e -> e.getClass().getSimpleName()).containsExactly("Warning", "Breached");
        assertThat(h.events(SlaEvent.Warning.class)).singleElement()
            .extracting(SlaEvent.Warning::lead).isEqualTo(ofMinutes(15));
    }

    @Test
    void fireDueIsIdempotentAcrossManyTickets() {
        SlaHarness h = new SlaHarness(List.of(policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(1))),
            b -> b.warningLeads(ofMinutes(15)));
        for (int i = 0; i < 200; i++) {
            h.create("T-" + i);
            if (i % 2 == 0) {
                h.reply("T-" + i);
            }
        }
        Instant warnAt = T0.plus(ofMinutes(45));
        Instant due = T0.plus(ofHours(1));

        assertThat(h.engine.fireDue(warnAt)).isEqualTo(100);
        assertThat(h.engine.fireDue(warnAt)).isZero();
        assertThat(h.engine.fireDue(due)).isEqualTo(100);
        assertThat(h.engine.fireDue(due)).isZero();
        h.advanceTo(due.plus(ofHours(1)));

        assertThat(h.events(SlaEvent.Warning.class)).hasSize(100);
        assertThat(h.events(SlaEvent.Breached.class)).hasSize(100)
            .allSatisfy(b -> assertThat(Integer.parseInt(b.ticket().value().substring(2)) % 2).isEqualTo(1));
        assertThat(h.engine.breached()).hasSize(100);
    }

    @Test
    void theSchedulerFiresWarningsAndBreachesWithoutAnyoneCallingFireDue() {
        SlaHarness h = new SlaHarness(List.of(policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(1))));
        h.create("T-1");
        h.advance(ofMinutes(30));
        h.create("T-2");
        h.advance(ofHours(2));

        assertThat(h.events).filteredOn(e -> e instanceof SlaEvent.Warning || e instanceof SlaEvent.Breached)
            .extracting(e -> e.getClass().getSimpleName() + " " + e.ticket() + " " + e.at())
            .containsExactly(
                "Warning T-1 " + T0.plus(ofMinutes(45)),
                "Breached T-1 " + T0.plus(ofMinutes(60)),
                "Warning T-2 " + T0.plus(ofMinutes(75)),
                "Breached T-2 " + T0.plus(ofMinutes(90)));
    }

    @Test
    void dueBeforeAnswersWhatBreachesInTheNextHourSoonestFirst() {
        SlaHarness h = new SlaHarness(List.of(BY_PRIORITY), b -> b.warningLeads());
        h.create(SlaHarness.ticket("T-low").withPriority(Priority.LOW));
        h.create(SlaHarness.ticket("T-urgent-1").withPriority(Priority.URGENT));
        h.advance(ofMinutes(20));
        h.create(SlaHarness.ticket("T-urgent-2").withPriority(Priority.URGENT));
        h.create("T-normal");

        assertThat(h.engine.dueBefore(h.now().plus(ofHours(1))))
            .extracting(d -> d.ticket().value(), SlaDue::dueAt)
            .containsExactly(tuple("T-urgent-1", T0.plus(ofHours(1))),
                tuple("T-urgent-2", T0.plus(ofMinutes(80))));
        assertThat(h.engine.dueBefore(T0.plus(ofMinutes(80)).minusMillis(1))).hasSize(1);
        assertThat(h.engine.dueBefore(T0.plus(ofDays(2)))).hasSize(4);
    }

    @Test
    void raisingThePriorityRecomputesTheDueTimeAndLoweringItLeavesNoStaleBreach() {
        SlaHarness h = new SlaHarness(List.of(BY_PRIORITY), b -> b.warningLeads());
        SlaTicket t = SlaHarness.ticket("T-1");
        h.create(t);
        assertThat(h.last("T-1", SlaMetric.FIRST_REPLY_TIME).dueAt()).isEqualTo(T0.plus(ofHours(8)));

        h.advance(ofMinutes(30));
        h.engine.apply(new SlaInput.FactsChanged(t.withPriority(Priority.URGENT), h.now()));
        assertThat(h.last("T-1", SlaMetric.FIRST_REPLY_TIME).dueAt()).isEqualTo(T0.plus(ofHours(1)));

        h.advance(ofMinutes(10));
        h.engine.apply(new SlaInput.FactsChanged(t.withPriority(Priority.NORMAL), h.now()));
        h.advanceTo(T0.plus(ofHours(2)));
        assertThat(h.events(SlaEvent.Breached.class)).isEmpty();
        assertThat(h.cycles("T-1", SlaMetric.FIRST_REPLY_TIME)).singleElement()
            .extracting(SlaCycle::dueAt).isEqualTo(T0.plus(ofHours(8)));
    }

    @Test
    void theFirstMatchingPolicyAppliesAndChangesAreKeptInTheHistory() {
        SlaPolicy vip = SlaPolicy.builder("VIP顧客")
            .when(TicketCondition.hasTag("vip").and(TicketCondition.channelIs(io.madoguchi.core.Channel.EMAIL)))
            .target(SlaMetric.FIRST_REPLY_TIME, ofMinutes(30), SlaPolicy.Hours.CALENDAR)
            .build();
        SlaPolicy standard = policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(4));
        SlaHarness h = new SlaHarness(List.of(vip, standard), b -> b.warningLeads());
        SlaTicket t = SlaHarness.ticket("T-1");
        h.create(t);
        h.advance(ofMinutes(10));
        h.engine.apply(new SlaInput.FactsChanged(t.withTags(Set.of("vip")), h.now()));
        // the VIP target counts from creation: due 0:30, not 0:40
        assertThat(h.last("T-1", SlaMetric.FIRST_REPLY_TIME).dueAt()).isEqualTo(T0.plus(ofMinutes(30)));

        h.advance(ofMinutes(10));
        h.engine.setPolicies(List.of(standard));
        assertThat(h.last("T-1", SlaMetric.FIRST_REPLY_TIME).dueAt()).isEqualTo(T0.plus(ofHours(4)));

        h.advance(ofMinutes(10));
        h.engine.setPolicies(List.of(policy("請求", SlaMetric.TOTAL_RESOLUTION_TIME, ofHours(1))));

        assertThat(h.engine.policyHistory(TENANT, TicketId.of("T-1")))
            .extracting(PolicyApplication::at, PolicyApplication::policyName)
            .containsExactly(tuple(T0, "標準"), tuple(T0.plus(ofMinutes(10)), "VIP顧客"),
                tuple(T0.plus(ofMinutes(20)), "標準"), tuple(T0.plus(ofMinutes(30)), "請求"));
        assertThat(h.cycles("T-1", SlaMetric.FIRST_REPLY_TIME)).singleElement().satisfies(c -> {
            assertThat(c.stopReason()).isEqualTo(SlaCycle.StopReason.POLICY_CHANGED);
            assertThat(c.elapsed()).isEqualTo(ofMinutes(30));
        });
        assertThat(h.last("T-1", SlaMetric.TOTAL_RESOLUTION_TIME).dueAt()).isEqualTo(T0.plus(ofHours(1)));
        assertThat(h.events(SlaEvent.Breached.class)).isEmpty();
    }

    @Test
    void aPolicyWithoutATargetForTheTicketsPriorityLeavesItToTheNextPolicy() {
        SlaPolicy urgentOnly = SlaPolicy.builder("至急のみ")
            .target(SlaMetric.FIRST_REPLY_TIME, Priority.URGENT, ofMinutes(30), SlaPolicy.Hours.CALENDAR)
            .build();
        SlaPolicy standard = policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(4));
        SlaHarness h = new SlaHarness(List.of(urgentOnly, standard), b -> b.warningLeads());
        h.create(SlaHarness.ticket("T-1").withPriority(Priority.NORMAL));
        h.create(SlaHarness.ticket("T-2").withPriority(Priority.URGENT));

        assertThat(urgentOnly.matches(SlaHarness.ticket("T-1"))).isFalse();
        assertThat(h.engine.policyHistory(TENANT, TicketId.of("T-1"))).extracting(PolicyApplication::policyName)
            .containsExactly("標準");
        assertThat(h.last("T-1", SlaMetric.FIRST_REPLY_TIME).dueAt()).isEqualTo(T0.plus(ofHours(4)));
        assertThat(h.last("T-2", SlaMetric.FIRST_REPLY_TIME).dueAt()).isEqualTo(T0.plus(ofMinutes(30)));
    }

    @Test
    void businessHourTargetsNeedACalendar() {
        assertThatThrownBy(() -> SlaPolicy.builder("営業時間")
                .target(SlaMetric.FIRST_REPLY_TIME, ofHours(4), SlaPolicy.Hours.BUSINESS).build())
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(io.madoguchi.core.Violation::field).containsExactly("calendar"));
        io.madoguchi.core.calendar.BusinessCalendar tokyo = io.madoguchi.core.calendar.BusinessCalendar.builder("東京")
            .zone(WeekdayCalendar.TOKYO)
            .open(java.util.EnumSet.range(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY), "09:00-18:00")
            .build();
        assertThat(SlaPolicy.builder("営業時間").calendar(tokyo)
            .target(SlaMetric.FIRST_REPLY_TIME, ofHours(4), SlaPolicy.Hours.BUSINESS).build().calendar())
            .isSameAs(tokyo);
        assertThat(SlaPolicy.builder("終日").target(SlaMetric.FIRST_REPLY_TIME, ofHours(4), SlaPolicy.Hours.CALENDAR)
            .build().name()).isEqualTo("終日");
    }

    @Test
    void anEngineNeedsASchedulerOrTheExplicitChoiceToFireByHand() {
        java.time.Clock clock = java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC);
        assertThatThrownBy(() -> SlaEngine.builder().clock(clock)
                .policies(List.of(policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(1)))).build())
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(io.madoguchi.core.Violation::field).containsExactly("scheduler"));
        try (SlaEngine byHand = SlaEngine.builder().clock(clock).scheduler(Scheduler.none())
                .policies(List.of(policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(1)))).warningLeads().build()) {
            byHand.apply(new SlaInput.Created(SlaHarness.ticket("T-1"), T0));
            assertThat(byHand.fireDue(T0.plus(ofHours(1)))).isEqualTo(1);
        }
    }

    @Test
    void settingABuilderOptionTwiceIsAValidationErrorNamingIt() {
        assertThatThrownBy(
            () -> SlaEngine.builder().clock(java.time.Clock.systemUTC()).clock(java.time.Clock.systemUTC()))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(io.madoguchi.core.Violation::field).containsExactly("clock"));
        assertThatThrownBy(() -> SlaPolicy.builder("二重").target(SlaMetric.FIRST_REPLY_TIME, Priority.HIGH, ofHours(1),
                SlaPolicy.Hours.CALENDAR).target(SlaMetric.FIRST_REPLY_TIME, ofHours(2), SlaPolicy.Hours.CALENDAR))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(io.madoguchi.core.Violation::field).containsExactly("targets.FIRST_REPLY_TIME.HIGH"));
    }

    @Test
    void ticketsNoPolicyMatchesHaveNoClocks() {
        SlaPolicy complaints = SlaPolicy.builder("クレーム")
            .when(TicketCondition.isComplaint())
            .target(SlaMetric.FIRST_REPLY_TIME, ofMinutes(30), SlaPolicy.Hours.CALENDAR)
            .build();
        SlaHarness h = new SlaHarness(List.of(complaints));
        h.create("T-1");
        h.create(SlaHarness.ticket("T-2").withComplaint(true));

        assertThat(h.engine.cycles(TENANT, TicketId.of("T-1"))).isEmpty();
        assertThat(h.engine.policyHistory(TENANT, TicketId.of("T-1"))).singleElement()
            .extracting(PolicyApplication::policy).isEqualTo(java.util.Optional.empty());
        assertThat(h.cycles("T-2", SlaMetric.FIRST_REPLY_TIME)).hasSize(1);
    }

    @Test
    void escalationsRunTheirActionsInOrderOnBreachAndWarning() {
        SlaPolicy p = SlaPolicy.builder("標準")
            .target(SlaMetric.FIRST_REPLY_TIME, ofHours(1), SlaPolicy.Hours.CALENDAR)
            .target(SlaMetric.AGENT_WORK_TIME, ofHours(8), SlaPolicy.Hours.CALENDAR)
            .escalation(SlaEscalation.onWarning(new EscalationAction.Notify("team-lead")))
            .escalation(new SlaEscalation(SlaEscalation.When.BREACH, Set.of(SlaMetric.FIRST_REPLY_TIME),
                List.of(new EscalationAction.RaisePriority(Priority.HIGH),
                    new EscalationAction.Reassign(GroupId.of("二次対応")),
                    new EscalationAction.AddTag("sla-breached"))))
            .build();
        SlaHarness h = new SlaHarness(List.of(p));
        h.create("T-1");
        h.advance(ofHours(2));

        assertThat(h.escalations).containsExactly(
            "T-1 notify team-lead Warning",
            "T-1 priority HIGH",
            "T-1 group 二次対応",
            "T-1 tag sla-breached");
    }

    @Test
    void inputsAreValidated() {
        SlaHarness h = new SlaHarness(List.of(policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(1))));
        h.create("T-1");
        h.advance(ofMinutes(5));
        h.reply("T-1");

        assertThatThrownBy(() -> h.create("T-1")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> h.reply("T-9")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> h.engine.apply(new SlaInput.CustomerMessage(TENANT, TicketId.of("T-1"), T0)))
            .isInstanceOf(ValidationException.class).hasMessageContaining("at");
        assertThatThrownBy(() -> h.engine.setPolicies(List.of(policy("同名", SlaMetric.FIRST_REPLY_TIME, ofHours(1)),
            policy("同名", SlaMetric.NEXT_REPLY_TIME, ofHours(1))))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> SlaPolicy.builder("空").build()).isInstanceOf(ValidationException.class)
            .hasMessageContaining("targets");
        assertThatThrownBy(() -> SlaPolicy.builder("負").target(SlaMetric.FIRST_REPLY_TIME, Duration.ZERO,
            SlaPolicy.Hours.CALENDAR).build()).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> SlaEngine.builder().build()).isInstanceOf(ValidationException.class)
            .hasMessageContaining("clock");
        assertThat(h.engine.policies()).extracting(SlaPolicy::name).containsExactly("標準");
    }

    @Test
    void forgottenTicketsLeaveTheIndexes() {
        SlaHarness h = new SlaHarness(List.of(policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(1))));
        h.create("T-1");
        h.create("T-2");
        h.advance(ofHours(2));
        h.create("T-3");
        h.engine.forget(TENANT, TicketId.of("T-1"));
        h.engine.forget(TENANT, TicketId.of("T-3"));
        h.create("T-4");

        assertThat(h.engine.size()).isEqualTo(2);
        assertThat(h.engine.breached()).extracting(d -> d.ticket().value()).containsExactly("T-2");
        assertThat(h.engine.dueBefore(h.now().plus(ofHours(1)))).extracting(d -> d.ticket().value())
            .containsExactly("T-4");
        assertThatThrownBy(() -> h.engine.cycles(TENANT, TicketId.of("T-1"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void listenersMayCallBackIntoTheEngine() {
        List<Boolean> seen = new ArrayList<>();
        SlaHarness h = new SlaHarness(List.of(policy("標準", SlaMetric.FIRST_REPLY_TIME, ofHours(1))));
        h.engine.addListener(e -> {
            if (e instanceof SlaEvent.Breached b) {
                seen.add(h.engine.isBreached(b.tenant(), b.ticket()));
            }
        });
        h.create("T-1");
        h.advance(ofHours(1));
        assertThat(seen).containsExactly(true);
    }

    private static Duration ofDays(int days) {
        return Duration.ofDays(days);
    }
}
