package io.madoguchi.core.sla;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.RetryPolicy;
import io.madoguchi.core.integration.DeskBridge;
import io.madoguchi.core.sla.store.InMemorySlaStore;
import io.madoguchi.core.store.ParkedEvent;
import io.madoguchi.core.store.memory.InMemoryDeskStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.ManualScheduler;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ticket events that reach the bridge when the SLA engine has no state for their ticket: a late event of a ticket
 * whose state the host forgot starts no clocks for a ticket that is closed by now, while a ticket the engine never
 * saw (created before it was attached) is tracked from its next event on, with the clocks it has had since its
 * creation.
 */
class DeskBridgeLateEventTest {

    private static final TenantId TENANT = TenantId.of("shop");
    private static final Principal ADMIN = Principal.admin(TENANT, AgentId.of("admin"));
    private static final Principal SATO = Principal.agent(TENANT, AgentId.of("sato"));

    private final ManualScheduler scheduler =
        ManualScheduler.startingAt(Instant.parse("2026-11-24T00:00:00Z"), ZoneId.of("Asia/Tokyo"));
    private final InMemoryDeskStore deskStore = new InMemoryDeskStore(scheduler.clock());
    /** The first failure parks the event, so the test needs no retries to run out. */
    private final SupportDesk desk = SupportDesk.builder().clock(scheduler.clock()).store(deskStore)
        .scheduler(scheduler).subscriberRetry(new RetryPolicy(1, ofSeconds(1), ofSeconds(1))).build();
    private final FailingSlaStore slaStore = new FailingSlaStore(new InMemorySlaStore());
    private final SlaEngine sla = SlaEngine.builder().clock(desk.clock()).scheduler(scheduler).store(slaStore)
        .eventLog(deskStore.eventLog())
        .policies(List.of(SlaPolicy.builder("標準")
            .target(SlaMetric.FIRST_REPLY_TIME, Priority.NORMAL, ofHours(8), SlaPolicy.Hours.CALENDAR)
            .target(SlaMetric.FIRST_REPLY_TIME, Priority.HIGH, ofHours(1), SlaPolicy.Hours.CALENDAR)
            .target(SlaMetric.NEXT_REPLY_TIME, ofHours(2), SlaPolicy.Hours.CALENDAR)
            .target(SlaMetric.TOTAL_RESOLUTION_TIME, ofHours(24), SlaPolicy.Hours.CALENDAR)
            .escalation(SlaEscalation.onBreach(new EscalationAction.AddTag("sla-breached")))
            .build()))
        .build();
    private final Customer tanaka;
    private final Principal tanakaP;

    DeskBridgeLateEventTest() {
        desk.saveAgent(ADMIN, Agent.of(TENANT, AgentId.of("sato"), "佐藤"));
        tanaka = desk.createCustomer(desk.system(TENANT, "channels"),
            new NewCustomer("田中 太郎", List.of(ChannelIdentity.line("U1234")), null, "ja"));
        tanakaP = Principal.customer(TENANT, tanaka.id());
    }

    private Ticket open(String body) {
        return desk.createTicket(tanakaP, CreateTicket.builder(tanaka.id(), Channel.EMAIL, "問い合わせ", body).build());
    }

    private List<SlaEvent> loggedSlaEvents() {
        return deskStore.eventLog().read(0, 100_000).stream().map(EventEnvelope::event)
            .filter(e -> e instanceof SlaEvent.Warning || e instanceof SlaEvent.Breached
                || e instanceof SlaEvent.EscalationRequested)
            .map(SlaEvent.class::cast).toList();
    }

    @Test
    void aParkedEventRedeliveredAfterTheClosedTicketWasForgottenStartsNoClocks() {
        DeskBridge bridge = DeskBridge.attach(desk, sla, null);
        Ticket t = open("注文した商品が届きません");
        assertThat(sla.cycles(TENANT, t.id())).isNotEmpty();

        // the SLA store is unreachable while an agent raises the priority: the bridge's handling fails and is parked
        slaStore.failing = true;
        desk.changePriority(SATO, t.id(), Priority.HIGH);
        slaStore.failing = false;
        List<ParkedEvent> parked = desk.parkedEvents(ADMIN, DeskBridge.NAME);
        assertThat(parked).singleElement().extracting(ParkedEvent::type).isEqualTo("desk.PriorityChanged");

        // the ticket is answered, solved and closed; the host forgets its SLA state
        scheduler.advance(ofMinutes(10));
        desk.reply(SATO, t.id(), "確認いたします。");
        desk.changeStatus(SATO, t.id(), TicketStatus.SOLVED);
        desk.changeStatus(SATO, t.id(), TicketStatus.CLOSED);
        sla.forget(TENANT, t.id());
        assertThat(sla.size()).isZero();

        // days later an operator redelivers what was parked
        scheduler.advance(ofDays(3));
        assertThat(desk.redeliver(ADMIN, DeskBridge.NAME, parked.get(0).position())).isTrue();
        scheduler.advance(ofDays(2));
        sla.fireDue();

        assertThat(loggedSlaEvents()).as("SLA events for a ticket closed days ago").isEmpty();
        assertThat(sla.size()).isZero();
        assertThatThrownBy(() -> sla.cycles(TENANT, t.id())).isInstanceOf(NotFoundException.class);
        assertThat(desk.ticket(SATO, t.id()).tags()).doesNotContain("sla-breached");
        bridge.close();
    }

