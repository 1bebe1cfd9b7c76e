package io.madoguchi.core.sla;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.Group;
import io.madoguchi.core.automation.AutomationEvent;
import io.madoguchi.core.automation.RuleAction;
import io.madoguchi.core.automation.RuleCondition;
import io.madoguchi.core.automation.Trigger;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.integration.Automations;
import io.madoguchi.core.integration.DeskBridge;
import io.madoguchi.core.store.memory.InMemoryDeskStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.ManualScheduler;
import io.madoguchi.core.time.Scheduler;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

/** The SLA engine and the automations driven by a real desk timeline. */
class DeskBridgeIntegrationTest {

    private final ManualScheduler scheduler =
        ManualScheduler.startingAt(Instant.parse("2026-11-24T00:00:00Z"), WeekdayCalendar.TOKYO);
    private final InMemoryDeskStore store = new InMemoryDeskStore(scheduler.clock());
    private final SupportDesk desk = SupportDesk.builder().clock(scheduler.clock()).store(store).build();
    private final TenantId tenant = TenantId.of("shop");
    private final Principal admin = Principal.admin(tenant, AgentId.of("admin"));
    private final Principal sato = Principal.agent(tenant, AgentId.of("sato"));
    private final List<SlaEvent> slaEvents = new CopyOnWriteArrayList<>();
    private final List<io.madoguchi.core.event.DeskEvent> deskEvents = new CopyOnWriteArrayList<>();
    private final SlaEngine sla;
    private final Customer tanaka;
    private final Principal tanakaP;

    DeskBridgeIntegrationTest() {
        SlaPolicy policy = SlaPolicy.builder("標準")
            .target(SlaMetric.FIRST_REPLY_TIME, Priority.NORMAL, ofHours(8), SlaPolicy.Hours.CALENDAR)
            .target(SlaMetric.FIRST_REPLY_TIME, Priority.HIGH, ofHours(1), SlaPolicy.Hours.CALENDAR)
            .target(SlaMetric.FIRST_REPLY_TIME, Priority.URGENT, ofMinutes(30), SlaPolicy.Hours.CALENDAR)
            .target(SlaMetric.NEXT_REPLY_TIME, ofHours(2), SlaPolicy.Hours.CALENDAR)
            .escalation(SlaEscalation.onBreach(new EscalationAction.RaisePriority(Priority.URGENT),
                new EscalationAction.AddTag("sla-breached"), new EscalationAction.Reassign(GroupId.of("二次対応")),
                new EscalationAction.Notify("team-lead")))
            .build();
        sla = SlaEngine.builder()
            .clock(desk.clock())
            .scheduler(scheduler)
            .policies(List.of(policy))
            .warningLeads()
            .eventLog(store.eventLog())
            .listener(slaEvents::add)
            .build();
        Automations automations = Automations.builder()
            .trigger(Trigger.of("解約検知",
                RuleCondition.on(AutomationEvent.Kind.CREATED)
                    .and(RuleCondition.ticket(TicketCondition.channelIs(Channel.LINE)))
                    .and(RuleCondition.textContains("解約")),
                new RuleAction.AddTag("churn-risk"), new RuleAction.SetPriority(Priority.HIGH)))
            .trigger(Trigger.of("AからB", RuleCondition.ticket(TicketCondition.hasTag("a")),
                new RuleAction.RemoveTag("a"), new RuleAction.AddTag("b")))
            .trigger(Trigger.of("BからA", RuleCondition.ticket(TicketCondition.hasTag("b")),
                new RuleAction.RemoveTag("b"), new RuleAction.AddTag("a")))
            .actions(DeskBridge.automationActions(desk))
            .build();
        DeskBridge.attach(desk, sla, automations);
        desk.addListener(deskEvents::add);
        desk.saveAgent(admin, Agent.of(tenant, AgentId.of("sato"), "佐藤"));
        desk.saveGroup(admin, new Group(GroupId.of("二次対応"), tenant, "二次対応"));
        tanaka = desk.createCustomer(desk.system(tenant, "channels"),
            new NewCustomer("田中 太郎", List.of(ChannelIdentity.line("U1234")), null, "ja"));
        tanakaP = Principal.customer(tenant, tanaka.id());
    }

