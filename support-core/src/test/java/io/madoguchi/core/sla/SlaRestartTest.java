package io.madoguchi.core.sla;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.Group;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.calendar.HolidaySource;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.TagsChanged;
import io.madoguchi.core.integration.DeskBridge;
import io.madoguchi.core.sla.store.InMemorySlaStore;
import io.madoguchi.core.sla.store.SlaStore;
import io.madoguchi.core.store.ParkedEvent;
import io.madoguchi.core.store.memory.InMemoryDeskStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.ManualScheduler;
import io.madoguchi.core.time.MutableClock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A host that builds its desk, SLA engine and bridge on stores, runs part of a day, throws every object away and
 * builds them again on the same stores: the clocks go on with the same due times and each warning and breach is
 * recorded once in total.
 */
class SlaRestartTest {

    private static final TenantId TENANT = TenantId.of("shop");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** The shop's hours: weekdays 9:00–18:00 in Tokyo, closed on Japanese holidays (Monday 2026-11-23 is 勤労感謝の日). */
    private static final BusinessCalendar HOURS = BusinessCalendar.builder("ショップ窓口").zone(TOKYO)
        .open(EnumSet.range(MONDAY, FRIDAY), "09:00-18:00")
        .holidays(HolidaySource.japan())
        .build();
    private static final SlaPolicy STANDARD = SlaPolicy.builder("標準").calendar(HOURS)
        .target(SlaMetric.FIRST_REPLY_TIME, ofHours(2), SlaPolicy.Hours.BUSINESS)
        .target(SlaMetric.NEXT_REPLY_TIME, ofHours(1), SlaPolicy.Hours.BUSINESS)
        .target(SlaMetric.TOTAL_RESOLUTION_TIME, ofHours(8), SlaPolicy.Hours.BUSINESS)
        .escalation(SlaEscalation.onWarning(new EscalationAction.Notify("担当者")))
        .escalation(SlaEscalation.onBreach(new EscalationAction.AddTag("sla-breached"),
            new EscalationAction.Notify("リーダー")))
        .build();
    private static final Principal ADMIN = Principal.admin(TENANT, AgentId.of("admin"));
    private static final Principal SATO = Principal.agent(TENANT, AgentId.of("sato"));

    // what outlives the host's objects: the stores, and time
    private final MutableClock clock = MutableClock.startingAt(jst("2026-11-20T16:00"), TOKYO);
    private final InMemoryDeskStore deskStore = new InMemoryDeskStore(clock);
    /** The SLA store hosts build on: {@link #openStores()} sets it, {@link #restartStores()} may replace it. */
    SlaStore slaStore;

    /** Opens the stores a host builds on; a subclass puts them in a database. */
    @BeforeEach
    void openStores() {
        slaStore = new InMemorySlaStore();
    }

    /** What a host's restart does to the stores: in-memory ones outlive it as they are. */
    void restartStores() {
    }

    /** Everything a host builds at start-up, on the shared stores. */
    private final class Host {
        final ManualScheduler scheduler = ManualScheduler.on(clock);
        final SupportDesk desk = SupportDesk.builder().clock(clock).store(deskStore).scheduler(scheduler).build();
        final SlaEngine sla;
        final DeskBridge bridge;

        Host(SlaPolicy policy) {
            sla = SlaEngine.builder().clock(clock).scheduler(scheduler).store(slaStore)
                .eventLog(deskStore.eventLog()).policies(List.of(policy)).build();
            bridge = DeskBridge.attach(desk, sla, null);
        }

        void at(String localTime) {
            scheduler.advanceTo(jst(localTime));
        }

        Ticket open(Customer customer, Channel channel, String subject, String body) {
            return desk.createTicket(Principal.customer(TENANT, customer.id()),
                CreateTicket.builder(customer.id(), channel, subject, body).build());
        }

        Customer customer(String name, String lineId) {
            return desk.createCustomer(desk.system(TENANT, "channels"),
                new NewCustomer(name, List.of(ChannelIdentity.line(lineId)), null, "ja"));
        }

        Map<TicketId, List<SlaCycle>> cycles(Ticket... tickets) {
            return java.util.Arrays.stream(tickets)
                .collect(Collectors.toMap(Ticket::id, t -> sla.cycles(TENANT, t.id())));
        }

        long notes(Ticket t, String recipient) {
            return desk.messages(SATO, t.id()).stream().map(Message::body)
                .filter(b -> b.startsWith("SLA") && b.endsWith("→ " + recipient)).count();
        }
    }