    @Test
    void aParkedEventRedeliveredAfterTheMergedTicketWasForgottenStartsNoClocks() {
        DeskBridge bridge = DeskBridge.attach(desk, sla, null);
        Ticket first = open("ログインできません");
        Ticket second = open("ログインできません（再送）");

        slaStore.failing = true;
        desk.changePriority(SATO, second.id(), Priority.HIGH);
        slaStore.failing = false;
        List<ParkedEvent> parked = desk.parkedEvents(ADMIN, DeskBridge.NAME);
        assertThat(parked).singleElement().extracting(ParkedEvent::type).isEqualTo("desk.PriorityChanged");

        desk.reply(SATO, first.id(), "確認いたします。");
        desk.merge(SATO, second.id(), first.id());
        sla.forget(TENANT, second.id());

        assertThat(desk.redeliver(ADMIN, DeskBridge.NAME, parked.get(0).position())).isTrue();
        scheduler.advance(ofDays(2));

        assertThat(loggedSlaEvents()).filteredOn(e -> e.ticket().equals(second.id())).isEmpty();
        assertThatThrownBy(() -> sla.cycles(TENANT, second.id())).isInstanceOf(NotFoundException.class);
        bridge.close();
    }

    @Test
    void aTicketCreatedBeforeTheEngineWasAttachedIsTrackedFromItsNextEvent() {
        Ticket t = open("ログインできません");
        Instant createdAt = scheduler.now();
        // the bridge starts where the log is now (as a host whose SLA store is new does): it never sees the creation
        deskStore.checkpoints().register(DeskBridge.NAME);
        deskStore.checkpoints().advance(DeskBridge.NAME, 0, deskStore.eventLog().head());
        DeskBridge bridge = DeskBridge.attach(desk, sla, null);
        assertThat(sla.size()).isZero();

        scheduler.advance(ofMinutes(30));
        desk.changePriority(SATO, t.id(), Priority.HIGH);

        List<SlaCycle> cycles = sla.cycles(TENANT, t.id());
        assertThat(cycles).filteredOn(c -> c.metric() == SlaMetric.FIRST_REPLY_TIME).singleElement()
            .satisfies(c -> {
                assertThat(c.active()).isTrue();
                assertThat(c.start()).isEqualTo(createdAt);
                assertThat(c.dueAt()).as("an hour after the ticket was created, not after the event")
                    .isEqualTo(createdAt.plus(ofHours(1)));
            });
        scheduler.advance(ofHours(2));
        assertThat(sla.isBreached(TENANT, t.id())).isTrue();
        assertThat(desk.ticket(SATO, t.id()).tags()).contains("sla-breached");
        bridge.close();
    }

    @Test
    void aForgottenSurvivorOfAMergeResumesWithoutTakingTheMovedMessagesAsNew() {
        DeskBridge bridge = DeskBridge.attach(desk, sla, null);
        Ticket survivor = open("ログインできません");
        scheduler.advance(ofMinutes(5));
        Ticket duplicate = open("ログインできません（再送）");
        scheduler.advance(ofMinutes(5));
        desk.reply(SATO, survivor.id(), "パスワードの再設定をお試しください。");
        scheduler.advance(ofMinutes(10));
        desk.merge(SATO, duplicate.id(), survivor.id());
        sla.forget(TENANT, survivor.id());

        scheduler.advance(ofMinutes(40));
        desk.addMessage(tanakaP, io.madoguchi.core.ticket.AddMessage.reply(survivor.id(), "再設定してもだめでした"));

        List<SlaCycle> cycles = sla.cycles(TENANT, survivor.id());
        assertThat(cycles).filteredOn(SlaCycle::active).extracting(SlaCycle::metric, SlaCycle::start)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(SlaMetric.TOTAL_RESOLUTION_TIME, survivor.createdAt()),
                org.assertj.core.groups.Tuple.tuple(SlaMetric.NEXT_REPLY_TIME, scheduler.now()));
        assertThat(desk.parkedEvents(ADMIN, DeskBridge.NAME)).isEmpty();
        bridge.close();
    }
}