    private Ticket open(Channel channel, String body) {
        return desk.createTicket(tanakaP, CreateTicket.builder(tanaka.id(), channel, "問い合わせ", body).build());
    }

    private List<SlaCycle> cycles(Ticket t, SlaMetric metric) {
        return sla.cycles(tenant, t.id()).stream().filter(c -> c.metric() == metric).toList();
    }

    @Test
    void theBotsPublicReplyOnTheDeskFulfilsTheFirstReplyWhenThePolicySaysSo() {
        InMemoryDeskStore s2 = new InMemoryDeskStore(scheduler.clock());
        SupportDesk d2 = SupportDesk.builder().clock(scheduler.clock()).store(s2).build();
        SlaEngine e2 = SlaEngine.builder().clock(d2.clock()).scheduler(scheduler).eventLog(s2.eventLog())
            .policies(List.of(SlaPolicy.builder("ボット一次回答")
                .target(SlaMetric.FIRST_REPLY_TIME, ofHours(1), SlaPolicy.Hours.CALENDAR)
                .botAnswerCountsAsFirstReply(true).build()))
            .build();
        DeskBridge.attach(d2, e2, null);
        Customer c = d2.createCustomer(d2.system(tenant, "channels"),
            new NewCustomer("鈴木 花子", List.of(ChannelIdentity.line("U9")), null, "ja"));
        Ticket t = d2.createTicket(Principal.customer(tenant, c.id()),
            CreateTicket.builder(c.id(), Channel.LINE, "営業時間", "営業時間を教えてください").build());
        Principal bot = d2.bot(tenant, "faq-bot");
        d2.addNote(bot, t.id(), "FAQ を検索しました");
        // an internal note is no reply
        assertThat(e2.cycles(tenant, t.id())).singleElement().satisfies(cy -> assertThat(cy.active()).isTrue());
        d2.reply(bot, t.id(), "平日 9 時から 18 時までです。");
        assertThat(e2.cycles(tenant, t.id())).singleElement().satisfies(cy -> {
            assertThat(cy.active()).isFalse();
            assertThat(cy.stopReason()).isEqualTo(SlaCycle.StopReason.FULFILLED);
        });
    }

    @Test
    void aLineCancellationIsRaisedByATriggerBreachesAndIsEscalatedOnTheDesk() {
        Ticket t = open(Channel.LINE, "解約したいです");

        Ticket raised = desk.ticket(sato, t.id());
        assertThat(raised.priority()).isEqualTo(Priority.HIGH);
        assertThat(raised.tags()).contains("churn-risk");
        assertThat(cycles(t, SlaMetric.FIRST_REPLY_TIME)).singleElement()
            .extracting(SlaCycle::dueAt).isEqualTo(t.createdAt().plus(ofHours(1)));

        scheduler.advance(ofHours(1));

        Ticket escalated = desk.ticket(sato, t.id());
        assertThat(escalated.priority()).isEqualTo(Priority.URGENT);
        assertThat(escalated.tags()).contains("churn-risk", "sla-breached");
        assertThat(escalated.group()).isEqualTo(GroupId.of("二次対応"));
        assertThat(desk.messages(sato, t.id())).extracting(Message::body)
            .anyMatch(body -> body.contains("SLA") && body.contains("team-lead"));
        assertThat(sla.isBreached(tenant, t.id())).isTrue();
        assertThat(slaEvents).filteredOn(e -> e instanceof SlaEvent.Breached).hasSize(1);
    }

