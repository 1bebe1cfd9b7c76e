package io.madoguchi.core.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentStrategy;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.integration.SelfServiceBot;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.MutableClock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SelfServiceBotTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final TenantId CITY = TenantId.of("amagasaki-city");

    private final MutableClock clock =
        MutableClock.startingAt(LocalDateTime.of(2026, 11, 24, 10, 0).atZone(TOKYO).toInstant());
    private final FaqCatalog catalog = new FaqCatalog();
    private FaqMatcher matcher;
    private SupportDesk desk;
    private SelfServiceBot bot;
    private Principal gateway;

    @BeforeEach
    void setUp() {
        CityOffice.faqs(catalog);
        // the bot is tested per decision; the matcher's calibration has its own tests, so fix the thresholds here
        matcher = FaqMatcher.builder(catalog).clock(clock).thresholds(0.6, 0.3).build();
        BusinessCalendar office = CityOffice.hours();
        DeskStore store = DeskStore.inMemory(clock);
        desk = SupportDesk.builder().clock(clock).store(store).assignmentStrategy(AssignmentStrategy.roundRobin())
            .build();
        desk.saveAgent(Principal.admin(CITY, AgentId.of("admin")), Agent.of(CITY, AgentId.of("tanaka"), "田中"));
        bot = SelfServiceBot.builder(desk, matcher).eventLog(store.eventLog()).calendar(office).build();
        desk.subscribe(bot);
        gateway = desk.system(CITY, "line-gateway");
    }

    @AfterEach
    void tearDown() {
        matcher.close();
    }

    @Test
    void confidentAnswerWaitsForTheCustomerAndYesSolvesAsDeflected() {
        Customer c = customer("U100");
        Ticket t = open(c, Channel.LINE, "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです");

        Ticket answered = staffView(t);
        assertThat(answered.status()).isEqualTo(TicketStatus.PENDING);
        assertThat(answered.tags()).contains(SelfServiceBot.TAG_ANSWERED, SelfServiceBot.TAG_AWAITING);
        Message reply = lastMessage(t);
        assertThat(reply.authorKind()).isEqualTo(AuthorKind.BOT);
        assertThat(reply.isInternal()).isFalse();
        assertThat(reply.body()).contains("手数料は300円です", "この回答で解決しましたか");
        assertThat(bot.isAwaitingVerdict(CITY, t.id())).isTrue();
        // the reply, the tags and the wait are one step: one entry in the history
        assertThat(desk.history(Principal.admin(CITY, AgentId.of("admin")), t.id()))
            .filteredOn(e -> e.actor().kind() == Principal.Kind.BOT).hasSize(1);

        desk.reply(Principal.customer(CITY, c.id()), t.id(), "はい、解決しました。ありがとうございます");

        Ticket solved = staffView(t);
        assertThat(solved.status()).isEqualTo(TicketStatus.SOLVED);
        assertThat(solved.tags()).contains(SelfServiceBot.TAG_DEFLECTED).doesNotContain(SelfServiceBot.TAG_AWAITING);
        assertThat(bot.isAwaitingVerdict(CITY, t.id())).isFalse();
        assertThat(desk.history(Principal.admin(CITY, AgentId.of("admin")), t.id()))
            .anySatisfy(e -> assertThat(e.actor().kind()).isEqualTo(Principal.Kind.BOT));
    }

    @Test
    void noHandsOverToAPersonWithTheAttemptAsAnInternalNoteTheCustomerNeverSees() {
        Customer c = customer("U200");
        Ticket t = open(c, Channel.LINE, "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです");

        desk.reply(Principal.customer(CITY, c.id()), t.id(), "いいえ、解決しませんでした");

        Ticket handed = staffView(t);
        assertThat(handed.status()).isEqualTo(TicketStatus.OPEN);
        assertThat(handed.tags()).contains(SelfServiceBot.TAG_HANDOVER).doesNotContain(SelfServiceBot.TAG_AWAITING,
            SelfServiceBot.TAG_DEFLECTED);
        assertThat(handed.assignee()).isEqualTo(AgentId.of("tanaka"));
        Message note = lastMessage(t);
        assertThat(note.isInternal()).isTrue();
        assertThat(note.body()).contains("juminhyo", "住民票の写しを取りたい", "did not help");
        assertThat(desk.messages(Principal.customer(CITY, c.id()), t.id())).noneMatch(Message::isInternal);
        List<Message> seen = desk.messages(Principal.customer(CITY, c.id()), t.id());
        assertThat(seen.get(seen.size() - 1).body()).contains("担当者に引き継ぎました");
    }

    @Test
    void aReplyAfterAnAgentClosedTheTicketOpensAFollowUpThatTheBotDoesNotSolve() {
        Customer c = customer("U350");
        Ticket t = open(c, Channel.LINE, "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです");
        Principal tanaka = Principal.agent(CITY, AgentId.of("tanaka"));
        // the customer never said yes or no; a person solved and closed the ticket
        desk.changeStatus(tanaka, t.id(), TicketStatus.SOLVED);
        desk.changeStatus(tanaka, t.id(), TicketStatus.CLOSED);
        // no verdict can come on a closed ticket: the bot forgets the attempt instead of keeping it forever
        assertThat(bot.isAwaitingVerdict(CITY, t.id())).isFalse();

        Message m = desk.reply(Principal.customer(CITY, c.id()), t.id(), "ありがとうございます。戸籍謄本も取れますか？");

        Ticket followUp = desk.ticket(gateway, m.ticketId());
        assertThat(followUp.id()).isNotEqualTo(t.id());
        // thanks followed by a new question is not a "yes": the follow-up waits for a person
        assertThat(followUp.status()).isEqualTo(TicketStatus.NEW);
        assertThat(followUp.tags()).doesNotContain(SelfServiceBot.TAG_AWAITING, SelfServiceBot.TAG_DEFLECTED);
        assertThat(bot.isAwaitingVerdict(CITY, followUp.id())).isFalse();
    }

    @Test
    void anotherQuestionInsteadOfYesOrNoGoesToAPersonWithoutTeachingTheMatcher() {
        Customer c = customer("U300");
        Ticket t = open(c, Channel.LINE, "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです");

        desk.reply(Principal.customer(CITY, c.id()), t.id(), "マイナンバーカードでも取れますか");

        assertThat(staffView(t).tags()).contains(SelfServiceBot.TAG_HANDOVER);
        assertThat(lastMessage(t).body()).contains("replied with something else");
    }

    @Test
    void outOfScopeQuestionDuringOfficeHoursTellsTheCustomerAPersonWillReplyAndIsRoutedAtOnce() {
        Ticket t = open(customer("U400"), Channel.LINE, "迷子の犬", "ペットの犬が逃げました");

        List<Message> messages = desk.messages(gateway, t.id());
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).isInternal()).isFalse();
        assertThat(messages.get(1).authorKind()).isEqualTo(AuthorKind.BOT);
        assertThat(messages.get(1).body()).contains("担当者よりご連絡いたします").doesNotContain("営業時間外");
        assertThat(messages.get(2).isInternal()).isTrue();
        assertThat(messages.get(2).body()).contains("decision hand_over", "Over to a person");
        assertThat(staffView(t).tags()).contains(SelfServiceBot.TAG_HANDOVER);
        assertThat(staffView(t).status()).isNotEqualTo(TicketStatus.PENDING);
        assertThat(staffView(t).assignee()).isEqualTo(AgentId.of("tanaka"));
    }

    @Test
    void atNightTheCustomerIsToldWhenAPersonWillReply() {
        clock.advance(java.time.Duration.ofMinutes(12 * 60 + 30)); // 22:30 JST

        Ticket t = open(customer("U500"), Channel.LINE, "迷子の犬", "ペットの犬が逃げました");

        Message reply = desk.messages(gateway, t.id()).stream()
            .filter(m -> m.authorKind() == AuthorKind.BOT && !m.isInternal())
            .findFirst().orElseThrow();
        assertThat(reply.body()).contains("営業時間外", "11月25日(水) 8:45");
    }

    @Test
    void beforeAHolidayWeekendTheNextOpeningSkipsTheHoliday() {
        // Friday 2026-11-20 19:00; Monday 11-23 is 勤労感謝の日
        MutableClock friday = MutableClock.startingAt(LocalDateTime.of(2026, 11, 20, 19, 0).atZone(TOKYO).toInstant());
        rebuild(friday);

        Ticket t = open(customer("U501"), Channel.LINE, "住民票", "住民票の写しを取りたい。コンビニで住民票の写しを取りたいです");

        assertThat(desk.messages(gateway, t.id()).stream().filter(m -> !m.isInternal()).toList().get(1).body())
            .contains("11月24日(火) 8:45");
    }

    @Test
    void englishTicketGetsAnEnglishAnswerWithLinks() {
        Ticket t = open(customer("U600"), Channel.WEB_CHAT, "Forgot password",
            "I forgot my password and cannot log in");

        Message reply = lastMessage(t);
        assertThat(reply.body()).contains("Forgot password link", "https://example.jp/help/password", "reply \"yes\" or \"no\"");
        desk.reply(Principal.customer(CITY, staffView(t).requester()), t.id(), "Yes, that worked, thanks!");
        assertThat(staffView(t).status()).isEqualTo(TicketStatus.SOLVED);
    }

    @Test
    void lessConfidentMatchSuggestsFaqsAndLeavesTheTicketToAPerson() {
        Ticket t = open(customer("U700"), Channel.LINE, "相談", "大型の家具を引き取ってほしい");

        List<Message> messages = desk.messages(gateway, t.id());
        assertThat(messages.get(1).isInternal()).isFalse();
        assertThat(messages.get(1).body()).contains("・粗大ごみの出し方を知りたい");
        assertThat(messages.get(2).isInternal()).isTrue();
        assertThat(staffView(t).tags()).contains(SelfServiceBot.TAG_HANDOVER)
            .doesNotContain(SelfServiceBot.TAG_AWAITING);
    }

    @Test
    void complaintsPhoneCallsAndStaffTicketsAreLeftToPeople() {
        Customer c = customer("U800");
        Ticket complaint = desk.createTicket(gateway, CreateTicket.builder(c.id(), Channel.LINE, "住民票の写しを取りたい",
            "コンビニで住民票の写しを取りたいです").complaint(true).build());
        Ticket phone = open(c, Channel.PHONE, "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです");
        Ticket staff = desk.createTicket(Principal.agent(CITY, AgentId.of("tanaka")),
            CreateTicket.builder(c.id(), Channel.EMAIL, "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです").build());

        for (Ticket t : List.of(complaint, phone, staff)) {
            assertThat(desk.messages(gateway, t.id())).as(t.channel().name()).hasSize(1);
        }
    }

    @Test
    void aYesButtonWorksWithoutATextReply() {
        Ticket t = open(customer("U900"), Channel.LINE, "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです");

        assertThat(bot.verdict(CITY, t.id(), true)).isEqualTo(BotOutcome.DEFLECTED);
        assertThat(bot.verdict(CITY, t.id(), true)).isEqualTo(BotOutcome.IGNORED);
        assertThat(staffView(t).status()).isEqualTo(TicketStatus.SOLVED);
    }

    @Test
    void builderRejectsAnEmptyChannelSetAndSettingsMadeTwice() {
        assertThatThrownBy(() -> SelfServiceBot.builder(desk, matcher).channels(Set.of()).build())
            .isInstanceOf(ValidationException.class).hasMessageContaining("channels").hasMessageContaining("eventLog");
        assertThatThrownBy(() -> SelfServiceBot.builder(desk, matcher).name("a").name("b"))
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SelfServiceBot.builder(desk, matcher).texts(Locale.FRENCH, BotTexts.ENGLISH))
            .isInstanceOf(ValidationException.class).hasMessageContaining("locale");
    }

    private void rebuild(MutableClock at) {
        DeskStore store = DeskStore.inMemory(at);
        desk = SupportDesk.builder().clock(at).store(store).build();
        bot = SelfServiceBot.builder(desk, matcher).eventLog(store.eventLog()).calendar(CityOffice.hours()).build();
        desk.subscribe(bot);
        gateway = desk.system(CITY, "line-gateway");
    }

    @Test
    void theAnswerAndTheBotsEventsAreOneChangeSetSoACrashCannotSeparateThem() {
        DeskStore store = DeskStore.inMemory(clock);
        SupportDesk shared = SupportDesk.builder().clock(clock).store(store).build();
        // the bot's own appends fail, as a crash right after the desk step would: nothing it must record may
        // depend on them
        EventLog real = store.eventLog();
        EventLog crashing = new EventLog() {
            @Override
            public long append(List<? extends SupportEvent> events, Map<IdempotencyKey, String> claims) {
                throw new StoreException("the process died here", true);
            }

            @Override
            public List<EventEnvelope> read(long after, int max) {
                return real.read(after, max);
            }

            @Override
            public long head() {
                return real.head();
            }

            @Override
            public long oldest() {
                return real.oldest();
            }

            @Override
            public Optional<String> claimed(IdempotencyKey key) {
                return real.claimed(key);
            }
        };
        SelfServiceBot b = SelfServiceBot.builder(shared, matcher).eventLog(crashing).calendar(CityOffice.hours())
            .build();
        shared.subscribe(b);
        Principal line = shared.system(CITY, "line-gateway");
        Customer c = shared.resolveCustomer(line, ChannelIdentity.line("U990"), "市民 U990");
        Ticket t = shared.createTicket(line, CreateTicket.builder(c.id(), Channel.LINE, "住民票の写しを取りたい",
            "コンビニで住民票の写しを取りたいです").build());
        shared.reply(Principal.customer(CITY, c.id()), t.id(), "はい、解決しました");

        List<String> botEvents = real.read(0, 1_000).stream().map(EventEnvelope::event)
            .filter(e -> e instanceof BotEvent).map(SupportEvent::type).toList();
        assertThat(botEvents).containsExactly("bot.FaqMatched", "bot.BotAnswered", "bot.BotDeflected");
        assertThat(shared.ticket(line, t.id()).status()).isEqualTo(TicketStatus.SOLVED);
        assertThat(shared.parkedEvents(Principal.admin(CITY, AgentId.of("admin")), b.name())).isEmpty();
    }

    private Customer customer(String lineId) {
        return desk.resolveCustomer(gateway, ChannelIdentity.line(lineId), "市民 " + lineId);
    }

    private Ticket open(Customer c, Channel channel, String subject, String body) {
        return desk.createTicket(gateway, CreateTicket.builder(c.id(), channel, subject, body).build());
    }

    private Ticket staffView(Ticket t) {
        return desk.ticket(gateway, t.id());
    }

    private Message lastMessage(Ticket t) {
        List<Message> messages = desk.messages(gateway, t.id());
        return messages.get(messages.size() - 1);
    }
}
