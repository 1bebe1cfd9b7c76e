package io.madoguchi.core.bot;

import static io.madoguchi.core.bot.CityOffice.CITY;
import static io.madoguchi.core.bot.CityOffice.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentStrategy;
import io.madoguchi.core.automation.AutomationStore;
import io.madoguchi.core.automation.InMemoryAutomationStore;
import io.madoguchi.core.automation.RuleAction;
import io.madoguchi.core.automation.TimeRule;
import io.madoguchi.core.automation.TimeRuleFired;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.integration.Automations;
import io.madoguchi.core.integration.SelfServiceBot;
import io.madoguchi.core.sla.TicketCondition;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.ManualScheduler;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A city office's day on stores, a restart, and the next days: every object but the stores (and the FAQ catalog)
 * is thrown away and built again.
 */
class BotAndAutomationsRestartTest {

    private static final Principal ADMIN = Principal.admin(CITY, AgentId.of("admin"));
    private static final Principal TANAKA = Principal.agent(CITY, AgentId.of("tanaka"));
    /** Pending on the citizen, not on the bot's question (the bot has its own wait). */
    private static final TicketCondition WAITING_ON_CITIZEN = TicketCondition.statusIn(TicketStatus.PENDING)
        .and(TicketCondition.hasTag(SelfServiceBot.TAG_AWAITING).negate());
    private static final String JUMINHYO_QUERY = "住民票の写しを取りたい\nコンビニで住民票の写しを取りたいです";

    /** Tuesday 2026-11-24 08:00 JST, before the office opens. */
    final MutableClock clock = MutableClock.startingAt(at(24, 8, 0), TOKYO);
    private final FaqCatalog catalog = new FaqCatalog();
    private final DeskStore deskStore = DeskStore.inMemory(clock);
    BotAttemptStore botStore;
    AutomationStore automationStore;

    /** Opens the bot's and the automations' stores; a subclass puts them in a database. */
    @BeforeEach
    void openStores() {
        botStore = new InMemoryBotAttemptStore(clock);
        automationStore = new InMemoryAutomationStore(clock);
    }

    /** What a host's restart does to the stores: in-memory ones outlive it as they are. */
    void restartStores() {
    }

    /** One incarnation of the host: everything built on the stores. */
    private final class Host implements AutoCloseable {
        final ManualScheduler scheduler = ManualScheduler.on(clock);
        final FaqMatcher matcher = FaqMatcher.builder(catalog).clock(clock).thresholds(0.6, 0.3).build();
        final SupportDesk desk = SupportDesk.builder().clock(clock).store(deskStore).scheduler(scheduler)
            .assignmentStrategy(AssignmentStrategy.roundRobin()).build();
        final SelfServiceBot bot = SelfServiceBot.builder(desk, matcher).eventLog(deskStore.eventLog())
            .calendar(CityOffice.hours())
            .store(botStore).scheduler(scheduler).build();
        final Automations automations = Automations.builder()
            .timeRule(new TimeRule("催促", WAITING_ON_CITIZEN, TimeRule.Since.STATUS_CHANGED,
                Duration.ofHours(2), BusinessCalendar.twentyFourSeven(TOKYO),
                List.of(new RuleAction.Notify("担当課", "reminder"))))
            .timeRule(new TimeRule("自動解決", WAITING_ON_CITIZEN, TimeRule.Since.STATUS_CHANGED,
                Duration.ofHours(48), BusinessCalendar.twentyFourSeven(TOKYO),
                List.of(new RuleAction.SetStatus(TicketStatus.SOLVED))))
            .desk(desk).eventLog(deskStore.eventLog()).store(automationStore).build();
        final Principal line = desk.system(CITY, "line-gateway");

        Host() {
            desk.subscribe(bot);
            desk.subscribe(automations);
            automations.runEvery(scheduler, clock, Duration.ofMinutes(10));
        }

        Ticket ask(String lineId, String subject, String body) {
            Customer c = desk.resolveCustomer(line, ChannelIdentity.line(lineId), "市民 " + lineId);
            return desk.createTicket(line, CreateTicket.builder(c.id(), Channel.LINE, subject, body).build());
        }

        void answer(Ticket t, String text) {
            desk.reply(Principal.customer(CITY, t.requester()), t.id(), text);
        }

        Ticket staffView(Ticket t) {
            return desk.ticket(TANAKA, t.id());
        }

        long messagesContaining(Ticket t, String text) {
            return desk.messages(TANAKA, t.id()).stream().filter(m -> m.body().contains(text)).count();
        }

        double juminhyoScore() {
            return matcher.match(CITY, JUMINHYO_QUERY, Locale.JAPANESE).candidates().stream()
                .filter(s -> s.entry().id().equals("juminhyo")).findFirst().orElseThrow().score();
        }

        @Override
        public void close() {
            matcher.close();
        }
    }

    private Host host;

    private static Instant at(int day, int hour, int minute) {
        return LocalDateTime.of(2026, 11, day, hour, minute).atZone(TOKYO).toInstant();
    }