    private static Instant jst(String localTime) {
        return LocalDateTime.parse(localTime).atZone(TOKYO).toInstant();
    }

    /** Every logged event of a type, as "ticket metric at(JST)". */
    private <E extends SlaEvent> List<String> logged(Class<E> type, Function<E, SlaMetric> metric) {
        return deskStore.eventLog().read(0, 100_000).stream().map(EventEnvelope::event).filter(type::isInstance)
            .map(type::cast)
            .map(e -> e.ticket().value() + " " + metric.apply(e) + " " + LocalDateTime.ofInstant(e.at(), TOKYO))
            .toList();
    }

    private List<String> warnings() {
        return logged(SlaEvent.Warning.class, SlaEvent.Warning::metric);
    }

    private List<String> breaches() {
        return logged(SlaEvent.Breached.class, SlaEvent.Breached::metric);
    }

    @Test
    void aRestartedHostContinuesTheClocksWithTheSameDueTimesAndFiresEachWarningAndBreachOnce() {
        Host first = new Host(STANDARD);
        first.desk.saveAgent(ADMIN, Agent.of(TENANT, AgentId.of("sato"), "佐藤"));
        Customer tanaka = first.customer("田中 太郎", "U-tanaka");
        Customer suzuki = first.customer("鈴木 花子", "U-suzuki");

        // Friday afternoon
        Ticket t1 = first.open(tanaka, Channel.EMAIL, "配送", "注文した商品が届きません");
        first.at("2026-11-20T16:10");
        Ticket t2 = first.open(suzuki, Channel.LINE, "返金", "返金をお願いします");
        first.at("2026-11-20T16:20");
        Ticket t3 = first.open(tanaka, Channel.EMAIL, "領収書", "領収書を発行してください");
        first.at("2026-11-20T16:30");
        first.desk.reply(SATO, t2.id(), "ご連絡ありがとうございます。確認いたします。");
        first.at("2026-11-20T16:40");
        first.desk.reply(Principal.customer(TENANT, suzuki.id()), t2.id(), "まだでしょうか？");
        first.at("2026-11-20T16:50");
        first.desk.reply(SATO, t3.id(), "発行しました。ご確認ください。");
        first.desk.changeStatus(SATO, t3.id(), TicketStatus.PENDING);
        first.at("2026-11-20T17:10");
        first.desk.changeStatus(SATO, t3.id(), TicketStatus.SOLVED);
        first.at("2026-11-20T17:50");

        assertThat(warnings()).containsExactly("T2 NEXT_REPLY_TIME 2026-11-20T17:25",
            "T1 FIRST_REPLY_TIME 2026-11-20T17:45");
        assertThat(breaches()).containsExactly("T2 NEXT_REPLY_TIME 2026-11-20T17:40");
        Map<TicketId, List<SlaCycle>> before = first.cycles(t1, t2, t3);
        List<SlaDue> dueBefore = first.sla.dueBefore(jst("2026-12-31T00:00"));
        // resolution counts Friday until 18:00, skips the weekend and Monday's holiday, and goes on on Tuesday
        assertThat(dueBefore).extracting(d -> d.ticket().value() + " " + d.metric() + " "
                + LocalDateTime.ofInstant(d.dueAt(), TOKYO))
            .containsExactly("T1 FIRST_REPLY_TIME 2026-11-20T18:00", "T1 TOTAL_RESOLUTION_TIME 2026-11-24T15:00",
                "T2 TOTAL_RESOLUTION_TIME 2026-11-24T15:10");

        // the host goes down: every object is thrown away; only the stores and time remain
        first = null;
        restartStores();
        Host second = new Host(STANDARD);

        assertThat(second.scheduler.pending()).as("armed from the due index").isEqualTo(1);
        assertThat(second.cycles(t1, t2, t3)).isEqualTo(before);
        assertThat(second.sla.dueBefore(jst("2026-12-31T00:00"))).isEqualTo(dueBefore);
        assertThat(second.sla.isBreached(TENANT, t2.id())).isTrue();

        second.at("2026-11-20T17:55");
        Ticket t4 = second.open(tanaka, Channel.WEB_CHAT, "ログイン", "ログインできません");
        second.at("2026-11-24T10:00");
        second.desk.reply(SATO, t1.id(), "大変お待たせいたしました。");
        second.at("2026-11-24T10:45");
        second.desk.reply(SATO, t4.id(), "パスワードを再設定してください。");
        second.at("2026-11-24T11:00");
        second.desk.changeStatus(SATO, t1.id(), TicketStatus.SOLVED);
        second.desk.changeStatus(SATO, t4.id(), TicketStatus.SOLVED);
        second.at("2026-11-24T18:00");

        assertThat(warnings()).containsExactly("T2 NEXT_REPLY_TIME 2026-11-20T17:25",
            "T1 FIRST_REPLY_TIME 2026-11-20T17:45", "T4 FIRST_REPLY_TIME 2026-11-24T10:40",
            "T2 TOTAL_RESOLUTION_TIME 2026-11-24T14:55");
        assertThat(breaches()).containsExactly("T2 NEXT_REPLY_TIME 2026-11-20T17:40",
            "T1 FIRST_REPLY_TIME 2026-11-20T18:00", "T2 TOTAL_RESOLUTION_TIME 2026-11-24T15:10");
        // each escalation was carried out once on the desk
        assertThat(second.notes(t1, "担当者")).isEqualTo(1);
        assertThat(second.notes(t1, "リーダー")).isEqualTo(1);
        assertThat(second.notes(t2, "担当者")).isEqualTo(2);
        assertThat(second.notes(t2, "リーダー")).isEqualTo(2);
        assertThat(second.notes(t4, "担当者")).isEqualTo(1);
        assertThat(second.notes(t4, "リーダー")).isZero();
        assertThat(second.desk.ticket(SATO, t1.id()).tags()).contains("sla-breached");
        assertThat(second.desk.ticket(SATO, t4.id()).tags()).doesNotContain("sla-breached");
        assertThat(second.sla.breached()).extracting(d -> d.ticket().value() + " " + d.metric())
            .containsExactly("T2 NEXT_REPLY_TIME", "T2 TOTAL_RESOLUTION_TIME");
    }

