package io.madoguchi.examples.demo;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentStrategy;
import io.madoguchi.core.agent.Skills;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.Assigned;
import io.madoguchi.core.event.ComplaintChanged;
import io.madoguchi.core.event.CustomerMerged;
import io.madoguchi.core.event.PriorityChanged;
import io.madoguchi.core.event.TagsChanged;
import io.madoguchi.core.event.TicketLinked;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.ticket.ChangePriority;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A day at the support desk of a Japanese online shop, on the in-memory desk and a simulated clock: customers write
 * in by email, LINE, web chat and phone, in Japanese and English; tickets are routed by skills, answered (also with
 * a macro), put on hold or pending, solved, reopened by a customer reply; a complaint (クレーム) is escalated; two
 * customers turn out to be one and are merged. Prints a timestamped account and a summary.
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

    /** The shop. */
    protected final TenantId tenant = TenantId.of("madoguchi-shop");
    /** The simulated clock, starting at 08:55 JST. */
    protected final SimulatedClock clock = new SimulatedClock(DAY.atTime(8, 55).atZone(ZONE).toInstant(), ZONE);
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

    /** @param out where the account is printed */
    public DemoDay(PrintWriter out) {
        this.out = requireNonNull(out, "out");
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
        s.add(new Step(LocalTime.of(9, 0), "窓口オープン / desk opens", DemoDay::open));
        s.add(new Step(LocalTime.of(9, 3), "メール着信 / email arrives", d -> d.inbound("delivery", ChannelIdentity.email("tanaka@example.jp"),
            "田中 太郎", "ja", Channel.EMAIL, "注文した商品が届きません", "11月20日に注文した加湿器（注文番号 A-1024）がまだ届きません。")));
        s.add(new Step(LocalTime.of(9, 10), "LINE メッセージ / LINE message", d -> d.inbound("points", ChannelIdentity.line("U4af4980629"),
            "やまだ はなこ", "ja", Channel.LINE, "ポイントが反映されていません", "先週の購入分のポイントがまだ付いていません。")));
        s.add(new Step(LocalTime.of(9, 15), "Web chat (English)", d -> d.inbound("password", ChannelIdentity.chatVisitor("v-93e1"),
            "Emma Wilson", "en", Channel.WEB_CHAT, "Cannot reset my password", "The reset link in the email says it has expired.")));
        s.add(new Step(LocalTime.of(9, 20), "電話受付 / phone call", d -> d.inbound("billing", ChannelIdentity.phone("090-1234-5678"),
            "タナカ（電話）", "ja", Channel.PHONE, "請求金額が二重になっている", "電話: カードの明細に同じ注文が二回請求されているとのこと。")));
        s.add(new Step(LocalTime.of(9, 25), "佐藤がマクロで一次回答 / first answer with a macro", d -> {
            Message m = d.desk.applyMacro(d.sato, d.tickets.get("delivery"), "ask-order-details");
            d.say("#" + d.number("delivery") + " 佐藤 → 顧客: " + firstLine(m.body()) + " …");
        }));
        s.add(new Step(LocalTime.of(9, 40), "Emily answers and solves", d -> {
            d.reply(d.emily, "password", "I have sent you a new reset link; it is valid for 24 hours.");
            d.desk.changeStatus(d.emily, d.tickets.get("password"), TicketStatus.SOLVED);
        }));
        s.add(new Step(LocalTime.of(10, 5), "田中さんから返信 / customer replies", d -> d.reply(d.customer("delivery"), "delivery",
            "注文番号は A-1024、お届け先は東京都中野区です。")));
        s.add(new Step(LocalTime.of(10, 30), "Customer reopens by replying", d -> d.reply(d.customer("password"), "password",
            "The new link does not work either.")));
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
            Customer survivor = d.desk.mergeCustomers(d.sato, d.customers.get("delivery").id(), d.customers.get("billing").id());
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
        s.add(new Step(LocalTime.of(16, 0), "解決済みをクローズ / close solved", d -> d.desk.changeStatus(d.sato, d.tickets.get("points"), TicketStatus.CLOSED)));
        s.add(new Step(LocalTime.of(17, 0), "クローズ後の返信 → フォローアップ / reply after close", d -> {
            Message m = d.desk.reply(d.customer("points"), d.tickets.get("points"), "ありがとうございます。別の注文のポイントも確認できますか？");
            d.tickets.put("points-follow-up", m.ticketId());
        }));
        return s;
    }

    /**
     * Runs the day and prints the account and the summary.
     *
     * @return the desk, for inspection
     */
    public SupportDesk run() {
        SupportDesk.Builder b = SupportDesk.builder().clock(clock);
        configure(b);
        desk = b.build();
        gateway = desk.system(tenant, "channel-gateway");
        out.println("=== 窓口 Madoguchi デモ: " + DAY + " (" + ZONE + ") ===");
        List<Step> steps = new ArrayList<>(steps());
        steps.sort((x, y) -> x.at().compareTo(y.at()));
        for (Step step : steps) {
            clock.setTo(DAY.atTime(step.at()).atZone(ZONE).toInstant());
            say("── " + step.title());
            step.action().accept(this);
        }
        summary();
        out.flush();
        return desk;
    }

    /** Sets up agents and macros (the 09:00 step). */
    protected void open() {
        desk.saveAgent(admin, Agent.of(tenant, AgentId.of("sato"), "佐藤")
            .withSkills(Skills.language("ja"), Skills.channel(Channel.EMAIL), Skills.channel(Channel.LINE), Skills.channel(Channel.PHONE), Skills.channel(Channel.WEB_CHAT)));
        desk.saveAgent(admin, Agent.of(tenant, AgentId.of("suzuki"), "鈴木").withCapacity(5)
            .withSkills(Skills.language("ja"), Skills.channel(Channel.EMAIL)));
        desk.saveAgent(admin, Agent.of(tenant, AgentId.of("emily"), "Emily")
            .withSkills(Skills.language("en"), Skills.channel(Channel.EMAIL), Skills.channel(Channel.WEB_CHAT)));
        desk.saveMacro(admin, Macro.reply(tenant, "ask-order-details", "注文情報の確認", Map.of(
            "ja", "{customer.name} 様\nお問い合わせありがとうございます（#{ticket.number}）。注文番号とお届け先をお知らせください。\n{agent.name}",
            "en", "Dear {customer.name},\nthank you for contacting us (#{ticket.number}). Please tell us your order number.\n{agent.name}"))
            .thenStatus(TicketStatus.PENDING));
        desk.saveMacro(admin, Macro.reply(tenant, "shipping-done", "発送済みのご案内", Map.of(
            "ja", "{customer.name} 様\nご注文の商品は本日発送いたしました。#{ticket.number} はこれで解決とさせていただきます。\n{agent.name}",
            "en", "Dear {customer.name},\nyour order shipped today. We consider #{ticket.number} solved.\n{agent.name}"))
            .thenStatus(TicketStatus.SOLVED).thenTags("発送済み"));
        say("担当者 3 名（佐藤・鈴木・Emily）、マクロ 2 件、スキルルーティング");
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
    protected void inbound(String key, ChannelIdentity identity, String name, String language, Channel channel, String subject, String body) {
        Customer c = desk.findCustomer(gateway, identity)
            .orElseGet(() -> desk.createCustomer(gateway, new NewCustomer(name, List.of(identity), null, language)));
        customers.put(key, c);
        Ticket t = desk.createTicket(gateway, CreateTicket.builder(c.id(), channel, subject, body).language(language).build());
        tickets.put(key, t.id());
    }

    /**
     * @param who the writer
     * @param key the ticket's short name
     * @param body the text
     */
    protected void reply(Principal who, String key, String body) {
        Message m = desk.reply(who, tickets.get(key), body);
        String from = who.agentId().map(a -> desk.agent(sato, a).name() + " → 顧客").orElse("顧客 → 窓口");
        say("#" + desk.ticket(sato, m.ticketId()).number() + " " + from + ": " + body);
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
            say("   ↳ #" + a.ticket().number() + " 担当: " + a.to() + (a.automatic() ? " (自動: " + a.strategy() + ")" : " (手動)"));
        } else if (e instanceof StatusChanged s) {
            say("   ↳ #" + s.ticket().number() + " ステータス " + s.from().label() + " → " + s.to().label());
        } else if (e instanceof ComplaintChanged c && c.complaint()) {
            say("   ↳ #" + c.ticket().number() + " クレームとしてフラグ (complaint)");
        } else if (e instanceof PriorityChanged p) {
            say("   ↳ #" + p.ticket().number() + " 優先度 " + p.from().label() + " → " + p.to().label());
        } else if (e instanceof TagsChanged t) {
            say("   ↳ #" + t.ticket().number() + " タグ +" + t.added());
        } else if (e instanceof TicketLinked l) {
            say("   ↳ #" + l.ticket().number() + " リンク " + l.link().type().label() + " " + l.link().other());
        } else if (e instanceof CustomerMerged m) {
            say("   ↳ 顧客統合 " + m.merged() + " → " + m.survivor() + "、移動したチケット " + m.movedTickets().size() + " 件");
        }
    }

    /** Prints counts by status, channel and priority, complaints and the number of events. */
    protected void summary() {
        List<Ticket> all = desk.query(admin, TicketQuery.builder().limit(TicketQuery.MAX_LIMIT).build()).tickets();
        out.println("=== 集計 / summary ===");
        out.println("tickets: " + all.size());
        out.println("by status:   " + count(all, t -> t.status().label()));
        out.println("by channel:  " + count(all, t -> t.channel().name()));
        out.println("by priority: " + count(all, t -> t.priority().label()));
        out.println("complaints (クレーム): " + all.stream().filter(Ticket::complaint).count());
        out.println("events: " + events.size());
    }

    private static Map<String, Integer> count(List<Ticket> all, java.util.function.Function<Ticket, String> key) {
        Map<String, Integer> m = new TreeMap<>();
        for (Ticket t : all) {
            m.merge(key.apply(t), 1, Integer::sum);
        }
        return m;
    }

    private static String firstLine(String s) {
        String[] lines = s.split("\n");
        return lines.length > 1 ? lines[1] : lines[0];
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