    @AfterEach
    void closeHost() {
        host.close();
    }

    @Test
    void afterARestartTheBotStillTakesAYesAndLearnsTimeRulesDoNotRefireAndTheNoVerdictWaitRunsOutOnce() {
        CityOffice.faqs(catalog);
        host = new Host();
        host.desk.saveAgent(ADMIN, Agent.of(CITY, AgentId.of("tanaka"), "田中").withActive(false));

        // 08:00, before opening: a question the bot answers, one it cannot, one it answers that nobody settles
        Ticket juminhyo = host.ask("U1", "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです");
        Ticket dog = host.ask("U2", "迷子の犬", "ペットの犬が逃げました。探してもらえますか");
        Ticket silent = host.ask("U3", "住民票", "住民票の写しを取りたい。コンビニで住民票の写しを取りたいです");
        assertThat(host.staffView(juminhyo).tags()).contains(SelfServiceBot.TAG_AWAITING);
        assertThat(host.staffView(silent).tags()).contains(SelfServiceBot.TAG_AWAITING);
        assertThat(host.staffView(dog).assignee()).isNull();

        // 08:45 the office opens, 田中 is on duty: the night's hand-over is routed
        clock.set(at(24, 8, 40));
        host.desk.saveAgent(ADMIN, Agent.of(CITY, AgentId.of("tanaka"), "田中"));
        host.scheduler.advanceTo(at(24, 8, 45));
        assertThat(host.staffView(dog).assignee()).isEqualTo(AgentId.of("tanaka"));

        // 10:00 田中 asks the dog's owner for a photo and waits; at 12:00 the reminder rule fires
        host.scheduler.advanceTo(at(24, 10, 0));
        host.desk.reply(TANAKA, dog.id(), "特徴のわかる写真をお送りいただけますか。");
        host.desk.changeStatus(TANAKA, dog.id(), TicketStatus.PENDING);
        host.scheduler.advanceTo(at(24, 12, 5));
        assertThat(host.messagesContaining(dog, "reminder")).isEqualTo(1);

        // 12:30 the host goes down; everything but the stores and the catalog is thrown away
        host.close();
        restartStores();
        clock.set(at(24, 12, 30));
        host = new Host();
        host.desk.processEvents();
        double before = host.juminhyoScore();

        // 13:00 the first citizen answers the bot from the morning
        host.scheduler.advanceTo(at(24, 13, 0));
        host.answer(juminhyo, "はい、わかりました。ありがとうございます");

        Ticket solved = host.staffView(juminhyo);
        assertThat(solved.status()).isEqualTo(TicketStatus.SOLVED);
        assertThat(solved.tags()).contains(SelfServiceBot.TAG_DEFLECTED);
        assertThat(host.juminhyoScore()).as("the rebuilt matcher learned from the yes").isGreaterThan(before);
        assertThat(botEvents(BotDeflected.class)).singleElement()
            .satisfies(e -> assertThat(e.faqId()).isEqualTo("juminhyo"));

        // the reminder does not fire again; the 48-hour rule fires once, on Thursday 10:00
        host.scheduler.advanceTo(at(26, 9, 55));
        assertThat(host.messagesContaining(dog, "reminder")).isEqualTo(1);
        assertThat(host.staffView(dog).status()).isEqualTo(TicketStatus.PENDING);
        host.scheduler.advanceTo(at(26, 10, 10));
        assertThat(host.staffView(dog).status()).isEqualTo(TicketStatus.SOLVED);

        // the silent citizen never answered: on Friday 08:45 (three business days) the ticket is solved once
        host.scheduler.advanceTo(at(27, 8, 44));
        assertThat(host.staffView(silent).status()).isEqualTo(TicketStatus.PENDING);
        host.scheduler.advanceTo(at(27, 8, 46));
        Ticket timedOut = host.staffView(silent);
        assertThat(timedOut.status()).isEqualTo(TicketStatus.SOLVED);
        assertThat(timedOut.tags()).contains(SelfServiceBot.TAG_NO_VERDICT);

        // another restart, and a week on: nothing fires twice
        host.close();
        restartStores();
        host = new Host();
        host.scheduler.advance(Duration.ofDays(7));
        host.bot.runDue();
        assertThat(host.messagesContaining(silent, "いったん解決済み")).isEqualTo(1);
        assertThat(botEvents(BotNoVerdict.class)).hasSize(1);
        assertThat(timeRuleFirings("催促")).isEqualTo(1);
        assertThat(timeRuleFirings("自動解決")).isEqualTo(1);
        assertThat(botStore.attemptCount()).isZero();
        assertThat(botStore.routingCount()).isZero();
    }

    private <T> List<T> botEvents(Class<T> type) {
        return deskStore.eventLog().read(0, 100_000).stream().map(EventEnvelope::event).filter(type::isInstance)
            .map(type::cast).toList();
    }

    private long timeRuleFirings(String rule) {
        return botEvents(TimeRuleFired.class).stream().filter(f -> f.rule().equals(rule)).count();
    }
}
