package io.madoguchi.examples.demo;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentStrategy;
import io.madoguchi.core.agent.Skills;
import io.madoguchi.core.automation.AutomationStore;
import io.madoguchi.core.integration.Automations;
import io.madoguchi.core.automation.InMemoryAutomationStore;
import io.madoguchi.core.automation.RuleAction;
import io.madoguchi.core.automation.RuleCondition;
import io.madoguchi.core.automation.Trigger;
import io.madoguchi.core.bot.BotAttemptStore;
import io.madoguchi.core.bot.InMemoryBotAttemptStore;
import io.madoguchi.core.integration.SelfServiceBot;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.calendar.HolidaySource;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.event.Assigned;
import io.madoguchi.core.event.ComplaintChanged;
import io.madoguchi.core.event.CustomerMerged;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.event.EventJson;
import io.madoguchi.core.event.PriorityChanged;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TagsChanged;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.event.TicketLinked;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.faq.FaqStore;
import io.madoguchi.core.faq.InMemoryFaqStore;
import io.madoguchi.core.feedback.FeedbackStats;
import io.madoguchi.core.feedback.FeedbackSummary;
import io.madoguchi.core.feedback.Granularity;
import io.madoguchi.core.feedback.InvalidSurveyTokenException;
import io.madoguchi.core.feedback.Invitation;
import io.madoguchi.core.feedback.ScheduleResult;
import io.madoguchi.core.feedback.SurveyDefinition;
import io.madoguchi.core.feedback.SurveyKeyRing;
import io.madoguchi.core.feedback.SurveyPolicy;
import io.madoguchi.core.feedback.SurveyStore;
import io.madoguchi.core.feedback.SurveySubmission;
import io.madoguchi.core.feedback.Surveys;
import io.madoguchi.core.integration.DeskEscalation;
import io.madoguchi.core.integration.DeskSurveys;
import io.madoguchi.core.feedback.text.TextAnalysis;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.integration.DeskBridge;
import io.madoguchi.core.sla.EscalationAction;
import io.madoguchi.core.sla.SlaDue;
import io.madoguchi.core.sla.SlaEngine;
import io.madoguchi.core.sla.SlaEscalation;
import io.madoguchi.core.sla.SlaEvent;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.sla.SlaPolicy;
import io.madoguchi.core.sla.TicketCondition;
import io.madoguchi.core.sla.store.InMemorySlaStore;
import io.madoguchi.core.sla.store.SlaStore;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.jdbc.JdbcAutomationStore;
import io.madoguchi.core.store.jdbc.JdbcBotAttemptStore;
import io.madoguchi.core.store.jdbc.JdbcDeskStore;
import io.madoguchi.core.store.jdbc.JdbcFaqStore;
import io.madoguchi.core.store.jdbc.JdbcSlaStore;
import io.madoguchi.core.store.jdbc.JdbcSurveyStore;
import io.madoguchi.core.ticket.ChangePriority;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.metrics.Backlog;
import io.madoguchi.metrics.KpiDashboard;
import io.madoguchi.metrics.KpiEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A day at the support desk of a Japanese online shop, on the in-memory desk and a simulated clock: customers write
 * in by email, LINE, web chat and phone, in Japanese and English; tickets are routed by skills, answered (also with
 * a macro), put on hold or pending, solved, reopened by a customer reply; a complaint (クレーム) is escalated; two
 * customers turn out to be one and are merged. Before the desk opens, the self-service bot answers from the FAQ
 * (one customer is helped, one is not, one asks something no FAQ covers and is told when a person will reply); the
 * tickets it handed over are routed to agents when the desk opens and answered.
 * SLA clocks run on the shop's business hours: a warning comes 15 minutes before a breach, and a breached
 * ticket is tagged and raised in priority; a trigger tags messages about 解約 as a churn risk.
 * A reply to a closed ticket opens a follow-up, assigned like any new ticket. In the evening the CSAT surveys sent
 * after each solve are answered; a complaint in the comment on the closed ticket is escalated on its open follow-up;
 * the relationship NPS goes out on a channel each customer can be reached on, and the feedback is summarized. Prints a
 * timestamped account (tickets as {@code #number}, customers by name) and a summary that counts only what the
 * account shows.
 *
 * <p>Extend it: override {@link #configure(SupportDesk.Builder)} to add listeners or strategies, and
 * {@link #steps()} (calling {@code super.steps()}) to add steps at their times. Not thread-safe; run once.
 */
public class DemoDay {

    /** The day simulated. */
    public static final LocalDate DAY = LocalDate.of(2026, 11, 24);
    /** The desk's zone. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm");

    /**
     * One thing that happens at a time of day.
     *
     * @param at the local time
     * @param title what happens, for the account
     * @param action what it does
     */
    public record Step(LocalTime at, String title, Consumer<DemoDay> action) {
        /** @throws NullPointerException if an argument is null */
        public Step {
            requireNonNull(at, "at");
            requireNonNull(title, "title");
            requireNonNull(action, "action");
        }
    }

    /** The shop's tenant id. */
    public static final TenantId SHOP = TenantId.of("madoguchi-shop");
    /** The shop's opening hours: weekdays 9:00–18:00, Japanese holidays and 年末年始 closed. */
    public static final BusinessCalendar SHOP_HOURS = BusinessCalendar.builder("ショップ窓口").zone(ZONE)
        .open(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00-18:00")
        .holidays(HolidaySource.japan())
        .closedEveryYear(MonthDay.of(12, 29), MonthDay.of(1, 3), "年末年始")
        .build();

    /** The shop. */
    protected final TenantId tenant = SHOP;
    /** The day simulated: {@link #DAY} on a fresh store, a later business day when a stored desk continues. */
    protected final LocalDate day;
    /** Which day of the desk this is: 1 on a fresh store, 2 on the run after, and so on. */
    protected final int dayNumber;
    /** The simulated clock, starting at 07:30 JST. */
    protected final SimulatedClock clock;
    /** Where the desk and its components keep their state. */
    protected final Stores stores;
    /**
     * Whether the desk goes on after today (it is kept in stores): one customer then leaves their survey link
     * for tomorrow, when it still works, once.
     */
    protected final boolean continues;
    /** The shop's opening hours: weekdays 9:00–18:00, Japanese holidays and 年末年始 closed. */
    protected final BusinessCalendar hours = SHOP_HOURS;
    /** The shop's FAQ, on the FAQ store. */
    protected final FaqCatalog faqs;
    /** The FAQ matcher the bot answers from. */
    protected FaqMatcher matcher;
    /** The self-service bot. */
    protected SelfServiceBot bot;
    /** The SLA engine: first and next reply, resolution, on the shop's business hours. */
    protected SlaEngine sla;
    /** Ticket numbers whose SLA was breached today, in order. */
    protected final List<String> breaches = new ArrayList<>();
    /** Customer surveys (CSAT after solve, NPS on request). */
    protected Surveys surveys;
    /** The desk's store: its event log also carries the survey events. */
    protected final DeskStore deskStore;
    /** Survey invitations sent, by ticket short name (or customer short name for NPS). */
    protected final Map<String, Invitation> invitations = new LinkedHashMap<>();
    /** Where the account goes. */
    protected final PrintWriter out;
    /** The desk. */
    protected SupportDesk desk;
    /** The administrator. */
    protected final Principal admin = Principal.admin(tenant, AgentId.of("kanri"));
    /** Agent 佐藤 (Japanese; email, LINE, phone, web chat; POS). */
    protected final Principal sato = Principal.agent(tenant, AgentId.of("sato"));
    /** Agent 鈴木 (Japanese; team lead, takes complaints). */
    protected final Principal suzuki = Principal.agent(tenant, AgentId.of("suzuki"));
    /** Agent Emily (English). */
    protected final Principal emily = Principal.agent(tenant, AgentId.of("emily"));
    /** The channel gateway, a trusted in-process component. */
    protected Principal gateway;
    /** Tickets by a short name used across steps. */
    protected final Map<String, TicketId> tickets = new LinkedHashMap<>();
    /** Customers by a short name used across steps. */
    protected final Map<String, Customer> customers = new HashMap<>();
    private final List<DeskEvent> events = new ArrayList<>();

    /**
     * Where a demo desk keeps its state: the desk (tickets, customers, event log) and each component's store.
     *
     * @param desk tickets, customers, agents, the event log and checkpoints
     * @param sla SLA clocks and the due index
     * @param surveys survey invitations and responses
     * @param bot the bot's attempts and routing
     * @param automations the time rules' fired periods
     * @param faqs the FAQ catalog, synonyms, boosts and gap log
     */
    public record Stores(DeskStore desk, SlaStore sla, SurveyStore surveys, BotAttemptStore bot,
                         AutomationStore automations, FaqStore faqs) {
        /** @throws NullPointerException if a store is null */
        public Stores {
            requireNonNull(desk, "desk");
            requireNonNull(sla, "sla");
            requireNonNull(surveys, "surveys");
            requireNonNull(bot, "bot");
            requireNonNull(automations, "automations");
            requireNonNull(faqs, "faqs");
        }

        /**
         * @param dataSource a database with the current schema ({@code JdbcSchema.migrate})
         * @param clock the clock of the stores
         * @return every store on the database
         */
        public static Stores jdbc(javax.sql.DataSource dataSource, java.time.Clock clock) {
            return new Stores(new JdbcDeskStore(dataSource, clock), new JdbcSlaStore(dataSource),
                new JdbcSurveyStore(dataSource, clock), new JdbcBotAttemptStore(dataSource, clock),
                new JdbcAutomationStore(dataSource, clock), new JdbcFaqStore(dataSource));
        }

        /**
         * @param clock the demo's clock
         * @return in-memory stores: the desk lives as long as the process
         */
        public static Stores inMemory(java.time.Clock clock) {
            return new Stores(DeskStore.inMemory(clock), new InMemorySlaStore(), SurveyStore.inMemory(clock),
                new InMemoryBotAttemptStore(clock), new InMemoryAutomationStore(clock), new InMemoryFaqStore());
        }
    }

    /** @param out where the account is printed */
    public DemoDay(PrintWriter out) {
        this(out, DAY, 1, Stores::inMemory, false);
    }

    /**
     * A day of a desk kept in stores: day 1 sets the shop up; a later day finds the agents, macros and FAQ already
     * there (saving them again changes nothing), new customers write in, and yesterday's survey links are answered;
     * one customer of each day leaves their link for the next day.
     *
     * @param out where the account is printed
     * @param day the day to simulate
     * @param dayNumber which day of the desk it is, from 1
     * @param stores makes the stores on the demo's clock
     */
    public DemoDay(PrintWriter out, LocalDate day, int dayNumber,
                   java.util.function.Function<java.time.Clock, Stores> stores) {
        this(out, day, dayNumber, stores, true);
    }

    private DemoDay(PrintWriter out, LocalDate day, int dayNumber,
                    java.util.function.Function<java.time.Clock, Stores> stores, boolean continues) {
        this.out = requireNonNull(out, "out");
        this.continues = continues;
        this.day = requireNonNull(day, "day");
        if (dayNumber < 1) {
            throw new IllegalArgumentException("dayNumber starts at 1, was " + dayNumber);
        }
        this.dayNumber = dayNumber;
        this.clock = new SimulatedClock(day.atTime(7, 30).atZone(ZONE).toInstant(), ZONE);
        this.stores = requireNonNull(stores.apply(clock), "stores");
        this.deskStore = this.stores.desk();
        this.faqs = new FaqCatalog(this.stores.faqs());
    }

    /**
     * @param last the last day a stored desk ran
     * @return the next day the shop opens after it (weekends, holidays and 年末年始 skipped)
     */
    public static LocalDate nextDayAfter(LocalDate last) {
        return SHOP_HOURS.nextOpening(last.plusDays(1).atStartOfDay(ZONE).toInstant()).atZone(ZONE).toLocalDate();
    }

    /**
     * Adds settings to the desk before it is built. The default routes by skills and prints assignments and
     * status changes as they are announced.
     *
     * @param builder the builder, with the clock set
     */
    protected void configure(SupportDesk.Builder builder) {
        builder.assignmentStrategy(AssignmentStrategy.skillsBased()).listener(this::onEvent);
    }

    /** @return the day's steps, in time order */
    protected List<Step> steps() {
        List<Step> s = new ArrayList<>();
        if (dayNumber > 1) {
            s.add(new Step(LocalTime.of(7, 35), "前日までのアンケートリンク / earlier survey links",
                DemoDay::earlierSurveyLinks));
        }
        s.add(new Step(LocalTime.of(7, 40), "営業時間外の LINE → ボット / bot answers before opening", d -> {
            d.inbound("return", ChannelIdentity.line("U7c2e11aa"), "鈴木 みき", "ja", Channel.LINE, "返品したい",
                "サイズが合わないので返品したいです");
            d.showBotReply("return");
        }));
        s.add(new Step(LocalTime.of(7, 45), "「はい」→ 自己解決 / customer says it helped", d ->
            d.reply(d.customer("return"), "return", "はい、わかりました。ありがとうございます！")));
        s.add(new Step(LocalTime.of(7, 50), "Web chat before opening → bot", d -> {
            d.inbound("canada", ChannelIdentity.chatVisitor("v-5d20"), "Liam Brown", "en", Channel.WEB_CHAT,
                "Shipping to Canada", "Do you ship to Canada? How long does overseas delivery take?");
            d.showBotReply("canada");
        }));
        s.add(new Step(LocalTime.of(7, 55), "\"No\" → a person takes over", d -> {
            d.reply(d.customer("canada"), "canada", "No, I need it within 3 days.");
            d.say("#" + d.number("canada") + " ボット → 担当者メモ (internal): " + d.lastInternalNote("canada"));
        }));
        s.add(new Step(LocalTime.of(8, 20), "FAQ にない質問 / nothing in the FAQ", d -> {
            d.inbound("photo", ChannelIdentity.line("U0f3391bc"), "高橋 ゆい", "ja", Channel.LINE, "猫の写真",
                "先日買ったペット用ベッドを猫がとても気に入っています。写真を送ってもいいですか？");
            d.showBotReply("photo");
        }));
        s.add(new Step(LocalTime.of(8, 55), "始業準備 / agents sign in", DemoDay::open));
        s.add(new Step(LocalTime.of(9, 0), "窓口オープン / desk opens: the bot's timer routes the night's hand-overs",
            DemoDay::showNightRouting));
        s.add(new Step(LocalTime.of(9, 5), "Emily answers the web chat handed over at night", d -> {
            d.reply(d.emily, "canada",
                    "Express shipping to Canada takes 3 to 5 days (3,000 yen). Shall we switch your order to express?");
            d.desk.changeStatus(d.emily, d.tickets.get("canada"), TicketStatus.PENDING);
        }));
        s.add(new Step(LocalTime.of(9, 30), "佐藤が夜間の LINE に返信 / the night's LINE message is answered", d -> {
            d.reply(d.sato, "photo", "ありがとうございます！ぜひお送りください。スタッフ一同楽しみにしています。");
            d.desk.changeStatus(d.sato, d.tickets.get("photo"), TicketStatus.PENDING);
        }));
        s.add(new Step(LocalTime.of(9, 3), "メール着信 / email arrives", d -> d.inbound("delivery",
            ChannelIdentity.email("tanaka@example.jp"), "田中 太郎", "ja", Channel.EMAIL, "注文した商品が届きません",
            "11月20日に注文した加湿器（注文番号 A-1024）がまだ届きません。")));
        s.add(new Step(LocalTime.of(9, 10), "LINE メッセージ / LINE message",
            d -> d.inbound("points", ChannelIdentity.line("U4af4980629"), "やまだ はなこ", "ja", Channel.LINE,
            "ポイントが反映されていません", "先週の購入分のポイントがまだ付いていません。")));
        s.add(new Step(LocalTime.of(9, 15), "Web chat (English)", d -> d.inbound("password",
            ChannelIdentity.chatVisitor("v-93e1"), "Emma Wilson", "en", Channel.WEB_CHAT, "Cannot reset my password",
            "The reset link in the email says it has expired.")));
        s.add(new Step(LocalTime.of(9, 20), "電話受付 / phone call", d -> d.inbound("billing",
            ChannelIdentity.phone("090-1234-5678"), "タナカ（電話）", "ja", Channel.PHONE, "請求金額が二重になっている",
            "電話: カードの明細に同じ注文が二回請求されているとのこと。")));
        s.add(new Step(LocalTime.of(9, 25), "佐藤がマクロで一次回答 / first answer with a macro", d -> {
            Message m = d.desk.applyMacro(d.sato, d.tickets.get("delivery"), "ask-order-details");
            d.say("#" + d.number("delivery") + " 佐藤 → 顧客: " + firstLine(m.body()) + " …");
        }));
        s.add(new Step(LocalTime.of(9, 40), "Emily answers and solves", d -> {
            d.reply(d.emily, "password", "I have sent you a new reset link; it is valid for 24 hours.");
            d.desk.changeStatus(d.emily, d.tickets.get("password"), TicketStatus.SOLVED);
        }));
        s.add(new Step(LocalTime.of(10, 5), "田中さんから返信 / customer replies",
            d -> d.reply(d.customer("delivery"), "delivery", "注文番号は A-1024、お届け先は東京都中野区です。")));
        s.add(new Step(LocalTime.of(10, 30), "Customer reopens by replying",
            d -> d.reply(d.customer("password"), "password", "The new link does not work either.")));
        s.add(new Step(LocalTime.of(10, 45), "クレーム対応 / complaint escalated", d -> {
            d.reply(d.customer("billing"), "billing", "何度も連絡しているのに返事がない。責任者から連絡してください。");
            TicketId id = d.tickets.get("billing");
            d.desk.flagComplaint(d.sato, id);
            d.desk.apply(d.sato, ChangePriority.of(id, Priority.URGENT));
            d.desk.addTags(d.sato, id, "クレーム", "escalated");
            d.desk.assign(d.sato, id, AgentId.of("suzuki"));
            d.desk.addNote(d.sato, id, "リーダーの鈴木さんへエスカレーション。至急折り返し。");
        }));
        s.add(new Step(LocalTime.of(11, 0), "ポイント調査は保留 / waiting on the points team", d -> {
            d.desk.addNote(d.sato, d.tickets.get("points"), "ポイントシステム担当に調査依頼中");
            d.desk.changeStatus(d.sato, d.tickets.get("points"), TicketStatus.ON_HOLD);
        }));
        s.add(new Step(LocalTime.of(11, 30), "鈴木が電話で謝罪 / lead calls back", d -> {
            d.reply(d.suzuki, "billing", "ご迷惑をおかけし申し訳ございません。二重請求分は本日返金手続きいたしました。");
            d.desk.changeStatus(d.suzuki, d.tickets.get("billing"), TicketStatus.PENDING);
        }));
        s.add(new Step(LocalTime.of(12, 0), "同一顧客の統合 / customer merge", d -> {
            Customer survivor = d.desk.mergeCustomers(d.sato, d.customers.get("delivery").id(),
                    d.customers.get("billing").id());
            d.say("電話の顧客をメールの顧客「" + survivor.name() + "」に統合: 連絡先 " + survivor.identities().size() + " 件、チケットも移動");
            d.customers.put("billing", survivor);
        }));
        s.add(new Step(LocalTime.of(13, 0), "発送済みマクロで解決 / solved with a macro", d -> {
            Message m = d.desk.applyMacro(d.sato, d.tickets.get("delivery"), "shipping-done");
            d.say("#" + d.number("delivery") + " 佐藤 → 顧客: " + firstLine(m.body()) + " …");
        }));
        s.add(new Step(LocalTime.of(14, 0), "ポイント反映・解決 / points fixed", d -> {
            d.desk.changeStatus(d.sato, d.tickets.get("points"), TicketStatus.OPEN);
            d.reply(d.sato, "points", "ポイントを付与いたしました。ご確認ください。");
            d.desk.changeStatus(d.sato, d.tickets.get("points"), TicketStatus.SOLVED);
        }));
        s.add(new Step(LocalTime.of(15, 0), "Emily solves the password issue", d -> {
            d.reply(d.emily, "password", "We fixed the expiry setting; please try the link again.");
            d.desk.changeStatus(d.emily, d.tickets.get("password"), TicketStatus.SOLVED);
        }));
        s.add(new Step(LocalTime.of(16, 0), "解決済みをクローズ / close solved", d -> d.desk.changeStatus(d.sato,
                d.tickets.get("points"), TicketStatus.CLOSED)));
        s.add(new Step(LocalTime.of(17, 0), "クローズ後の返信 → フォローアップ / reply after close", d -> {
            Message m = d.reply(d.customer("points"), "points", "ありがとうございます。別の注文のポイントも確認できますか？");
            d.tickets.put("points-follow-up", m.ticketId());
        }));
        s.add(new Step(LocalTime.of(16, 30), "解約の相談 / a churn risk",
            d -> d.inbound("churn", ChannelIdentity.email("kobayashi@example.jp"), "小林 健", "ja", Channel.EMAIL,
            "定期便について", "毎月の定期便を解約したいのですが、手続きを教えてください。")));
        s.add(new Step(LocalTime.of(17, 30), "アンケート配信 / surveys go out", DemoDay::sendSurveys));
        s.add(new Step(LocalTime.of(17, 45), "アンケート回答 / customers answer", DemoDay::answerSurveys));
        s.add(new Step(LocalTime.of(17, 50), "NPS（関係性調査）/ relationship NPS", DemoDay::askNps));
        return s;
    }

    /**
     * Runs the day and prints the account and the summary.
     *
     * @return the desk, for inspection
     */
    public SupportDesk run() {
        SupportDesk.Builder b = SupportDesk.builder().clock(clock).store(deskStore);
        configure(b);
        desk = b.build();
        gateway = desk.system(tenant, "channel-gateway");
        attach();
        out.println("=== 窓口 Madoguchi デモ: " + day + " (" + ZONE + ")" + (dayNumber > 1 ? "  " + dayNumber + " 日目 / day "
            + dayNumber : "") + " ===");
        List<Step> steps = new ArrayList<>(steps());
        steps.sort((x, y) -> x.at().compareTo(y.at()));
        for (Step step : steps) {
            Instant at = day.atTime(step.at()).atZone(ZONE).toInstant();
            // timers due before the step run first, each at its own time; those due at the step's minute after its
            // title
            if (at.minusNanos(1).isAfter(clock.instant())) {
                clock.setTo(at.minusNanos(1));
            }
            out.println(HHMM.format(at.atZone(ZONE)) + "  ── " + step.title());
            clock.setTo(at);
            step.action().accept(this);
        }
        summary();
        out.flush();
        return desk;
    }

    /**
     * Attaches the components that need the built desk: the self-service bot (LINE and web chat) and the survey
     * subscribers (CSAT after solve, complaint detection and escalation).
     */
    protected void attach() {
        faqs.putAll(tenant, ShopFaqs.all());
        // the default thresholds: answers from confidence 0.85, suggests from 0.3, also in a catalog of eight FAQs
        matcher = FaqMatcher.builder(faqs).clock(clock).build();
        // the bot's timer routes the night's hand-overs when the shop opens and closes answers nobody settled
        bot = SelfServiceBot.builder(desk, matcher).calendar(hours)
            .channels(java.util.Set.of(Channel.LINE, Channel.WEB_CHAT))
            .eventLog(deskStore.eventLog()).scheduler(clock.scheduler()).store(stores.bot()).build();
        desk.subscribe(bot);
        // a real host reads the keys from its configuration (the same on every instance and after a restart)
        surveys = Surveys.builder().clock(clock)
            .keys(SurveyKeyRing.fromConfiguration("2026-11=" + java.util.Base64.getEncoder().encodeToString(
                "demo-only-secret-rotate-me-0123456789".getBytes(StandardCharsets.US_ASCII))))
            .policy(SurveyPolicy.builder().delay(Channel.EMAIL, Duration.ofHours(1))
                .delay(Channel.LINE, Duration.ofMinutes(30))
                .delay(Channel.WEB_CHAT, Duration.ZERO).throttle(Duration.ofDays(30)).build())
            // a survey goes only where the customer can be reached
            .customerChannels(DeskSurveys.customerChannels(desk))
            .eventLog(deskStore.eventLog(), desk::processEvents).store(stores.surveys()).build();
        desk.subscribe(new DeskSurveys(surveys, TextAnalyzer.defaults(), Locale.JAPANESE));
        desk.subscribe(new DeskEscalation(desk));
        sla = SlaEngine.builder().clock(clock).scheduler(clock.scheduler()).eventLog(deskStore.eventLog())
            .store(stores.sla())
            .policies(List.of(
                SlaPolicy.builder("クレーム / complaints").when(TicketCondition.isComplaint()).calendar(hours)
                    .target(SlaMetric.FIRST_REPLY_TIME, Duration.ofMinutes(30), SlaPolicy.Hours.BUSINESS)
                    .target(SlaMetric.NEXT_REPLY_TIME, Duration.ofHours(1), SlaPolicy.Hours.BUSINESS)
                    .escalation(SlaEscalation.onBreach(new EscalationAction.AddTag("sla-breached")))
                    .build(),
                SlaPolicy.builder("標準 / standard").calendar(hours)
                    .target(SlaMetric.FIRST_REPLY_TIME, Priority.URGENT, Duration.ofHours(1), SlaPolicy.Hours.BUSINESS)
                    .target(SlaMetric.FIRST_REPLY_TIME, Priority.HIGH, Duration.ofHours(2), SlaPolicy.Hours.BUSINESS)
                    .target(SlaMetric.FIRST_REPLY_TIME, Priority.NORMAL, Duration.ofHours(2), SlaPolicy.Hours.BUSINESS)
                    .target(SlaMetric.FIRST_REPLY_TIME, Priority.LOW, Duration.ofHours(8), SlaPolicy.Hours.BUSINESS)
                    .target(SlaMetric.TOTAL_RESOLUTION_TIME, Duration.ofHours(24), SlaPolicy.Hours.BUSINESS)
                    .escalation(SlaEscalation.onBreach(new EscalationAction.AddTag("sla-breached"),
                        new EscalationAction.RaisePriority(Priority.HIGH)))
                    .build()))
            .listener(this::onSla)
            .build();
        Automations automations = Automations.builder()
            .trigger(Trigger.of("解約の申し出 / churn risk", RuleCondition.textContains("解約"),
                new RuleAction.AddTag("churn-risk"), new RuleAction.SetPriority(Priority.HIGH)))
            .desk(desk).eventLog(deskStore.eventLog()).store(stores.automations())
            .build();
        desk.subscribe(automations);
        DeskBridge.attach(desk, sla, null);
    }

    /** @param e an SLA event: warnings and breaches go into the account */
    protected void onSla(SlaEvent e) {
        if (e instanceof SlaEvent.Warning w) {
            say("   ⏰ #" + desk.ticket(sato, w.ticket()).number() + " SLA 警告: " + metricName(w.metric()) + " の期限 "
                + HHMM.format(w.dueAt().atZone(ZONE)) + "（あと " + w.lead().toMinutes() + " 分）");
        } else if (e instanceof SlaEvent.Breached b) {
            breaches.add("#" + desk.ticket(sato, b.ticket()).number() + ":" + metricName(b.metric()));
            say("   🚨 #" + desk.ticket(sato, b.ticket()).number() + " SLA 違反: " + metricName(b.metric()) + " ("
                    + b.policy() + ")");
        }
    }

    /** @param key a ticket's short name: prints what the bot said on it */
    protected void showBotReply(String key) {
        desk.messages(sato, tickets.get(key)).stream()
            .filter(m -> m.authorKind() == io.madoguchi.core.ticket.AuthorKind.BOT && !m.isInternal())
            .reduce((a, b) -> b)
            .ifPresentOrElse(
                m -> say("#" + number(key) + " ボット → 顧客: " + m.body().replace("\n\n", " / ").replace('\n', ' ')),
                () -> say("#" + number(key) + " ボット: 回答なし → 担当者へ (" + lastInternalNote(key) + ")"));
    }

    /** @param key a ticket's short name @return its latest internal note */
    protected String lastInternalNote(String key) {
        return desk.messages(sato, tickets.get(key)).stream().filter(Message::isInternal).reduce((a, b) -> b)
            .map(Message::body).orElse("-");
    }

    /** Sends the surveys that are due (the 17:30 step). */
    protected void sendSurveys() {
        Map<TicketId, String> keyOf = new HashMap<>();
        tickets.forEach((k, id) -> keyOf.put(id, k));
        surveys.dispatchDue(inv -> {
            String key = inv.ticket() == null ? inv.customer().value() : keyOf.getOrDefault(inv.ticket(),
                    inv.ticket().value());
            invitations.put(key, inv);
            say("アンケート送信 [" + inv.channel() + "] " + inv.survey().id() + " → #"
                + (inv.ticket() == null ? "-" : number(key)) + " (token " + inv.token().substring(0, 12) + "…, 期限 "
                + HHMM.format(inv.expiresAt().atZone(ZONE))
                + " " + inv.expiresAt().atZone(ZONE).toLocalDate() + ")");
        });
    }

    /** Customers answer their surveys (the 17:45 step); a reused link is refused. */
    protected void answerSurveys() {
        Map<String, SurveySubmission> answers = Map.of(
            "return", SurveySubmission.of("csat", 5).withComment("夜でもすぐに返品方法がわかって便利でした"),
            "delivery", SurveySubmission.of("csat", 4).withComment("配送は遅かったが、丁寧な対応でした"),
            "password", SurveySubmission.of("csat", 2).withReason("slow_response")
                .withComment("The reset link expired twice. Support was slow."),
            "points", SurveySubmission.of("csat", 1).withReason("not_resolved")
                .withComment("ポイントの反映が遅すぎる。二度と利用しません。責任者から説明してください。"));
        Invitation answered = null;
        for (Map.Entry<String, Invitation> e : invitations.entrySet()) {
            SurveySubmission answer = answers.get(e.getKey());
            if (answer == null) {
                continue;
            }
            if (continues && e.getKey().equals("password")) {
                say("#" + number(e.getKey()) + " のお客様はまだ回答していません（リンクは期限まで有効）/ "
                    + "not answered today: the link stays valid");
                continue;
            }
            Invitation inv = e.getValue();
            surveys.submit(tenant, inv.token(), answer); // the link alone: the verified token names the customer
            if (answered == null) {
                answered = inv;
            }
            String comment = answer.comment() == null ? "" : answer.comment();
            TextAnalysis a = TextAnalyzer.defaults().analyze(comment);
            say("回答 #" + number(e.getKey()) + " CSAT " + answer.answers().get(0).score() + "/5「" + comment + "」"
                + " 感情 " + String.format(Locale.ROOT, "%+.2f", a.sentiment().score()) + " テーマ "
                + new TreeSet<>(a.themes())
                + (a.complaint() != null ? " ⚠クレーム検知" : ""));
        }
        if (answered != null) {
            try {
                surveys.submit(tenant, answered.token(), SurveySubmission.of("csat", 5));
            } catch (InvalidSurveyTokenException refused) {
                say("同じリンクからの再回答は拒否: " + refused.reason());
            }
        }
    }

    /**
     * Two customers who got no survey today are asked the relationship NPS by email (the 17:50 step); the survey
     * service refuses email for a customer who has no address, and the shop sends it on the channel they wrote on.
     */
    protected void askNps() {
        int[] scores = {10, 6};
        String[] who = {"photo", "churn"};
        for (int i = 0; i < who.length; i++) {
            Ticket theirs = desk.ticket(sato, tickets.get(who[i]));
            Customer c = desk.customer(sato, theirs.requester());
            Channel channel = Channel.EMAIL;
            ScheduleResult r;
            try {
                r = surveys.request(tenant, c.id(), channel, Locale.JAPANESE, SurveyDefinition.defaultNps());
            } catch (ValidationException unreachable) {
                channel = theirs.channel();
                say("NPS → " + c.name() + ": メールアドレスなし、" + channel + " で送信 / no email address: sent on " + channel);
                r = surveys.request(tenant, c.id(), channel, Locale.JAPANESE, SurveyDefinition.defaultNps());
            }
            Invitation inv = r.invitation();
            if (inv == null) {
                say("NPS → " + c.name() + ": " + r.status() + "（送りすぎ防止）");
                continue;
            }
            surveys.submit(tenant, inv.token(), SurveySubmission.of("nps", scores[i]));
            say("NPS [" + inv.channel() + "] → " + c.name() + ": " + scores[i] + "/10");
        }
    }

    /** Agents sign in and the macros are set up (the 08:55 step), so the desk routes from its opening at 09:00. */
    protected void open() {
        desk.saveAgent(admin, Agent.of(tenant, AgentId.of("sato"), "佐藤")
            .withSkills(Skills.language("ja"), Skills.channel(Channel.EMAIL), Skills.channel(Channel.LINE),
            Skills.channel(Channel.PHONE), Skills.channel(Channel.WEB_CHAT)));
        desk.saveAgent(admin, Agent.of(tenant, AgentId.of("suzuki"), "鈴木").withCapacity(5)
            .withSkills(Skills.language("ja"), Skills.channel(Channel.EMAIL)));
        desk.saveAgent(admin, Agent.of(tenant, AgentId.of("emily"), "Emily")
            .withSkills(Skills.language("en"), Skills.channel(Channel.EMAIL), Skills.channel(Channel.WEB_CHAT)));
        desk.saveMacro(admin, Macro.reply(tenant, "ask-order-details", "注文情報の確認", Map.of(
            "ja", "{customer.name} 様\nお問い合わせありがとうございます（#{ticket.number}）。注文番号とお届け先をお知らせください。\n{agent.name}",
            "en", "Dear {customer.name},\nthank you for contacting us (#{ticket.number}). Please tell us your order "
                    + "number.\n{agent.name}"))
            .thenStatus(TicketStatus.PENDING));
        desk.saveMacro(admin, Macro.reply(tenant, "shipping-done", "発送済みのご案内", Map.of(
            "ja", "{customer.name} 様\nご注文の商品は本日発送いたしました。#{ticket.number} はこれで解決とさせていただきます。\n{agent.name}",
            "en", "Dear {customer.name},\nyour order shipped today. We consider #{ticket.number} solved.\n"
                + "{agent.name}"))
            .thenStatus(TicketStatus.SOLVED).thenTags("発送済み"));
        say("担当者 3 名（佐藤・鈴木・Emily）、マクロ 2 件、スキルルーティング / 3 agents, 2 macros, skills routing");
    }

    /** Says which of the tickets the bot handed over before opening were routed when the desk opened (09:00). */
    protected void showNightRouting() {
        List<String> routed = new ArrayList<>();
        for (TicketId id : tickets.values()) {
            Ticket t = desk.ticket(sato, id);
            if (t.hasTag(SelfServiceBot.TAG_HANDOVER) && t.assignee() != null) {
                routed.add("#" + t.number() + " → " + desk.agent(sato, t.assignee()).name());
            }
        }
        say(routed.isEmpty() ? "夜間の引き継ぎなし / nothing handed over at night"
            : "夜間にボットから引き継いだ " + routed.size() + " 件を割り当て / routed at opening: " + String.join(", ", routed));
    }

    /**
     * Today's customers are new people: on a later day of a stored desk the script's identities get the day's
     * mark, so the same story runs with new customers next to yesterday's.
     *
     * @param identity an identity of the script
     * @return the identity for this day (unchanged on day 1)
     */
    protected ChannelIdentity ofThisDay(ChannelIdentity identity) {
        if (dayNumber == 1) {
            return identity;
        }
        String v = identity.value();
        return switch (identity.kind()) {
            case EMAIL -> new ChannelIdentity(identity.kind(), v.replaceFirst("@", "+day" + dayNumber + "@"));
            case PHONE -> new ChannelIdentity(identity.kind(), v.substring(0, v.length() - 2)
                + String.format(Locale.ROOT, "%02d", dayNumber % 100));
            default -> new ChannelIdentity(identity.kind(), v + "-day" + dayNumber);
        };
    }

    /**
     * A later day's first step: survey links sent on earlier days still work, once. The first unanswered one is
     * answered; the same link again, and a link answered yesterday, are refused as used.
     */
    protected void earlierSurveyLinks() {
        Instant today = day.atStartOfDay(ZONE).toInstant();
        Invitation open = null;
        Invitation answered = null;
        long after = 0;
        while (open == null || answered == null) {
            List<io.madoguchi.core.event.EventEnvelope> page = deskStore.eventLog().read(after, 500);
            if (page.isEmpty()) {
                break;
            }
            for (io.madoguchi.core.event.EventEnvelope e : page) {
                after = e.position();
                if (e.event() instanceof io.madoguchi.core.feedback.SurveyInvitationSent sent
                    && sent.occurredAt().isBefore(today)) {
                    var stored = stores.surveys().invitation(sent.tenantId(), sent.invitationId()).orElse(null);
                    if (stored == null || !stored.invitation().survey().id().equals("csat")) {
                        continue;
                    }
                    if (stored.state() == io.madoguchi.core.feedback.InvitationState.SENT && open == null) {
                        open = stored.invitation();
                    } else if (stored.state() == io.madoguchi.core.feedback.InvitationState.ANSWERED
                        && answered == null) {
                        answered = stored.invitation();
                    }
                }
            }
        }
        if (open == null && answered == null) {
            say("前日までのアンケートリンクはありません / no earlier survey links");
            return;
        }
        if (open != null) {
            surveys.submit(tenant, open.token(), SurveySubmission.of("csat", 4).withComment("昨日のリンクから回答しました"));
            say("昨日のリンクで回答 / an earlier link answered: token " + open.token().substring(0, 12) + "… → 受付");
            trySubmit(open, "同じリンクでもう一度 / the same link again");
        }
        if (answered != null) {
            trySubmit(answered, "回答済みのリンク / a link answered before");
        }
    }

    private void trySubmit(Invitation inv, String what) {
        try {
            surveys.submit(tenant, inv.token(), SurveySubmission.of("csat", 1));
            say(what + ": 受付 (unexpected)");
        } catch (InvalidSurveyTokenException e) {
            say(what + ": 拒否 / refused (" + e.reason() + ")");
        }
    }

    /**
     * A customer writes in on a channel: resolve the customer from the identity, open a ticket.
     *
     * @param key the short name of the ticket and customer
     * @param identity where the message came from
     * @param name the sender's display name
     * @param language the language
     * @param channel the channel
     * @param subject the subject
     * @param body the message
     */
    protected void inbound(String key, ChannelIdentity identity, String name, String language, Channel channel,
            String subject, String body) {
        // as a channel adapter does: the desk resolves the customer and writes the message as them
        Received r = desk.receive(gateway, new InboundMessage(channel, ofThisDay(identity), name, body, List.of(),
            "demo-" + dayNumber + "-" + key, null, subject, language));
        customers.put(key, r.customer());
        tickets.put(key, r.ticket().id());
    }

    /**
     * Writes a public reply and prints it; a customer's reply to a closed ticket goes to the follow-up it opens.
     *
     * @param who the writer
     * @param key the ticket's short name
     * @param body the text
     * @return the stored message (its ticket is where it went)
     */
    protected Message reply(Principal who, String key, String body) {
        Message m = desk.reply(who, tickets.get(key), body);
        String from = who.agentId().map(a -> desk.agent(sato, a).name() + " → 顧客").orElse("顧客 → 窓口");
        say("#" + desk.ticket(sato, m.ticketId()).number() + " " + from + ": " + body);
        return m;
    }

    /** @param key a ticket's short name @return its requester as a customer principal */
    protected Principal customer(String key) {
        return Principal.customer(tenant, desk.ticket(sato, tickets.get(key)).requester());
    }

    /** @param key a ticket's short name @return its number */
    protected long number(String key) {
        return desk.ticket(sato, tickets.get(key)).number();
    }

    /** @param line one line of the account, prefixed with the simulated time */
    protected void say(String line) {
        out.println(HHMM.format(clock.instant().atZone(ZONE)) + "  " + line);
    }

    /** @param e an event announced by the desk */
    protected void onEvent(DeskEvent e) {
        events.add(e);
        if (e instanceof TicketCreated c) {
            Ticket t = c.ticket();
            say("#" + t.number() + " 新規 [" + t.channel() + "] 「" + t.subject() + "」 (" + t.language() + ")");
        } else if (e instanceof Assigned a && a.to() != null) {
            say("   ↳ #" + a.ticket().number() + " 担当: " + a.to() + (a.automatic() ? " (自動: "
                    + a.strategy() + ")" : " (手動)"));
        } else if (e instanceof StatusChanged s) {
            say("   ↳ #" + s.ticket().number() + " ステータス " + s.from().label() + " → " + s.to().label());
        } else if (e instanceof ComplaintChanged c && c.complaint()) {
            say("   ↳ #" + c.ticket().number() + " クレームとしてフラグ (complaint)");
        } else if (e instanceof PriorityChanged p) {
            say("   ↳ #" + p.ticket().number() + " 優先度 " + p.from().label() + " → " + p.to().label());
        } else if (e instanceof TagsChanged t) {
            say("   ↳ #" + t.ticket().number() + " タグ" + (t.added().isEmpty() ? "" : " +" + new TreeSet<>(t.added()))
                + (t.removed().isEmpty() ? "" : " -" + new TreeSet<>(t.removed())));
        } else if (e instanceof TicketLinked l) {
            say("   ↳ #" + l.ticket().number() + " リンク " + l.link().type().label() + " #"
                + desk.ticket(sato, l.link().other()).number());
        } else if (e instanceof CustomerMerged m) {
            say("   ↳ 顧客統合 " + desk.customer(sato, m.merged()).name() + " → " + desk.customer(sato, m.survivor()).name()
                + "、移動したチケット " + m.movedTickets().size() + " 件");
        }
    }

    /**
     * Prints what the account above shows, counted: tickets by status, channel and priority, complaints, the bot, SLA,
     * feedback.
     */
    protected void summary() {
        List<Ticket> all = desk.query(admin, TicketQuery.builder().limit(TicketQuery.MAX_LIMIT).build()).tickets();
        out.println("=== 集計 / summary ===");
        out.println("tickets: " + all.size());
        out.println("by status:   " + count(all, t -> t.status().label()));
        out.println("by channel:  " + count(all, t -> t.channel().name()));
        out.println("by priority: " + count(all, t -> t.priority().label()));
        out.println("complaints (クレーム): " + all.stream().filter(Ticket::complaint).count());
        out.println("self-service: deflected " + count(all, t -> t.hasTag(SelfServiceBot.TAG_DEFLECTED) ? "yes" : "no")
            .getOrDefault("yes", 0) + ", handed over " + count(all, t -> t.hasTag(SelfServiceBot.TAG_HANDOVER)
            ? "yes" : "no").getOrDefault("yes", 0));
        List<SlaDue> stillBreached = sla.breached();
        out.println("SLA: " + breaches.size() + " breaches today " + breaches + ", still in breach "
            + stillBreached.stream().map(b -> "#" + desk.ticket(sato, b.ticket()).number() + ":"
            + metricName(b.metric())).toList());
        FeedbackSummary f = FeedbackStats.summarize(surveys.scores(tenant));
        out.println("CSAT: n=" + f.csat().n() + ", satisfied " + pct(f.csat().satisfiedPercent()) + ", mean "
            + num(f.csat().mean()));
        // the margin of error is given only when n is large enough to mean something
        Double margin = f.nps().marginOfError();
        out.println("NPS:  n=" + f.nps().n() + ", score " + num(f.nps().score())
            + (margin == null ? " (too few answers for a margin of error)" : " ± " + num(margin)));
        out.println("CSAT by channel: " + new TreeMap<>(FeedbackStats.byChannel(surveys.scores(tenant)))
            .entrySet().stream()
            .map(e -> e.getKey() + "=" + pct(e.getValue().csat().satisfiedPercent())).toList());
    }

    private static Map<String, Integer> count(List<Ticket> all, java.util.function.Function<Ticket, String> key) {
        Map<String, Integer> m = new TreeMap<>();
        for (Ticket t : all) {
            m.merge(key.apply(t), 1, Integer::sum);
        }
        return m;
    }

    private static String metricName(SlaMetric m) {
        return switch (m) {
            case FIRST_REPLY_TIME -> "初回返信";
            case NEXT_REPLY_TIME -> "次回返信";
            case PERIODIC_UPDATE -> "定期更新";
            case REQUESTER_WAIT_TIME -> "顧客待ち時間";
            case AGENT_WORK_TIME -> "作業時間";
            case TOTAL_RESOLUTION_TIME -> "解決";
        };
    }

    private static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.0f%%", v);
    }

    private static String num(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String firstLine(String s) {
        String[] lines = s.split("\n");
        return lines.length > 1 ? lines[1] : lines[0];
    }

    /**
     * Where {@link #writeReports} wrote.
     *
     * @param eventLog the desk's event log as JSON lines ({@code support-metrics/EVENTS.md})
     * @param events how many events it holds
     * @param dashboard the KPI dashboard of that log, self-contained HTML
     */
    public record Reports(Path eventLog, long events, Path dashboard) {
    }

    /**
     * Exports the desk's event log (every day the desk has run) to {@code dir/events.jsonl} and writes the KPI
     * dashboard of what that file holds, read back as {@code madoguchi report} reads it, to {@code dir/dashboard.html};
     * the backlog by age on it is counted by the store. Call after {@link #run()}.
     *
     * @param dir the directory, created if missing
     * @return the two files
     * @throws IOException if a file cannot be written or read back
     */
    public Reports writeReports(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path log = dir.resolve("events.jsonl");
        EventJson.ExportResult exported;
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            exported = EventJson.export(deskStore.eventLog(), 0, w);
        }
        KpiEngine kpis = KpiEngine.builder().zone(ZONE).calendar(hours).byAgent(true).build();
        try (Reader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            kpis.backfill(EventJson.readAll(r));
        }
        List<LocalDate> days = kpis.periods(Granularity.DAY);
        LocalDate first = days.isEmpty() ? day : days.get(0);
        LocalDate last = days.isEmpty() ? day : days.get(days.size() - 1);
        Path html = dir.resolve("dashboard.html");
        try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            KpiDashboard.write(kpis, first, last, new Backlog(desk, clock).byAge(admin), w);
        }
        return new Reports(log, exported.written(), html);
    }

    /** @return the events announced so far, in order */
    public List<DeskEvent> events() {
        return List.copyOf(events);
    }

    /** @return the simulated clock's current time */
    public Instant now() {
        return clock.instant();
    }
}