    @Test
    void repliesStatusesAndSolvingDriveTheClocksThroughTheDesk() {
        Ticket t = open(Channel.EMAIL, "注文した商品が届きません");
        scheduler.advance(ofMinutes(20));
        desk.reply(sato, t.id(), "確認いたします。");
        assertThat(cycles(t, SlaMetric.FIRST_REPLY_TIME)).singleElement().satisfies(c -> {
            assertThat(c.stopReason()).isEqualTo(SlaCycle.StopReason.FULFILLED);
            assertThat(c.elapsed()).isEqualTo(ofMinutes(20));
        });

        scheduler.advance(ofMinutes(10));
        desk.reply(tanakaP, t.id(), "まだ届いていません");
        assertThat(cycles(t, SlaMetric.NEXT_REPLY_TIME)).singleElement()
            .extracting(SlaCycle::dueAt).isEqualTo(scheduler.now().plus(ofHours(2)));

        scheduler.advance(ofMinutes(30));
        desk.changeStatus(sato, t.id(), TicketStatus.SOLVED);
        scheduler.advance(ofHours(5));

        assertThat(slaEvents).noneMatch(e -> e instanceof SlaEvent.Breached);
        assertThat(cycles(t, SlaMetric.NEXT_REPLY_TIME)).singleElement()
            .extracting(SlaCycle::stopReason).isEqualTo(SlaCycle.StopReason.SOLVED);
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void triggersThatUndoEachOtherThroughTheDeskRunOnceAndStop() {
        Ticket t = desk.createTicket(sato, CreateTicket.builder(tanaka.id(), Channel.EMAIL, "件名", "本文")
            .tags("a").build());

        assertThat(desk.ticket(sato, t.id()).tags()).containsExactly("a");
        // one chain: A→B then B→A, four tag changes, and the desk events they caused start no new chain
        assertThat(deskEvents).filteredOn(e -> e instanceof io.madoguchi.core.event.TagsChanged)
            .hasSize(4).allMatch(e -> e.principal().id().equals(DeskBridge.AUTOMATION));
    }

    @Test
    void aHostMappingSuppliesCustomerAttributesForPolicyConditions() {
        SupportDesk other = SupportDesk.builder().clock(scheduler.clock()).build();
        SlaEngine vipSla = SlaEngine.builder()
            .clock(other.clock())
            .scheduler(Scheduler.none())
            .policies(List.of(
                SlaPolicy.builder("VIP")
                    .when(TicketCondition.customerAttribute("tier", "vip"))
                    .target(SlaMetric.FIRST_REPLY_TIME, ofMinutes(15), SlaPolicy.Hours.CALENDAR).build(),
                SlaPolicy.builder("標準")
                    .target(SlaMetric.FIRST_REPLY_TIME, ofHours(8), SlaPolicy.Hours.CALENDAR).build()))
            .build();
        Customer vip = other.createCustomer(other.system(tenant, "channels"),
            new NewCustomer("山田 花子", List.of(ChannelIdentity.line("U-vip")), null, "ja"));
        DeskBridge.attach(other, vipSla, null, ticket -> {
            SlaTicket base = DeskBridge.facts(ticket);
            String tier = ticket.requester().equals(vip.id()) ? "vip" : "standard";
            return base.withAttributes(java.util.Map.of("tier", tier), base.organizationAttributes());
        });

        Ticket t = other.createTicket(Principal.customer(tenant, vip.id()),
            CreateTicket.builder(vip.id(), Channel.LINE, "至急", "返金してください").build());

        assertThat(vipSla.policyHistory(tenant, t.id())).extracting(PolicyApplication::policyName)
            .containsExactly("VIP");
        assertThat(vipSla.cycles(tenant, t.id())).singleElement()
            .extracting(SlaCycle::dueAt).isEqualTo(t.createdAt().plus(ofMinutes(15)));
    }

    @Test
    void aMergedTicketNeverShowsAsBreached() {
        Ticket first = open(Channel.EMAIL, "ログインできません");
        Ticket second = open(Channel.EMAIL, "ログインできません（再送）");
        scheduler.advance(ofHours(9));
        assertThat(sla.breached()).extracting(SlaDue::ticket).containsExactlyInAnyOrder(first.id(), second.id());

        desk.merge(sato, second.id(), first.id());

        assertThat(sla.isBreached(tenant, second.id())).isFalse();
        assertThat(sla.breached()).extracting(SlaDue::ticket).containsExactly(first.id());
    }
}
