package io.madoguchi.core.automation;

import static io.madoguchi.core.automation.AutomationEvent.Kind.CREATED;
import static io.madoguchi.core.automation.AutomationEvent.Kind.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.Channel;
import io.madoguchi.core.IllegalTransitionException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.integration.Automations;
import io.madoguchi.core.sla.SlaTicket;
import io.madoguchi.core.sla.TicketCondition;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutomationsTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");
    private static final SlaTicket LINE_TICKET = SlaTicket.of(TenantId.of("shop"), TicketId.of("T-1"), Channel.LINE);

    private final List<String> performed = Collections.synchronizedList(new ArrayList<>());

    private static Trigger churn() {
        return Trigger.of("解約検知",
            RuleCondition.on(CREATED).and(RuleCondition.ticket(TicketCondition.channelIs(Channel.LINE)))
                .and(RuleCondition.textContains("解約")),
            new RuleAction.AddTag("churn-risk"), new RuleAction.SetPriority(Priority.HIGH));
    }

    private Automations.Builder recording() {
        return Automations.builder().actions((t, a, rule) -> performed.add(rule + ": " + a));
    }

    @Test
    void aLineTicketMentioningCancellationIsTaggedAndRaised() {
        Automations automations = recording().trigger(churn()).build();

        ChainResult r = automations.onEvent(new AutomationEvent(CREATED, LINE_TICKET, "サービスを解約したいです", T0));

        assertThat(r.fired()).containsExactly("解約検知");
        assertThat(r.ticket().tags()).containsExactly("churn-risk");
        assertThat(r.ticket().priority()).isEqualTo(Priority.HIGH);
        assertThat(performed).containsExactly("解約検知: AddTag[tag=churn-risk]", "解約検知: SetPriority[priority=HIGH]");
        SlaTicket email = SlaTicket.of(TenantId.of("shop"), TicketId.of("T-2"), Channel.EMAIL);
        assertThat(automations.onEvent(new AutomationEvent(CREATED, email, "解約したい", T0)).fired()).isEmpty();
    }

    @Test
    void anActionThatCanNeverSucceedIsLeftOutButAStoreFailureIsThrownForTheCallerToRetry() {
        Automations refusing = Automations.builder().trigger(churn()).actions((t, a, rule) -> {
            if (a instanceof RuleAction.AddTag) {
                throw new IllegalTransitionException("このチケットにはタグを付けられません");
            }
            performed.add(rule + ": " + a);
        }).build();
        refusing.onEvent(new AutomationEvent(CREATED, LINE_TICKET, "解約したい", T0));
        assertThat(performed).containsExactly("解約検知: SetPriority[priority=HIGH]");

        performed.clear();
        Automations failing = Automations.builder().trigger(churn()).actions((t, a, rule) -> {
            if (a instanceof RuleAction.AddTag) {
                throw new StoreException("connection lost", true);
            }
            performed.add(rule + ": " + a);
        }).build();
        assertThatThrownBy(() -> failing.onEvent(new AutomationEvent(CREATED, LINE_TICKET, "解約したい", T0)))
            .isInstanceOf(StoreException.class);
        // the actions after the failed one wait for the retry, which makes them in the same order
        assertThat(performed).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "かいやく, ｶｲﾔｸしたい, true",
        "解約, 解　約, false",
        "refund, ＲＥＦＵＮＤ please, true",
        "キャンセル, きゃんせるお願いします, true",
        "解約, 契約の更新, false"})
    void textMatchingFoldsWidthCaseAndKana(String fragment, String text, boolean matches) {
        RuleCondition c = RuleCondition.textContains(fragment);
        assertThat(c.test(new AutomationEvent(CREATED, LINE_TICKET, text, T0), LINE_TICKET)).isEqualTo(matches);
    }

    @Test
    void triggersRunInPositionOrderAndThePassRestartsAfterAChange() {
        Trigger escalateVip = Trigger.of("VIPは緊急", RuleCondition.ticket(TicketCondition.hasTag("vip")),
            new RuleAction.SetPriority(Priority.URGENT));
        Trigger tagVip = Trigger.of("VIPタグ", RuleCondition.on(CREATED), new RuleAction.AddTag("vip"));
        Trigger notifyUrgent = Trigger.of("緊急通知",
            RuleCondition.ticket(TicketCondition.priorityIn(Priority.URGENT)),
            new RuleAction.Notify("team-lead", "urgent"));
        Automations automations = recording().trigger(escalateVip).trigger(tagVip).trigger(notifyUrgent).build();

        ChainResult r = automations.onEvent(new AutomationEvent(CREATED, LINE_TICKET, "", T0));

        assertThat(r.fired()).containsExactly("VIPタグ", "VIPは緊急", "緊急通知");
        assertThat(r.truncated()).isFalse();
        assertThat(r.ticket().priority()).isEqualTo(Priority.URGENT);
    }

    @Test
    void triggersThatUndoEachOtherFireOncePerChainAndTheChainEnds() {
        Trigger addA = Trigger.of("A付与", RuleCondition.ticket(TicketCondition.hasTag("a").negate()),
            new RuleAction.AddTag("a"), new RuleAction.RemoveTag("b"));
        Trigger swap = Trigger.of("B付与", RuleCondition.ticket(TicketCondition.hasTag("a")),
            new RuleAction.RemoveTag("a"), new RuleAction.AddTag("b"));
        Automations automations = recording().trigger(addA).trigger(swap).build();

        ChainResult r = automations.onEvent(new AutomationEvent(CREATED, LINE_TICKET, "", T0));

        assertThat(r.fired()).containsExactly("A付与", "B付与");
        assertThat(r.ticket().tags()).containsExactly("b");
        assertThat(performed).hasSize(4);
    }

    @Test
    void aChainStopsAtTheMaximumDepth() {
        Automations.Builder b = recording().maxChainDepth(2);
        for (int i = 3; i >= 1; i--) {
            b.trigger(Trigger.of("step" + i, RuleCondition.ticket(TicketCondition.hasTag("s" + (i - 1))),
                new RuleAction.AddTag("s" + i)));
        }
        Automations automations = b.build();

        ChainResult r = automations.onEvent(new AutomationEvent(CREATED, LINE_TICKET.withTags(Set.of("s0")), "", T0));

        assertThat(r.truncated()).isTrue();
        assertThat(r.fired()).containsExactly("step1", "step2");
        assertThat(r.ticket().tags()).containsExactlyInAnyOrder("s0", "s1", "s2");
    }

    @Test
    void eventsRaisedWhileCarryingOutActionsBelongToTheRunningChain() {
        AtomicReference<Automations> self = new AtomicReference<>();
        List<ChainResult> inner = new ArrayList<>();
        Trigger onUpdate = Trigger.of("更新時", RuleCondition.on(UPDATED), new RuleAction.AddTag("updated"));
        Automations automations = Automations.builder().trigger(churn()).trigger(onUpdate)
            .actions((t, a, rule) -> {
                // the desk applies the action and emits an UPDATED event on this thread
                inner.add(self.get().onEvent(new AutomationEvent(UPDATED, a.applyTo(t), "", T0))) ;
            })
            .build();
        self.set(automations);

        ChainResult r = automations.onEvent(new AutomationEvent(CREATED, LINE_TICKET, "解約", T0));

        assertThat(r.fired()).containsExactly("解約検知");
        assertThat(inner).hasSize(2).allSatisfy(c -> assertThat(c.fired()).isEmpty());
        ChainResult next = automations.onEvent(new AutomationEvent(UPDATED, r.ticket(), "", T0.plusSeconds(1)));
        assertThat(next.fired()).containsExactly("更新時");
    }

    @Test
    void timeRulesRemindAfterThreeBusinessDaysPendingAndSolveAfterSevenDaysOncePerPeriod() {
        BusinessCalendar weekdays = new io.madoguchi.core.sla.WeekdayCalendar();
        TimeRule remind = new TimeRule("催促", TicketCondition.statusIn(TicketStatus.PENDING),
            TimeRule.Since.STATUS_CHANGED, Duration.ofHours(27), weekdays,
            List.of(new RuleAction.Notify("requester", "reminder")));
        TimeRule solve = new TimeRule("自動解決", TicketCondition.statusIn(TicketStatus.PENDING),
            TimeRule.Since.STATUS_CHANGED, Duration.ofDays(7), BusinessCalendar.twentyFourSeven(TOKYO),
            List.of(new RuleAction.SetStatus(TicketStatus.SOLVED)));
        Trigger tagSolved = Trigger.of("自動解決タグ", RuleCondition.on(UPDATED)
            .and(RuleCondition.ticket(TicketCondition.statusIn(TicketStatus.SOLVED))),
            new RuleAction.AddTag("auto-solved"));
        Automations automations = recording().timeRule(remind).timeRule(solve).trigger(tagSolved).build();

        Instant friday10 = ZonedDateTime.parse("2026-11-27T10:00:00+09:00[Asia/Tokyo]").toInstant();
        Instant wednesday10 = ZonedDateTime.parse("2026-12-02T10:00:00+09:00[Asia/Tokyo]").toInstant();
        SlaTicket ticket = LINE_TICKET.withStatus(TicketStatus.OPEN);
        automations.onEvent(new AutomationEvent(CREATED, ticket, "", friday10.minus(Duration.ofHours(1))));
        automations.onEvent(new AutomationEvent(UPDATED, ticket.withStatus(TicketStatus.PENDING), "", friday10));

        assertThat(automations.runTimeRules(wednesday10.minusMillis(1))).isEmpty();
        assertThat(automations.runTimeRules(wednesday10)).singleElement()
            .extracting(ChainResult::fired).asList().containsExactly("催促");
        assertThat(automations.runTimeRules(wednesday10.plus(Duration.ofHours(5)))).isEmpty();

        List<ChainResult> week = automations.runTimeRules(friday10.plus(Duration.ofDays(7)));
        assertThat(week).singleElement().satisfies(r -> {
            assertThat(r.fired()).containsExactly("自動解決", "自動解決タグ");
            assertThat(r.ticket().status()).isEqualTo(TicketStatus.SOLVED);
        });
        assertThat(automations.runTimeRules(friday10.plus(Duration.ofDays(30)))).isEmpty();
        assertThat(performed).containsExactly("催促: Notify[recipient=requester, template=reminder]",
            "自動解決: SetStatus[status=SOLVED]", "自動解決タグ: AddTag[tag=auto-solved]");

        // a new pending period reminds again
        Instant later = friday10.plus(Duration.ofDays(31));
        automations.onEvent(new AutomationEvent(UPDATED, ticket.withStatus(TicketStatus.PENDING), "", later));
        assertThat(automations.runTimeRules(later.plus(Duration.ofDays(5)))).singleElement()
            .extracting(ChainResult::fired).asList().containsExactly("催促");
    }

    @Test
    void observedEventsUpdateTimeRulePeriodsWithoutRunningTriggers() {
        Trigger onUpdate = Trigger.of("更新時", RuleCondition.on(UPDATED), new RuleAction.AddTag("updated"));
        TimeRule remind = new TimeRule("催促", TicketCondition.statusIn(TicketStatus.PENDING),
            TimeRule.Since.STATUS_CHANGED, Duration.ofHours(24), BusinessCalendar.twentyFourSeven(TOKYO),
            List.of(new RuleAction.Notify("requester", "r")));
        Automations automations = recording().trigger(onUpdate).timeRule(remind).build();
        automations.observe(new AutomationEvent(CREATED, LINE_TICKET, "", T0));
        automations.observe(new AutomationEvent(UPDATED, LINE_TICKET.withStatus(TicketStatus.PENDING), "",
                T0.plusSeconds(60)));

        assertThat(performed).isEmpty();
        assertThat(automations.runTimeRules(T0.plus(Duration.ofHours(24)))).isEmpty();
        assertThat(automations.runTimeRules(T0.plus(Duration.ofHours(24)).plusSeconds(60))).singleElement()
            .extracting(ChainResult::fired).asList().containsExactly("催促");
    }

    @Test
    void timeRulesRunOnAScheduleUntilCancelled() {
        TimeRule solve = new TimeRule("自動解決", TicketCondition.statusIn(TicketStatus.PENDING),
            TimeRule.Since.STATUS_CHANGED, Duration.ofDays(7), BusinessCalendar.twentyFourSeven(TOKYO),
            List.of(new RuleAction.SetStatus(TicketStatus.SOLVED)));
        Automations automations = recording().timeRule(solve).build();
        io.madoguchi.core.time.ManualScheduler scheduler = io.madoguchi.core.time.ManualScheduler.startingAt(T0, TOKYO);
        automations.onEvent(new AutomationEvent(UPDATED, LINE_TICKET.withStatus(TicketStatus.PENDING), "", T0));
        var handle = automations.runEvery(scheduler, scheduler.clock(), Duration.ofHours(1));

        scheduler.advance(Duration.ofDays(7).minusHours(1));
        assertThat(performed).isEmpty();
        scheduler.advance(Duration.ofHours(1));
        assertThat(performed).containsExactly("自動解決: SetStatus[status=SOLVED]");
        handle.cancel();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void rulesAreValidated() {
        assertThatThrownBy(() -> Trigger.of("空", RuleCondition.on(CREATED))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> RuleCondition.textContains(" ")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Automations.builder().trigger(churn()).trigger(churn()).maxChainDepth(0).build())
            .isInstanceOf(ValidationException.class)
            .satisfies(e -> assertThat(((ValidationException) e).violations()).hasSize(2));
        assertThatThrownBy(() -> new TimeRule("零", TicketCondition.always(), TimeRule.Since.CREATED, Duration.ZERO,
            BusinessCalendar.twentyFourSeven(TOKYO), List.of(new RuleAction.AddTag("x"))))
            .isInstanceOf(ValidationException.class);
    }
}
