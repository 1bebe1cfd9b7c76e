package io.madoguchi.core.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentStrategy;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.event.Assigned;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.RetryPolicy;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqDecision;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.integration.SelfServiceBot;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.FlakyDeskStore;
import io.madoguchi.core.store.ParkedEvent;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.ManualScheduler;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bot over time: its events in the log, redelivery, the no-verdict wait and routing at opening. */
class SelfServiceBotLifecycleTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final TenantId CITY = TenantId.of("amagasaki-city");
    private static final Principal ADMIN = Principal.admin(CITY, AgentId.of("admin"));
    private static final BusinessCalendar OFFICE = CityOffice.hours();

    /** Tuesday 2026-11-24 10:00 JST, office hours. */
    private final ManualScheduler scheduler =
        ManualScheduler.startingAt(LocalDateTime.of(2026, 11, 24, 10, 0).atZone(TOKYO).toInstant(), TOKYO);
    private final FaqCatalog catalog = new FaqCatalog();
    private final FlakyDeskStore flaky = new FlakyDeskStore(DeskStore.inMemory(scheduler.clock()));
    private final DeskStore deskStore = flaky.store();
    private final BotAttemptStore attempts = new InMemoryBotAttemptStore(scheduler.clock());
    private FaqMatcher matcher;
    private SupportDesk desk;
    private SelfServiceBot bot;
    private Principal gateway;

    @BeforeEach
    void setUp() {
        CityOffice.faqs(catalog);
        matcher = FaqMatcher.builder(catalog).clock(scheduler.clock()).thresholds(0.6, 0.3).build();
        desk = SupportDesk.builder().clock(scheduler.clock()).store(deskStore).scheduler(scheduler)
            .subscriberRetry(new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofMinutes(1)))
            .assignmentStrategy(AssignmentStrategy.roundRobin()).build();
        desk.saveAgent(ADMIN, Agent.of(CITY, AgentId.of("tanaka"), "田中"));
        bot = SelfServiceBot.builder(desk, matcher).eventLog(deskStore.eventLog()).calendar(OFFICE).store(attempts)
            .scheduler(scheduler).build();
        gateway = desk.system(CITY, "line-gateway");
    }

    @AfterEach
    void tearDown() {
        matcher.close();
    }

    @Test
    void anAnswerAndTheCustomersYesAreBotEventsInTheLogWithoutTheCustomersText() {
        desk.subscribe(bot);
        Customer c = customer("U100");
        Ticket t = open(c, "住民票の写しを取りたい", "山田です。コンビニで住民票の写しを取りたいです");

        desk.reply(Principal.customer(CITY, c.id()), t.id(), "はい、解決しました");

        List<BotEvent> events = botEvents();
        assertThat(events).extracting(SupportEvent::type)
            .containsExactly("bot.FaqMatched", "bot.BotAnswered", "bot.BotDeflected");
        FaqMatched matched = (FaqMatched) events.get(0);
        assertThat(matched.decision()).isEqualTo(FaqDecision.ANSWER);
        assertThat(matched.faqId()).isEqualTo("juminhyo");
        assertThat(matched.confidence()).isGreaterThanOrEqualTo(0.6);
        BotAnswered answered = (BotAnswered) events.get(1);
        assertThat(answered.messageSeq()).isEqualTo(2);
        assertThat(answered.verdictDueAt()).isEqualTo(LocalDateTime.of(2026, 11, 27, 10, 0).atZone(TOKYO).toInstant());
        assertThat(((BotDeflected) events.get(2)).faqId()).isEqualTo("juminhyo");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.streamKey()).isEqualTo("ticket:" + t.id().value());
            assertThat(e.toString()).doesNotContain("山田", "コンビニ");
        });
    }

    @Test
    void aRedeliveredTicketIsAnsweredOnceWithOneSetOfBotEvents() {
        AtomicBoolean failOnce = new AtomicBoolean(true);
        // the bot handles the new ticket, then the host fails before the checkpoint moves: the event comes again
        subscribeBotFailingAfterItsSteps(() -> failOnce.getAndSet(false));
        Ticket t = open(customer("U150"), "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです");

        scheduler.advance(Duration.ofSeconds(2));
        desk.processEvents();

        assertThat(failOnce).isFalse();
        assertThat(desk.messages(gateway, t.id())).filteredOn(m -> m.authorKind() == AuthorKind.BOT).hasSize(1);
        assertThat(botEvents()).extracting(SupportEvent::type).containsExactly("bot.FaqMatched", "bot.BotAnswered");
        assertThat(desk.ticket(gateway, t.id()).status()).isEqualTo(TicketStatus.PENDING);
    }

    /**
     * The bot's own log claims ({@code bot}) age out after the claim retention, but it takes them only in
     * {@link SelfServiceBot#runDue}, never while it handles an event: what it does for an event are desk steps, whose
     * step claims the store keeps while the event is parked. So a ticket parked after the bot handed it over, and
     * redelivered after the retention, gets no second reply, note or bot event.
     */
    @Test
    void aTicketParkedAfterTheBotsStepsAndRedeliveredBeyondTheClaimRetentionIsHandledOnce() {
        AtomicBoolean broken = new AtomicBoolean(true);
        subscribeBotFailingAfterItsSteps(broken::get);
        Ticket t = open(customer("U160"), "迷子の犬", "ペットの犬が逃げました");
        scheduler.advance(Duration.ofMinutes(10));
        List<ParkedEvent> parked = desk.parkedEvents(ADMIN, bot.name());
        assertThat(parked).extracting(ParkedEvent::type).containsExactly("desk.TicketCreated");
        assertThat(desk.messages(gateway, t.id())).as("the hand-over reply and note, before the failure")
            .filteredOn(m -> m.authorKind() == AuthorKind.BOT).hasSize(2);

        scheduler.advance(Duration.ofDays(8));
        broken.set(false);
        assertThat(desk.redeliver(ADMIN, bot.name(), parked.get(0).position())).isTrue();

        assertThat(desk.messages(gateway, t.id())).as("still one hand-over reply and one note")
            .filteredOn(m -> m.authorKind() == AuthorKind.BOT).hasSize(2);
        assertThat(botEvents()).extracting(SupportEvent::type).containsExactly("bot.FaqMatched", "bot.BotHandedOver");
        assertThat(desk.parkedEvents(ADMIN, bot.name())).isEmpty();
    }

    @Test
    void anAnswerWithoutYesOrNoIsSolvedOnceAfterThreeBusinessDaysWithALastMessage() {
        desk.subscribe(bot);
        Customer c = customer("U200");
        Ticket t = open(c, "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです");

        // Tuesday 10:00 + Wednesday, Thursday, Friday: due Friday 10:00
        scheduler.advanceTo(LocalDateTime.of(2026, 11, 27, 9, 59).atZone(TOKYO).toInstant());
        assertThat(desk.ticket(gateway, t.id()).status()).isEqualTo(TicketStatus.PENDING);
        scheduler.advanceTo(LocalDateTime.of(2026, 11, 27, 10, 0).atZone(TOKYO).toInstant());

        Ticket solved = desk.ticket(gateway, t.id());
        assertThat(solved.status()).isEqualTo(TicketStatus.SOLVED);
        assertThat(solved.tags()).contains(SelfServiceBot.TAG_NO_VERDICT, SelfServiceBot.TAG_ANSWERED)
            .doesNotContain(SelfServiceBot.TAG_AWAITING, SelfServiceBot.TAG_DEFLECTED);
        List<Message> seen = desk.messages(Principal.customer(CITY, c.id()), t.id());
        assertThat(seen.get(seen.size() - 1).body()).contains("いったん解決済み", "ご返信ください");
        assertThat(bot.isAwaitingVerdict(CITY, t.id())).isFalse();

        scheduler.advance(Duration.ofDays(10));
        bot.runDue();
        assertThat(desk.messages(gateway, t.id())).filteredOn(m -> m.body().contains("いったん解決済み")).hasSize(1);
        assertThat(botEvents()).filteredOn(e -> e instanceof BotNoVerdict).hasSize(1);
    }

    @Test
    void theNoVerdictWaitSkipsWeekendsAndHolidays() {
        // Friday 2026-11-20 16:00; Monday 11-23 is 勤労感謝の日: Tuesday, Wednesday, Thursday
        ManualScheduler friday =
            ManualScheduler.startingAt(LocalDateTime.of(2026, 11, 20, 16, 0).atZone(TOKYO).toInstant(), TOKYO);
        DeskStore store = DeskStore.inMemory(friday.clock());
        SupportDesk fridayDesk = SupportDesk.builder().clock(friday.clock()).store(store).scheduler(friday).build();
        try (FaqMatcher m = FaqMatcher.builder(catalog).clock(friday.clock()).thresholds(0.6, 0.3).build()) {
            fridayDesk.subscribe(SelfServiceBot.builder(fridayDesk, m).eventLog(store.eventLog()).calendar(OFFICE)
                .scheduler(friday).build());
            Principal line = fridayDesk.system(CITY, "line-gateway");
            Customer c = fridayDesk.resolveCustomer(line, ChannelIdentity.line("U500"), "市民");
            Ticket t = fridayDesk.createTicket(line, CreateTicket.builder(c.id(), Channel.LINE, "住民票の写しを取りたい",
                "コンビニで住民票の写しを取りたいです").build());

            friday.advanceTo(LocalDateTime.of(2026, 11, 26, 15, 59).atZone(TOKYO).toInstant());
            assertThat(fridayDesk.ticket(line, t.id()).status()).isEqualTo(TicketStatus.PENDING);
            friday.advanceTo(LocalDateTime.of(2026, 11, 26, 16, 0).atZone(TOKYO).toInstant());
            assertThat(fridayDesk.ticket(line, t.id()).status()).isEqualTo(TicketStatus.SOLVED);
        }
    }

    @Test
    void aCustomerWhoAnswersBeforeTheWaitRunsOutIsNotSolvedAgain() {
        desk.subscribe(bot);
        Customer c = customer("U250");
        Ticket t = open(c, "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです");
        desk.reply(Principal.customer(CITY, c.id()), t.id(), "いいえ、違います");

        scheduler.advance(Duration.ofDays(7));

        Ticket handed = desk.ticket(gateway, t.id());
        assertThat(handed.status()).isEqualTo(TicketStatus.OPEN);
        assertThat(handed.tags()).contains(SelfServiceBot.TAG_HANDOVER).doesNotContain(SelfServiceBot.TAG_NO_VERDICT);
        assertThat(botEvents()).noneMatch(e -> e instanceof BotNoVerdict);
        BotHandedOver over = (BotHandedOver) botEvents().get(botEvents().size() - 1);
        assertThat(over.reason()).isEqualTo(BotHandedOver.Reason.CUSTOMER_SAID_NO);
        assertThat(over.routedAt()).isEqualTo(over.occurredAt());
    }

    @Test
    void aTicketHandedOverAtNightIsToldWhenAndAssignedWhenTheOfficeOpens() {
        desk.subscribe(bot);
        scheduler.advanceTo(LocalDateTime.of(2026, 11, 24, 22, 30).atZone(TOKYO).toInstant());
        // nobody is on duty at night: the desk cannot assign the new ticket
        desk.saveAgent(ADMIN, Agent.of(CITY, AgentId.of("tanaka"), "田中").withActive(false));
        Customer c = customer("U300");
        Ticket t = open(c, "迷子の犬", "ペットの犬が逃げました");

        List<Message> seen = desk.messages(Principal.customer(CITY, c.id()), t.id());
        assertThat(seen.get(1).body()).contains("担当者よりご連絡いたします", "営業時間外", "11月25日(水) 8:45");
        assertThat(desk.ticket(gateway, t.id()).assignee()).isNull();
        BotHandedOver over = (BotHandedOver) botEvents().get(1);
        assertThat(over.reason()).isEqualTo(BotHandedOver.Reason.NO_MATCH);
        assertThat(over.routedAt()).isEqualTo(LocalDateTime.of(2026, 11, 25, 8, 45).atZone(TOKYO).toInstant());

        scheduler.advanceTo(LocalDateTime.of(2026, 11, 25, 8, 30).atZone(TOKYO).toInstant());
        desk.saveAgent(ADMIN, Agent.of(CITY, AgentId.of("tanaka"), "田中"));
        scheduler.advanceTo(LocalDateTime.of(2026, 11, 25, 8, 44).atZone(TOKYO).toInstant());
        assertThat(desk.ticket(gateway, t.id()).assignee()).isNull();
        scheduler.advanceTo(LocalDateTime.of(2026, 11, 25, 8, 45).atZone(TOKYO).toInstant());
        assertThat(desk.ticket(gateway, t.id()).assignee()).isEqualTo(AgentId.of("tanaka"));
        assertThat(attempts.routingCount()).isZero();
    }

    @Test
    void aTicketNobodyCanTakeAtOpeningIsRoutedAgainUntilSomeoneLogsIn() {
        desk.subscribe(bot);
        desk.saveAgent(ADMIN, Agent.of(CITY, AgentId.of("tanaka"), "田中").withActive(false));
        scheduler.advanceTo(LocalDateTime.of(2026, 11, 24, 23, 0).atZone(TOKYO).toInstant());
        Ticket t = open(customer("U350"), "迷子の犬", "ペットの犬が逃げました");

        scheduler.advanceTo(LocalDateTime.of(2026, 11, 25, 9, 0).atZone(TOKYO).toInstant());
        assertThat(desk.ticket(gateway, t.id()).assignee()).isNull();
        assertThat(attempts.routingCount()).isEqualTo(1);
        desk.saveAgent(ADMIN, Agent.of(CITY, AgentId.of("tanaka"), "田中"));
        scheduler.advanceTo(LocalDateTime.of(2026, 11, 25, 9, 15).atZone(TOKYO).toInstant());

        assertThat(desk.ticket(gateway, t.id()).assignee()).isEqualTo(AgentId.of("tanaka"));
        assertThat(attempts.routingCount()).isZero();
    }

    @Test
    void aStoreFailureWhenTheOfficeOpensKeepsTheNightTicketDueUntilItIsAssigned() {
        desk.subscribe(bot);
        desk.saveAgent(ADMIN, Agent.of(CITY, AgentId.of("tanaka"), "田中").withActive(false));
        scheduler.advanceTo(LocalDateTime.of(2026, 11, 24, 22, 30).atZone(TOKYO).toInstant());
        Ticket t = open(customer("U360"), "迷子の犬", "ペットの犬が逃げました");
        assertThat(attempts.routingCount()).isEqualTo(1);
        scheduler.advanceTo(LocalDateTime.of(2026, 11, 25, 8, 30).atZone(TOKYO).toInstant());
        desk.saveAgent(ADMIN, Agent.of(CITY, AgentId.of("tanaka"), "田中"));
        // the database goes away just as the ticket is assigned at opening
        flaky.failOnceOnEvent(e -> e instanceof Assigned);

        scheduler.advanceTo(LocalDateTime.of(2026, 11, 25, 8, 45).atZone(TOKYO).toInstant());
        assertThat(flaky.failed()).isEqualTo(1);
        assertThat(desk.ticket(gateway, t.id()).assignee()).isNull();
        assertThat(attempts.routingCount()).as("the routing stays due").isEqualTo(1);
        scheduler.advanceTo(LocalDateTime.of(2026, 11, 25, 8, 50).atZone(TOKYO).toInstant());

        assertThat(desk.ticket(gateway, t.id()).assignee()).isEqualTo(AgentId.of("tanaka"));
        assertThat(attempts.routingCount()).isZero();
    }

    @Test
    void aStoreFailureOnTheCustomersYesIsRetriedAndTheDeflectionStillNamesTheFaq() {
        desk.subscribe(bot);
        Customer c = customer("U120");
        Ticket t = open(c, "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです");
        flaky.failOnceOnEvent(e -> e instanceof BotDeflected);

        desk.reply(Principal.customer(CITY, c.id()), t.id(), "はい、解決しました");
        assertThat(flaky.failed()).isEqualTo(1);
        assertThat(desk.ticket(gateway, t.id()).tags()).contains(SelfServiceBot.TAG_AWAITING);
        scheduler.advance(Duration.ofSeconds(2));

        Ticket solved = desk.ticket(gateway, t.id());
        assertThat(solved.status()).isEqualTo(TicketStatus.SOLVED);
        assertThat(solved.tags()).contains(SelfServiceBot.TAG_DEFLECTED).doesNotContain(SelfServiceBot.TAG_AWAITING);
        assertThat(botEvents()).filteredOn(e -> e instanceof BotDeflected).singleElement()
            .satisfies(e -> assertThat(((BotDeflected) e).faqId()).isEqualTo("juminhyo"));
        assertThat(bot.isAwaitingVerdict(CITY, t.id())).isFalse();
        assertThat(desk.parkedEvents(ADMIN, bot.name())).isEmpty();
    }

    @Test
    void aStoreFailureOnTheCustomersNoIsRetriedAndTheHandOverNoteStillNamesTheFaq() {
        desk.subscribe(bot);
        Customer c = customer("U130");
        Ticket t = open(c, "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです");
        flaky.failOnceOnEvent(e -> e instanceof BotHandedOver);

        desk.reply(Principal.customer(CITY, c.id()), t.id(), "いいえ、解決しませんでした");
        assertThat(flaky.failed()).isEqualTo(1);
        scheduler.advance(Duration.ofSeconds(2));

        Ticket handed = desk.ticket(gateway, t.id());
        assertThat(handed.tags()).contains(SelfServiceBot.TAG_HANDOVER).doesNotContain(SelfServiceBot.TAG_AWAITING);
        assertThat(handed.assignee()).isEqualTo(AgentId.of("tanaka"));
        assertThat(botEvents()).filteredOn(e -> e instanceof BotHandedOver).singleElement()
            .satisfies(e -> assertThat(((BotHandedOver) e).faqId()).isEqualTo("juminhyo"));
        assertThat(desk.messages(gateway, t.id())).filteredOn(m -> m.isInternal() && m.body().contains("Handing over"))
            .singleElement().satisfies(m -> assertThat(m.body()).contains("juminhyo", "住民票の写しを取りたい"));
        assertThat(bot.isAwaitingVerdict(CITY, t.id())).isFalse();
    }

    @Test
    void anEnglishNoAtNightIsToldInEnglishThatAPersonWillReplyAndWhen() {
        desk.subscribe(bot);
        scheduler.advanceTo(LocalDateTime.of(2026, 11, 24, 20, 0).atZone(TOKYO).toInstant());
        Customer c = customer("U400");
        Ticket t = open(c, "Forgot password", "I forgot my password, how do I reset my password");

        desk.reply(Principal.customer(CITY, c.id()), t.id(), "No, that did not help.");

        List<Message> seen = desk.messages(Principal.customer(CITY, c.id()), t.id());
        assertThat(seen.get(seen.size() - 1).body()).contains("a member of our team", "We are closed right now",
            "Wed 25 Nov 08:45");
    }

    private List<BotEvent> botEvents() {
        return deskStore.eventLog().read(0, 10_000).stream().map(EventEnvelope::event)
            .filter(e -> e instanceof BotEvent).map(e -> (BotEvent) e).toList();
    }

    private Customer customer(String lineId) {
        return desk.resolveCustomer(gateway, ChannelIdentity.line(lineId), "市民 " + lineId);
    }

    private Ticket open(Customer c, String subject, String body) {
        return desk.createTicket(gateway, CreateTicket.builder(c.id(), Channel.LINE, subject, body).build());
    }

    /**
     * Subscribes the bot under its own name, with the host failing after the bot's steps for a new ticket while
     * {@code fails} says so (before the checkpoint moves, so the event comes again).
     */
    private void subscribeBotFailingAfterItsSteps(BooleanSupplier fails) {
        desk.subscribe(new EventSubscriber() {
            @Override
            public String name() {
                return bot.name();
            }

            @Override
            public void handle(EventEnvelope event) {
                bot.handle(event);
                if (event.event() instanceof TicketCreated && fails.getAsBoolean()) {
                    throw new IllegalStateException("the host fails after the bot's steps");
                }
            }
        });
    }
}