    @Test
    void aFailingEscalationIsRetriedParkedAndRedeliveredAndARedeliveredLogChangesNothing() {
        SlaPolicy escalating = SlaPolicy.builder("二次対応あり")
            .target(SlaMetric.FIRST_REPLY_TIME, ofHours(1), SlaPolicy.Hours.CALENDAR)
            .escalation(SlaEscalation.onBreach(new EscalationAction.AddTag("sla-breached"),
                new EscalationAction.Reassign(GroupId.of("二次対応")), new EscalationAction.Notify("リーダー")))
            .build();
        Host host = new Host(escalating);
        Customer tanaka = host.customer("田中 太郎", "U-tanaka");
        Ticket t = host.open(tanaka, Channel.LINE, "解約", "解約したいです");

        // the group does not exist yet: the reassignment fails on every attempt and is parked
        host.at("2026-11-20T17:30");

        List<ParkedEvent> parked = host.desk.parkedEvents(ADMIN, DeskBridge.NAME);
        assertThat(parked).singleElement().extracting(ParkedEvent::type).isEqualTo("sla.EscalationRequested");
        assertThat(host.desk.ticket(SATO, t.id()).tags()).contains("sla-breached");
        assertThat(host.desk.ticket(SATO, t.id()).group()).isNull();
        assertThat(host.notes(t, "リーダー")).as("the actions after the parked one went on").isEqualTo(1);

        host.desk.saveGroup(ADMIN, new Group(GroupId.of("二次対応"), TENANT, "二次対応"));
        assertThat(host.desk.redeliver(ADMIN, DeskBridge.NAME, parked.get(0).position())).isTrue();
        assertThat(host.desk.ticket(SATO, t.id()).group()).isEqualTo(GroupId.of("二次対応"));

        // the whole log is delivered again (a checkpoint lost): nothing happens twice
        Map<TicketId, List<SlaCycle>> cycles = host.cycles(t);
        host.bridge.close();
        deskStore.checkpoints().remove(DeskBridge.NAME);
        DeskBridge again = DeskBridge.attach(host.desk, host.sla, null);

        assertThat(deskStore.checkpoints().checkpoint(DeskBridge.NAME)).isEqualTo(deskStore.eventLog().head());
        assertThat(host.cycles(t)).isEqualTo(cycles);
        host.at("2026-11-20T19:00");
        assertThat(breaches()).containsExactly("T1 FIRST_REPLY_TIME 2026-11-20T17:00");
        assertThat(host.notes(t, "リーダー")).isEqualTo(1);
        assertThat(deskStore.eventLog().read(0, 100_000)).extracting(EventEnvelope::event)
            .filteredOn(e -> e instanceof TagsChanged).hasSize(1);
        assertThat(deskStore.eventLog().read(0, 100_000)).extracting(EventEnvelope::event)
            .filteredOn(e -> e instanceof io.madoguchi.core.event.Assigned).hasSize(1);
        again.close();
    }
}
