package io.madoguchi.examples.serve;

import static io.madoguchi.examples.serve.Exchanges.html;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.MadoguchiException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketSort;
import io.madoguchi.core.ticket.TicketStatus;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent inbox under {@code /inbox}: a login, the ticket list with filters (status, channel, text), one ticket's
 * conversation with internal notes, and forms to reply, add a note and change the status. Server-rendered HTML
 * without scripts; every POST carries the session's CSRF token and, when the browser sends one, a same-origin
 * {@code Origin}; the session cookie is HttpOnly and SameSite=Strict.
 */
final class AgentInbox implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AgentInbox.class);
    private static final int MAX_FORM_BYTES = 64 * 1024;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("M/d HH:mm");
    private static final List<TicketStatus> UNSOLVED = List.of(TicketStatus.NEW, TicketStatus.OPEN,
        TicketStatus.PENDING, TicketStatus.ON_HOLD);
    private static final Map<TicketStatus, String> STATUS_JA = Map.of(TicketStatus.NEW, "新規", TicketStatus.OPEN,
        "対応中", TicketStatus.PENDING, "保留（お客様待ち）", TicketStatus.ON_HOLD, "保留（外部待ち）", TicketStatus.SOLVED,
        "解決済み", TicketStatus.CLOSED, "完了");
    private static final List<Channel> CHANNELS = List.of(Channel.WEB_CHAT, Channel.LINE, Channel.SLACK,
        Channel.EMAIL, Channel.SMS, Channel.PHONE, Channel.WEB);

    private final SupportDesk desk;
    private final TenantId tenant;
    private final InboxSessions sessions;
    private final ZoneId zone;

    AgentInbox(SupportDesk desk, TenantId tenant, InboxSessions sessions, ZoneId zone) {
        this.desk = desk;
        this.tenant = tenant;
        this.sessions = sessions;
        this.zone = zone;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            route(ex);
        } catch (IOException e) {
            throw e;
        } catch (Exchanges.MalformedParameterException e) {
            Exchanges.send(ex, 400, "text/plain; charset=utf-8", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("inbox request failed: {}", e.getClass().getSimpleName(), e);
            Exchanges.send(ex, 500, "text/plain; charset=utf-8", "internal error");
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        InboxSessions.Session s = sessions.session(ex.getRequestHeaders().getFirst("Cookie"));
        ex.getResponseHeaders().add("Set-Cookie", InboxSessions.setCookie(s));
        ex.getResponseHeaders().set("Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("Referrer-Policy", "same-origin");
        Map<String, String> form = Map.of();
        if (method.equals("POST")) {
            form = Exchanges.form(ex, MAX_FORM_BYTES);
            String origin = ex.getRequestHeaders().getFirst("Origin");
            String host = ex.getRequestHeaders().getFirst("Host");
            if (!InboxSessions.csrfMatches(s, form.get("csrf"))
                || origin != null && !origin.equals("null") && !origin.equals("http://" + host)) {
                Exchanges.send(ex, 403, "text/plain; charset=utf-8", "CSRF check failed: reload the page");
                return;
            }
        }
        if (path.equals("/inbox/login")) {
            if (method.equals("POST")) {
                login(ex, s, form);
            } else {
                page(ex, 200, "ログイン / Sign in", null, s, loginForm(s, null));
            }
            return;
        }
        if (s.agent() == null) {
            Exchanges.redirect(ex, "/inbox/login");
            return;
        }
        Principal agent = Principal.agent(tenant, AgentId.of(s.agent()));
        if (path.equals("/inbox/logout") && method.equals("POST")) {
            sessions.logout(s);
            Exchanges.redirect(ex, "/inbox/login");
        } else if ((path.equals("/inbox") || path.equals("/inbox/")) && method.equals("GET")) {
            list(ex, s, agent);
        } else if (path.startsWith("/inbox/tickets/")) {
            String[] parts = path.substring("/inbox/tickets/".length()).split("/");
            TicketId id;
            try {
                id = TicketId.of(java.net.URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
            } catch (MadoguchiException | IllegalArgumentException e) {
                page(ex, 404, "見つかりません", s.agent(), s, "<p>そのチケットはありません。</p>");
                return;
            }
            if (parts.length == 1 && method.equals("GET")) {
                ticket(ex, s, agent, id, null);
            } else if (parts.length == 2 && method.equals("POST")) {
                act(ex, s, agent, id, parts[1], form);
            } else {
                page(ex, 404, "見つかりません", s.agent(), s, "<p>ページがありません。</p>");
            }
        } else {
            page(ex, 404, "見つかりません", s.agent(), s, "<p>ページがありません。</p>");
        }
    }

    private void login(HttpExchange ex, InboxSessions.Session s, Map<String, String> form) throws IOException {
        String agent = form.getOrDefault("agent", "").strip();
        var result = sessions.login(s, agent, form.getOrDefault("password", ""));
        switch (result.getKey()) {
            case OK -> {
                ex.getResponseHeaders().remove("Set-Cookie");
                ex.getResponseHeaders().add("Set-Cookie", InboxSessions.setCookie(result.getValue()));
                Exchanges.redirect(ex, "/inbox");
            }
            case THROTTLED -> page(ex, 429, "ログイン / Sign in", null, s,
                loginForm(s, "失敗が多すぎます。1 分後にお試しください。/ Too many attempts; try again in a minute."));
            default -> page(ex, 401, "ログイン / Sign in", null, s,
                loginForm(s, "ID またはパスワードが違います。/ Wrong id or password."));
        }
    }

    private static String loginForm(InboxSessions.Session s, @Nullable String error) {
        return (error == null ? "" : "<p class=\"error\" id=\"error\">" + html(error) + "</p>")
            + "<form method=\"post\" action=\"/inbox/login\" class=\"login\">"
            + csrf(s)
            + "<label>担当者 ID / Agent id<input id=\"agent\" name=\"agent\" autocomplete=\"username\" required></label>"
            + "<label>パスワード / Password<input id=\"password\" name=\"password\" type=\"password\" "
            + "autocomplete=\"current-password\" required></label>"
            + "<button id=\"login\" type=\"submit\">ログイン / Sign in</button></form>";
    }

    private void list(HttpExchange ex, InboxSessions.Session s, Principal agent) throws IOException {
        Map<String, String> q = Exchanges.query(ex);
        String status = q.getOrDefault("status", "unsolved");
        String channel = q.getOrDefault("channel", "");
        String text = q.getOrDefault("q", "").strip();
        TicketQuery.Builder b = TicketQuery.builder().sort(TicketSort.UPDATED, true).limit(50);
        if (status.equals("unsolved")) {
            b.status(UNSOLVED.toArray(TicketStatus[]::new));
        } else {
            parseStatus(status).ifPresent(b::status);
        }
        if (!channel.isEmpty()) {
            try {
                b.channel(Channel.of(channel));
            } catch (ValidationException e) {
                channel = "";
            }
        }
        if (!text.isEmpty()) {
            b.text(text.length() > 200 ? text.substring(0, 200) : text);
        }
        String cursor = q.getOrDefault("cursor", "");
        if (!cursor.isEmpty()) {
            b.cursor(cursor);
        }
        TicketPage page;
        try {
            page = desk.query(agent, b.build());
        } catch (ValidationException e) {
            page = desk.query(agent, b.cursor("").build());
        }
        StringBuilder h = new StringBuilder();
        h.append("<form method=\"get\" action=\"/inbox\" class=\"filters\">")
            .append("<label>状態 / Status <select name=\"status\" id=\"filter-status\">")
            .append(option("unsolved", "未解決 / unsolved", status)).append(option("all", "すべて / all", status));
        for (TicketStatus st : TicketStatus.values()) {
            h.append(option(st.label(), STATUS_JA.get(st) + " / " + st.label(), status));
        }
        h.append("</select></label><label>チャネル / Channel <select name=\"channel\" id=\"filter-channel\">")
            .append(option("", "すべて / all", channel));
        for (Channel c : CHANNELS) {
            h.append(option(c.name(), c.name(), channel));
        }
        h.append("</select></label><label>検索 / Search <input name=\"q\" id=\"filter-q\" value=\"")
            .append(html(text)).append("\"></label><button type=\"submit\">絞り込む / Filter</button></form>");
        if (page.tickets().isEmpty()) {
            h.append("<p class=\"empty\">該当するチケットはありません。/ No tickets match.</p>");
        } else {
            h.append("<table class=\"tickets\"><thead><tr><th>#</th><th>件名 / Subject</th><th>状態 / Status</th>")
                .append("<th>チャネル</th><th>お客様 / Customer</th><th>更新 / Updated</th></tr></thead><tbody>");
            for (Ticket t : page.tickets()) {
                h.append("<tr><td>").append(t.number()).append("</td><td><a class=\"ticket-link\" href=\"")
                    .append(ticketUrl(t.id())).append("\">").append(html(t.subject())).append("</a>")
                    .append(t.tags().isEmpty() ? "" : " <span class=\"tags\">" + html(String.join(", ", t.tags()))
                        + "</span>")
                    .append("</td><td><span class=\"status s-").append(t.status().label()).append("\">")
                    .append(STATUS_JA.get(t.status())).append("</span></td><td>").append(html(t.channel().name()))
                    .append("</td><td>").append(html(customerName(agent, t))).append("</td><td>")
                    .append(TIME.format(t.updatedAt().atZone(zone))).append("</td></tr>");
            }
            h.append("</tbody></table>");
            if (!page.nextCursor().isEmpty()) {
                h.append("<p><a href=\"/inbox?status=").append(enc(status)).append("&channel=").append(enc(channel))
                    .append("&q=").append(enc(text)).append("&cursor=").append(enc(page.nextCursor()))
                    .append("\">次へ / Next</a></p>");
            }
        }
        page(ex, 200, "受信箱 / Inbox", s.agent(), s, h.toString());
    }

    private void ticket(HttpExchange ex, InboxSessions.Session s, Principal agent, TicketId id, @Nullable String error)
        throws IOException {
        Ticket t;
        List<Message> messages;
        try {
            t = desk.ticket(agent, id);
            messages = desk.messages(agent, id);
        } catch (NotFoundException e) {
            page(ex, 404, "見つかりません", s.agent(), s, "<p>そのチケットはありません。</p>");
            return;
        }
        StringBuilder h = new StringBuilder();
        h.append("<p><a href=\"/inbox\">← 受信箱 / Inbox</a></p>");
        if (error != null) {
            h.append("<p class=\"error\" id=\"error\">").append(html(error)).append("</p>");
        }
        h.append("<h2 id=\"ticket-title\">#").append(t.number()).append(' ').append(html(t.subject())).append("</h2>")
            .append("<dl class=\"meta\"><dt>状態</dt><dd id=\"ticket-status\">").append(STATUS_JA.get(t.status()))
            .append(" (").append(t.status().label()).append(")</dd><dt>チャネル</dt><dd>")
            .append(html(t.channel().name())).append("</dd><dt>お客様</dt><dd>").append(html(customerName(agent, t)))
            .append("</dd><dt>優先度</dt><dd>").append(html(t.priority().name().toLowerCase(Locale.ROOT)))
            .append("</dd><dt>担当</dt><dd>").append(t.assignee() == null ? "—" : html(t.assignee().value()))
            .append("</dd><dt>タグ</dt><dd>").append(t.tags().isEmpty() ? "—" : html(String.join(", ", t.tags())))
            .append("</dd></dl><ol class=\"conversation\" id=\"conversation\">");
        for (Message m : messages) {
            String kind = m.authorKind().name().toLowerCase(Locale.ROOT);
            h.append("<li class=\"msg ").append(kind).append(m.isInternal() ? " internal" : "").append("\">")
                .append("<div class=\"who\">").append(author(m)).append(m.isInternal() ? " · 社内メモ / internal note" : "")
                .append(" · ").append(TIME.format(m.createdAt().atZone(zone))).append("</div><div class=\"body\">")
                .append(html(m.body())).append("</div></li>");
        }
        h.append("</ol>");
        String base = ticketUrl(t.id());
        if (t.status() != TicketStatus.CLOSED) {
            h.append("<div class=\"forms\"><form method=\"post\" action=\"").append(base).append("/reply\">")
                .append(csrf(s)).append("<label>返信 / Reply to the customer<textarea id=\"reply-text\" name=\"text\" ")
                .append("rows=\"4\" maxlength=\"10000\" required></textarea></label>")
                .append("<button id=\"reply-send\" type=\"submit\">返信する / Send reply</button></form>")
                .append("<form method=\"post\" action=\"").append(base).append("/note\">").append(csrf(s))
                .append("<label>社内メモ / Internal note<textarea id=\"note-text\" name=\"text\" rows=\"2\" ")
                .append("maxlength=\"10000\" required></textarea></label>")
                .append("<button id=\"note-add\" type=\"submit\" class=\"secondary\">メモを追加 / Add note</button></form>")
                .append("<form method=\"post\" action=\"").append(base).append("/status\" class=\"inline\">")
                .append(csrf(s)).append("<label>状態を変更 / Change status <select id=\"status\" name=\"status\">");
            for (TicketStatus st : TicketStatus.values()) {
                h.append(option(st.label(), STATUS_JA.get(st) + " / " + st.label(), t.status().label()));
            }
            h.append("</select></label><button id=\"status-change\" type=\"submit\" class=\"secondary\">変更 / Change")
                .append("</button></form></div>");
        }
        page(ex, error == null ? 200 : 409, "#" + t.number() + " " + t.subject(), s.agent(), s, h.toString());
    }

    private void act(HttpExchange ex, InboxSessions.Session s, Principal agent, TicketId id, String action,
                     Map<String, String> form) throws IOException {
        String text = form.getOrDefault("text", "").replace("\r\n", "\n").strip();
        try {
            switch (action) {
                case "reply" -> desk.reply(agent, id, text);
                case "note" -> desk.addNote(agent, id, text);
                case "status" -> {
                    Optional<TicketStatus> st = parseStatus(form.getOrDefault("status", ""));
                    if (st.isEmpty()) {
                        ticket(ex, s, agent, id, "不明な状態です / unknown status");
                        return;
                    }
                    if (st.get() != desk.ticket(agent, id).status()) {
                        desk.changeStatus(agent, id, st.get());
                    }
                }
                default -> {
                    page(ex, 404, "見つかりません", s.agent(), s, "<p>ページがありません。</p>");
                    return;
                }
            }
        } catch (NotFoundException e) {
            page(ex, 404, "見つかりません", s.agent(), s, "<p>そのチケットはありません。</p>");
            return;
        } catch (MadoguchiException e) {
            ticket(ex, s, agent, id, e.getMessage());
            return;
        }
        Exchanges.redirect(ex, ticketUrl(id));
    }

    private String customerName(Principal agent, Ticket t) {
        try {
            Customer c = desk.customer(agent, t.requester());
            return c.name();
        } catch (NotFoundException e) {
            return t.requester().value();
        }
    }

    private static String author(Message m) {
        return switch (m.authorKind()) {
            case CUSTOMER -> "お客様 / customer";
            case BOT -> "自動応答 / bot";
            case SYSTEM -> "システム / system";
            case AGENT -> "担当 " + html(m.authorId());
        };
    }

    private static Optional<TicketStatus> parseStatus(String label) {
        for (TicketStatus st : TicketStatus.values()) {
            if (st.label().equals(label)) {
                return Optional.of(st);
            }
        }
        return Optional.empty();
    }

    private static String option(String value, String label, String selected) {
        return "<option value=\"" + html(value) + "\"" + (value.equals(selected) ? " selected" : "") + ">"
            + html(label) + "</option>";
    }

    private static String csrf(InboxSessions.Session s) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + html(s.csrf()) + "\">";
    }

    private static String ticketUrl(TicketId id) {
        return "/inbox/tickets/" + enc(id.value());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void page(HttpExchange ex, int status, String title, @Nullable String agent,
                             InboxSessions.Session s, String body) throws IOException {
        String who = agent == null ? "" : "<form method=\"post\" action=\"/inbox/logout\" class=\"who\">"
            + "<span id=\"signed-in\">" + html(agent) + "</span>" + csrf(s)
            + "<button type=\"submit\" class=\"link\">ログアウト / Sign out</button></form>";
        String doc = "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + html(title)
            + " · 窓口 Madoguchi</title><style>" + CSS + "</style></head><body><header><h1>窓口 受信箱 "
            + "<small>Madoguchi inbox</small></h1>" + who + "</header><main>" + body + "</main></body></html>";
        Exchanges.send(ex, status, "text/html; charset=utf-8", doc);
    }

    private static final String CSS = """
        *{box-sizing:border-box}body{margin:0;font:15px/1.6 system-ui,"Hiragino Sans","Noto Sans JP","IPAGothic",\
        sans-serif;color:#1f2933;background:#f5f7fa}header{display:flex;justify-content:space-between;\
        align-items:center;background:#102a43;color:#fff;padding:10px 24px}header h1{font-size:18px;margin:0}\
        header small{font-weight:normal;opacity:.7;margin-left:6px}.who{display:flex;gap:12px;align-items:center}\
        .who button.link{background:none;border:0;color:#bcccdc;cursor:pointer;font:inherit;text-decoration:underline}\
        main{max-width:1000px;margin:24px auto;padding:0 24px}a{color:#1d4ed8}\
        .filters{display:flex;flex-wrap:wrap;gap:12px;align-items:end;margin-bottom:16px}\
        label{display:flex;flex-direction:column;gap:4px;font-size:13px;color:#52606d}\
        .filters label{flex-direction:row;align-items:center;gap:6px}\
        input,select,textarea{font:inherit;padding:6px 8px;border:1px solid #cbd2d9;border-radius:6px;color:#1f2933}\
        button{font:inherit;padding:6px 16px;border:0;border-radius:6px;background:#1d4ed8;color:#fff;cursor:pointer}\
        button.secondary{background:#52606d}table{width:100%;border-collapse:collapse;background:#fff;\
        border:1px solid #e4e7eb}th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #e4e7eb}\
        th{font-size:13px;color:#52606d;background:#f0f4f8}.tags{font-size:12px;color:#7b8794}\
        .status{display:inline-block;font-size:12px;padding:1px 8px;border-radius:10px;background:#e4e7eb}\
        .s-new{background:#fde68a}.s-open{background:#fecaca}.s-pending{background:#bfdbfe}\
        .s-solved{background:#bbf7d0}\
        .meta{display:grid;grid-template-columns:max-content 1fr max-content 1fr max-content 1fr;gap:4px 12px;\
        background:#fff;border:1px solid #e4e7eb;border-radius:8px;padding:10px 14px}.meta dt{color:#52606d}\
        .meta dd{margin:0}.conversation{list-style:none;padding:0;margin:16px 0}.msg{background:#fff;\
        border:1px solid #e4e7eb;border-radius:8px;padding:8px 12px;margin-bottom:8px;max-width:80%}\
        .msg.agent,.msg.bot{margin-left:auto;background:#eff6ff;border-color:#bfdbfe}\
        .msg.internal{background:#fffbeb;border:1px dashed #f59e0b;margin-left:auto}\
        .who{font-size:12px;color:#7b8794}.msg .who{display:block}.body{white-space:pre-wrap;overflow-wrap:anywhere}\
        .forms{display:grid;gap:12px}.forms form{display:flex;flex-direction:column;gap:6px}\
        .forms form button{align-self:flex-start}\
        .forms form.inline{flex-direction:row;align-items:end;gap:8px}.error{background:#fee2e2;color:#991b1b;\
        padding:8px 12px;border-radius:6px}.login{display:flex;flex-direction:column;gap:12px;max-width:320px;\
        background:#fff;padding:20px;border:1px solid #e4e7eb;border-radius:8px}.empty{color:#7b8794}
        """;
}
