package io.madoguchi.core.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.RetryPolicy;
import io.madoguchi.core.event.TagsChanged;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.integration.Automations;
import io.madoguchi.core.integration.DeskBridge;
import io.madoguchi.core.sla.TicketCondition;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.FlakyDeskStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.ManualScheduler;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Automations fed from a desk's event log: triggers and time rules as desk steps, once, across restarts. */
class AutomationsOnDeskTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final TenantId SHOP = TenantId.of("madoguchi-shop");
    private static final Principal ADMIN = Principal.admin(SHOP, AgentId.of("kanri"));
    private static final Principal SATO = Principal.agent(SHOP, AgentId.of("sato"));

    private final ManualScheduler scheduler =
        ManualScheduler.startingAt(LocalDateTime.of(2026, 11, 24, 10, 0).atZone(TOKYO).toInstant(), TOKYO);
    private final FlakyDeskStore flaky = new FlakyDeskStore(DeskStore.inMemory(scheduler.clock()));
    private final DeskStore deskStore = flaky.store();
    private final AutomationStore automationStore = new InMemoryAutomationStore(scheduler.clock());
    private SupportDesk desk;
    private Principal gateway;

    @BeforeEach
    void setUp() {
        desk = newDesk();
        desk.saveAgent(ADMIN, Agent.of(SHOP, AgentId.of("sato"), "佐藤"));
    }

    private SupportDesk newDesk() {
        SupportDesk d = SupportDesk.builder().clock(scheduler.clock()).store(deskStore).scheduler(scheduler)
            .subscriberRetry(new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofMinutes(1))).build();
        gateway = d.system(SHOP, "line-gateway");
        return d;
    }

    private Automations automations(SupportDesk d) {
        BusinessCalendar always = BusinessCalendar.twentyFourSeven(TOKYO);
        return Automations.builder()
            .trigger(Trigger.of("解約検知", RuleCondition.on(AutomationEvent.Kind.CREATED)
                    .and(RuleCondition.ticket(TicketCondition.channelIs(Channel.LINE)))
                    .and(RuleCondition.textContains("解約")),
                new RuleAction.AddTag("churn-risk"), new RuleAction.SetPriority(Priority.HIGH),
                new RuleAction.Notify("team-lead", "churn")))
            .trigger(Trigger.of("自動解決タグ", RuleCondition.on(AutomationEvent.Kind.UPDATED)
                .and(RuleCondition.ticket(TicketCondition.statusIn(TicketStatus.SOLVED))),
                new RuleAction.AddTag("auto-solved")))
            .timeRule(new TimeRule("催促", TicketCondition.statusIn(TicketStatus.PENDING), TimeRule.Since.STATUS_CHANGED,
                Duration.ofHours(24), always, List.of(new RuleAction.Notify("team-lead", "reminder"))))
            .timeRule(new TimeRule("自動解決", TicketCondition.statusIn(TicketStatus.PENDING),
                TimeRule.Since.STATUS_CHANGED, Duration.ofHours(72), always,
                List.of(new RuleAction.SetStatus(TicketStatus.SOLVED))))
            .desk(d).eventLog(deskStore.eventLog()).store(automationStore)
            .build();
    }

    private Ticket open(String line, String body) {
        Customer c = desk.resolveCustomer(gateway, ChannelIdentity.line(line), "お客様 " + line);
        return desk.createTicket(gateway, CreateTicket.builder(c.id(), Channel.LINE, "定期便について", body).build());
    }

    private List<Message> notes(Ticket t, String text) {
        return desk.messages(SATO, t.id()).stream().filter(m -> m.isInternal() && m.body().contains(text)).toList();
    }

    private long fired(String rule) {
        return deskStore.eventLog().read(0, 10_000).stream().map(EventEnvelope::event)
            .filter(e -> e instanceof TimeRuleFired f && f.rule().equals(rule)).count();
    }

    @Test
    void aTriggerActsThroughTheDeskAsTheAutomationPrincipalOnce() {
        desk.subscribe(automations(desk));

        Ticket t = open("U1", "毎月の定期便を解約したいです");

        Ticket now = desk.ticket(SATO, t.id());
        assertThat(now.tags()).contains("churn-risk");
        assertThat(now.priority()).isEqualTo(Priority.HIGH);
        assertThat(notes(t, "churn")).hasSize(1);
        assertThat(desk.history(ADMIN, t.id())).filteredOn(e -> e.actor().id().equals(DeskBridge.AUTOMATION))
            .hasSize(3);
        assertThat(open("U2", "お届け日を変更したい").tags()).doesNotContain("churn-risk");
    }

    @Test
    void aRedeliveredEventDoesNotRepeatTheTriggersSteps() {
        Automations automations = automations(desk);
        AtomicBoolean failOnce = new AtomicBoolean(true);
        desk.subscribe(new EventSubscriber() {
            @Override
            public String name() {
                return automations.name();
            }

            @Override
            public void handle(EventEnvelope event) {
                automations.handle(event);
                if (event.event() instanceof TicketCreated && failOnce.getAndSet(false)) {
                    throw new IllegalStateException("crash after the trigger's steps");
                }
            }
        });
        Ticket t = open("U3", "解約の手続きを教えてください");

        scheduler.advance(Duration.ofSeconds(2));
        desk.processEvents();

        assertThat(failOnce).isFalse();
        assertThat(notes(t, "churn")).hasSize(1);
        assertThat(desk.history(ADMIN, t.id())).filteredOn(e -> e.actor().id().equals(DeskBridge.AUTOMATION))
            .hasSize(3);
    }

    @Test
    void aStoreFailureOnAnActionIsRetriedAndTheStepsAlreadyCommittedAreNotRepeated() {
        desk.subscribe(Automations.builder()
            .trigger(Trigger.of("一次振り分け", RuleCondition.on(AutomationEvent.Kind.CREATED),
                new RuleAction.Notify("team-lead", "一次対応"), new RuleAction.AddTag("triaged")))
            .desk(desk).eventLog(deskStore.eventLog()).store(automationStore)
            .build());
        // the note commits; the database goes away on the commit of the tag
        flaky.failOnceOnEvent(e -> e instanceof TagsChanged);

        Ticket t = open("U7", "配送先を変更したいです");

        assertThat(flaky.failed()).isEqualTo(1);
        assertThat(desk.ticket(SATO, t.id()).tags()).doesNotContain("triaged");
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(desk.ticket(SATO, t.id()).tags()).contains("triaged");
        assertThat(notes(t, "一次対応")).hasSize(1);
        assertThat(desk.history(ADMIN, t.id())).filteredOn(e -> e.actor().id().equals(DeskBridge.AUTOMATION))
            .hasSize(2);
        assertThat(desk.parkedEvents(ADMIN, "automations")).isEmpty();
    }

    @Test
    void aTimeRuleFiresOncePerPeriodThroughTheLog() {
        Automations automations = automations(desk);
        desk.subscribe(automations);
        automations.runEvery(scheduler, scheduler.clock(), Duration.ofMinutes(10));
        Ticket t = open("U4", "商品の色違いはありますか");
        desk.reply(SATO, t.id(), "確認いたします。");
        desk.changeStatus(SATO, t.id(), TicketStatus.PENDING);

        scheduler.advance(Duration.ofHours(23).plusMinutes(50));
        assertThat(notes(t, "reminder")).isEmpty();
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(notes(t, "reminder")).hasSize(1);
        scheduler.advance(Duration.ofHours(12));
        assertThat(notes(t, "reminder")).hasSize(1);
        assertThat(fired("催促")).isEqualTo(1);

        scheduler.advance(Duration.ofHours(36));
        Ticket solved = desk.ticket(SATO, t.id());
        assertThat(solved.status()).isEqualTo(TicketStatus.SOLVED);
        assertThat(solved.tags()).contains("auto-solved");
    }

    @Test
    void aRestartedEngineOnTheSameStoresNeitherForgetsNorRefiresTimeRules() {
        Automations first = automations(desk);
        desk.subscribe(first);
        Ticket reminded = open("U5", "在庫の確認をお願いします");
        desk.changeStatus(SATO, reminded.id(), TicketStatus.PENDING);
        scheduler.advance(Duration.ofHours(20));
        Ticket later = open("U6", "ギフト包装はできますか");
        desk.changeStatus(SATO, later.id(), TicketStatus.PENDING);
        scheduler.advance(Duration.ofHours(5));
        first.runTimeRules(scheduler.now());
        assertThat(notes(reminded, "reminder")).hasSize(1);
        assertThat(notes(later, "reminder")).isEmpty();

        // the host goes down: desk and engine are thrown away, the stores stay
        desk = newDesk();
        Automations second = automations(desk);
        desk.subscribe(second);
        second.runTimeRules(scheduler.now());
        scheduler.advance(Duration.ofHours(20));
        second.runTimeRules(scheduler.now());

        assertThat(notes(reminded, "reminder")).hasSize(1);
        assertThat(notes(later, "reminder")).hasSize(1);
        assertThat(fired("催促")).isEqualTo(2);
    }

    @Test
    void actionsAndADeskTogetherAreRefused() {
        assertThatThrownBy(() -> Automations.builder().desk(desk).actions((t, a, r) -> { }).build())
            .isInstanceOf(ValidationException.class).hasMessageContaining("actions").hasMessageContaining("eventLog");
    }
}
