package io.madoguchi.channels.webchat;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.WebhookResponse;
import io.madoguchi.channels.internal.Http;
import io.madoguchi.channels.internal.UrlEncoded;
import io.madoguchi.core.Channel;
import io.madoguchi.core.MadoguchiException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketSort;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web chat channel: a visitor starts a conversation and gets a signed token, sends messages (each with a client
 * message id, the idempotency key of the desk's receive step, so a retry stores one message), reads the history of
 * their own conversation by cursor, and follows new public messages over Server-Sent Events. The event ids of the
 * stream are positions in the desk's durable event log, so a stream resumed with {@code Last-Event-ID} after a
 * dropped connection misses nothing the log retains (and says {@code reset} when the log no longer has them).
 *
 * <p>Framework-neutral. The host mounts the chat under a path of its own and passes each request with the path
 * below that mount:
 *
 * <ul>
 *   <li>{@code POST /conversations} {@code {"name": "…", "lang": "ja"}} → 201 {@code {"token", "visitor"}}
 *       (an anonymous visitor; a host that has a logged-in user calls {@link #start} instead and hands the token to
 *       its page);</li>
 *   <li>{@code POST /messages} {@code {"client_id": "…", "text": "…"}} → 201 {@code {"message", "duplicate": false}}
 *       or 200 with {@code "duplicate": true} for a retry;</li>
 *   <li>{@code GET /messages?after=CURSOR&limit=N} → {@code {"messages", "next", "position"}}: the conversation
 *       from the start or after the cursor, and the log position to open the stream at;</li>
 *   <li>{@code GET /events} (header {@code Last-Event-ID} or query {@code last_event_id}) → {@link #openStream};</li>
 *   <li>{@code GET /widget.js}, {@code GET /widget.css}: the widget; {@code GET /} lists the endpoints.</li>
 * </ul>
 *
 * <p>The token travels as {@code Authorization: Bearer TOKEN}, or as the query parameter {@code token} on
 * {@code /events} (a browser's {@code EventSource} cannot set headers). A visitor reads only their own conversation
 * and never an internal note: every read runs as the visitor's customer principal. Bounded by {@link WebChatLimits}:
 * message size, body size, sends per visitor and minute, streams per visitor and in all.
 *
 * <p>Thread-safe: build one per tenant and share it.
 */
public final class WebChat {

    private static final Logger LOG = LoggerFactory.getLogger(WebChat.class);
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}");
    private static final Pattern HOST_USER = Pattern.compile("[A-Za-z0-9._@:-]{1,100}");
    private static final Pattern CURSOR = Pattern.compile("(\\d{1,18})\\.(\\d{1,9})");
    private static final int MAX_HISTORY = 200;
    private static final int MAX_TICKETS = 1_000;

    private final SupportDesk desk;
    private final EventLog eventLog;
    private final TenantId tenant;
    private final Principal system;
    private final WebChatLimits limits;
    private final Clock clock;
    private final VisitorTokens tokens;
    private final MinuteLimiter sends;
    private final MinuteLimiter starts;
    private final LogTail tail;
    private final ConcurrentHashMap<String, AtomicInteger> streamsByVisitor = new ConcurrentHashMap<>();
    private final AtomicInteger streams = new AtomicInteger();
    private final ObjectMapper json = new ObjectMapper();

    private WebChat(Builder b) {
        this.desk = b.desk;
        this.eventLog = b.eventLog;
        this.tenant = b.tenant;
        this.limits = b.limits;
        this.clock = b.clock != null ? b.clock : desk.clock();
        this.system = desk.system(tenant, "web-chat");
        this.tokens = new VisitorTokens(requireNonNull(b.secret, "secret"), tenant, clock, limits.tokenLifetime());
        this.sends = new MinuteLimiter(limits.sendsPerMinute(), limits.maxTrackedVisitors(), clock);
        this.starts = new MinuteLimiter(limits.startsPerMinute(), 1, clock);
        this.tail = new LogTail(eventLog, tenant, limits.recentEvents());
        desk.addListener(e -> tail.refresh());
    }

    /**
     * @param desk the desk the conversations live on
     * @param eventLog the desk store's event log (the streams read it)
     * @param tenant the tenant the chat belongs to
     * @return a builder; {@link Builder#secret} is required
     */
    public static Builder builder(SupportDesk desk, EventLog eventLog, TenantId tenant) {
        return new Builder(desk, eventLog, tenant);
    }

    // ------------------------------------------------------------------ Java API

    /**
     * Starts a conversation for a visitor and returns their token. With a host user id the visitor is that user
     * (the same customer on every device and after the token expires); without one a new anonymous visitor with a
     * random id is made. Nothing is stored until the visitor's first message.
     *
     * @param hostUserId the host's id of its logged-in user, or null for an anonymous visitor
     * @param displayName the name for a new customer: one line, 1 to 100 characters
     * @param language the visitor's language tag ({@code ja}, {@code en}…)
     * @return the signed visitor token
     * @throws ValidationException naming each bad argument
     */
    public String start(@Nullable String hostUserId, String displayName, String language) {
        List<io.madoguchi.core.Violation> problems = new ArrayList<>();
        if (hostUserId != null && !HOST_USER.matcher(hostUserId).matches()) {
            problems.add(new io.madoguchi.core.Violation("hostUserId",
                "must be 1-100 letters, digits or . _ @ : -"));
        }
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            problems.add(new io.madoguchi.core.Violation("name", "must be one line of 1 to 100 characters"));
        }
        if (language == null || !LANGUAGE.matcher(language).matches()) {
            problems.add(new io.madoguchi.core.Violation("lang", "must be a language tag such as ja or en-US"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        String visitor = hostUserId != null ? "u-" + hostUserId : tokens.newVisitorId();
        return tokens.issue(new VisitorTokens.Visitor(visitor, clock.instant(), language, name));
    }

    /**
     * Sends a visitor's message through the desk's receive step.
     *
     * @param token the visitor token
     * @param clientMessageId the client's id of the message (its idempotency key): 1-64 letters, digits, _ or -
     * @param text the text, at most {@link WebChatLimits#maxMessageChars()}
     * @return what the desk stored (outcome {@code DUPLICATE} for a retry)
     * @throws WebhookRejectedException 401 for a bad token, 400 for a bad id or text, 429 over the rate
     * @throws ValidationException if the desk refuses the text
     */
    public Received send(String token, String clientMessageId, String text) {
        VisitorTokens.Visitor v = tokens.verify(token);
        if (clientMessageId == null || !CLIENT_ID.matcher(clientMessageId).matches()) {
            throw WebhookRejectedException.malformed("client_id", "must be 1-64 letters, digits, _ or -");
        }
        if (text == null || text.isBlank()) {
            throw WebhookRejectedException.malformed("text", "must not be blank");
        }
        if (text.length() > limits.maxMessageChars()) {
            throw new WebhookRejectedException(413, "text",
                "is " + text.length() + " characters, more than the limit of " + limits.maxMessageChars());
        }
        String providerId = v.id() + ":" + clientMessageId;
        if (eventLog.claimed(IdempotencyKey.inbound(tenant, Channel.WEB_CHAT, providerId)).isEmpty()) {
            long wait = sends.acquire(v.id());
            if (wait > 0) {
                throw new WebhookRejectedException(429, "messages",
                    "more than " + limits.sendsPerMinute() + " a minute; retry after " + wait + " s");
            }
        }
        InboundMessage m = new InboundMessage(Channel.WEB_CHAT, ChannelIdentity.chatVisitor(v.id()), v.displayName(),
            text, List.of(), providerId, null, null, v.language());
        Received r = desk.receive(system, m);
        // streams opened before the visitor's customer existed wait under the visitor: let them find the customer
        tail.wake(LogTail.visitorKey(v.id()));
        return r;
    }

    /**
     * Opens an event stream for a visitor. Close it when the connection ends.
     *
     * @param token the visitor token
     * @param lastEventId the last event id the client saw ({@code Last-Event-ID}), or null to start at the log's
     *     current position
     * @return the stream
     * @throws WebhookRejectedException 401 for a bad token, 400 for a malformed id, 429 when the visitor or the
     *     chat holds too many streams
     */
    public ChatStream openStream(String token, @Nullable String lastEventId) {
        VisitorTokens.Visitor v = tokens.verify(token);
        long after;
        if (lastEventId == null || lastEventId.isBlank()) {
            tail.refresh();
            after = tail.position();
        } else {
            try {
                after = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                throw WebhookRejectedException.malformed("Last-Event-ID", "must be a log position (a number)");
            }
            if (after < 0) {
                throw WebhookRejectedException.malformed("Last-Event-ID", "must not be negative");
            }
        }
        if (streams.incrementAndGet() > limits.maxStreams()) {
            streams.decrementAndGet();
            throw new WebhookRejectedException(429, "streams", "the chat holds its limit of " + limits.maxStreams()
                + " streams; retry later");
        }
        AtomicInteger mine = streamsByVisitor.compute(v.id(), (k, c) -> c == null ? new AtomicInteger(1)
            : new AtomicInteger(c.incrementAndGet()));
        if (mine.get() > limits.maxStreamsPerVisitor()) {
            release(v.id());
            throw new WebhookRejectedException(429, "streams", "a visitor may hold " + limits.maxStreamsPerVisitor()
                + " streams at once");
        }
        return new ChatStream(this, v.id(), after);
    }

    /**
     * @param token the visitor token
     * @param after the cursor of the last message read, or empty for the start
     * @param limit the most messages, 1 to 200
     * @return the page
     * @throws WebhookRejectedException 401 for a bad token, 400 for a bad cursor or limit
     */
    public History history(String token, String after, int limit) {
        VisitorTokens.Visitor v = tokens.verify(token);
        if (limit < 1 || limit > MAX_HISTORY) {
            throw WebhookRejectedException.malformed("limit", "must be 1 to " + MAX_HISTORY);
        }
        long afterTicket = -1;
        int afterSeq = 0;
        if (after != null && !after.isEmpty()) {
            var m = CURSOR.matcher(after);
            if (!m.matches()) {
                throw WebhookRejectedException.malformed("after", "is not a cursor from this chat");
            }
            afterTicket = Long.parseLong(m.group(1));
            afterSeq = Integer.parseInt(m.group(2));
        }
        tail.refresh();
        long position = tail.position();
        Optional<Customer> customer = customer(v.id());
        if (customer.isEmpty()) {
            return new History(List.of(), after == null ? "" : after, position);
        }
        Principal p = Principal.customer(tenant, customer.get().id());
        List<Ticket> tickets = new ArrayList<>(desk.query(p, TicketQuery.builder().channel(Channel.WEB_CHAT)
            .sort(TicketSort.CREATED, false).limit(MAX_TICKETS).build()).tickets());
        tickets.sort(Comparator.comparingLong(Ticket::number));
        List<ChatMessage> page = new ArrayList<>();
        String next = after == null ? "" : after;
        for (Ticket t : tickets) {
            if (t.number() < afterTicket) {
                continue;
            }
            for (Message m : desk.messages(p, t.id())) {
                if (t.number() == afterTicket && m.seq() <= afterSeq) {
                    continue;
                }
                if (page.size() == limit) {
                    return new History(page, next, position);
                }
                page.add(ChatMessage.of(t.number(), m));
                next = t.number() + "." + m.seq();
            }
        }
        return new History(page, next, position);
    }

    /**
     * A page of a conversation.
     *
     * @param messages the public messages, oldest first
     * @param next the cursor to read on from (the given one if nothing was new)
     * @param position the log position the page is current to: open the stream after it
     */
    public record History(List<ChatMessage> messages, String next, long position) {
        /**
         * Copies the list.
         *
         * @param messages the public messages, oldest first
         * @param next the cursor to read on from (the given one if nothing was new)
         * @param position the log position the page is current to: open the stream after it
         */
        public History {
            messages = List.copyOf(messages);
            requireNonNull(next, "next");
        }
    }

    /**
     * One public message as the visitor sees it.
     *
     * @param id {@code TICKET/SEQ}, stable: the widget shows each id once
     * @param cursor the history cursor just after this message
     * @param author {@code customer}, {@code agent}, {@code bot} or {@code system}
     * @param text the text
     * @param at when it was written, ISO-8601
     */
    public record ChatMessage(String id, String cursor, String author, String text, String at) {
        static ChatMessage of(long ticketNumber, Message m) {
            return new ChatMessage(m.ticketId().value() + "/" + m.seq(), ticketNumber + "." + m.seq(),
                m.authorKind().name().toLowerCase(Locale.ROOT), m.body(), m.createdAt().toString());
        }

        @Override
        public String toString() {
            return "ChatMessage[" + id + " by " + author + ", " + text.length() + " chars]";
        }
    }

    // ------------------------------------------------------------------ HTTP

    /**
     * Answers one request of the chat's API (everything but {@code /events}, which {@link #openStream(WebhookRequest)}
     * answers).
     *
     * @param path the path below the host's mount, for example {@code /messages}
     * @param method the HTTP method
     * @param url the full URL with the query string
     * @param headers the headers
     * @param body the body stream (not closed); read up to {@link WebChatLimits#maxBodyBytes()}
     * @return what to answer
     */
    public WebhookResponse handle(String path, String method, String url, Map<String, List<String>> headers,
                                  InputStream body) {
        try {
            WebhookRequest request = WebhookRequest.read(method, url, headers, body,
                new io.madoguchi.channels.WebhookLimits(limits.maxBodyBytes(), 100, 32 * 1024));
            return route(path, request);
        } catch (WebhookRejectedException e) {
            return error(e.status(), e.field(), e.getMessage(), e);
        }
    }

    private WebhookResponse route(String path, WebhookRequest r) {
        try {
            String m = r.method();
            if (path.equals("/conversations") && m.equals("POST")) {
                JsonNode body = Http.readJson(r);
                if (starts.acquire("*") > 0) {
                    throw new WebhookRejectedException(429, "conversations", "too many new conversations; retry soon");
                }
                String token = start(null, text(body, "name", "ゲスト"), text(body, "lang", "ja"));
                VisitorTokens.Visitor v = tokens.verify(token);
                ObjectNode out = json.createObjectNode().put("token", token).put("visitor", v.id());
                return json(201, out);
            }
            if (path.equals("/messages") && m.equals("POST")) {
                JsonNode body = Http.readJson(r);
                Received rec = send(bearer(r), text(body, "client_id", ""), text(body, "text", ""));
                boolean duplicate = rec.outcome() == Received.Outcome.DUPLICATE;
                ObjectNode out = json.createObjectNode();
                out.set("message", node(ChatMessage.of(rec.ticket().number(), rec.message())));
                out.put("duplicate", duplicate);
                return json(duplicate ? 200 : 201, out);
            }
            if (path.equals("/messages") && m.equals("GET")) {
                Query q = new Query(r.url());
                int limit;
                try {
                    limit = Integer.parseInt(q.get("limit", "50"));
                } catch (NumberFormatException e) {
                    throw WebhookRejectedException.malformed("limit", "must be a number");
                }
                History h = history(bearer(r), q.get("after", ""), limit);
                ObjectNode out = json.createObjectNode();
                ArrayNode list = out.putArray("messages");
                h.messages().forEach(x -> list.add(node(x)));
                out.put("next", h.next()).put("position", Long.toString(h.position()));
                return json(200, out);
            }
            if ((path.isEmpty() || path.equals("/")) && m.equals("GET")) {
                ObjectNode out = json.createObjectNode();
                out.putObject("endpoints").put("start", "POST /conversations").put("send", "POST /messages")
                    .put("history", "GET /messages?after=CURSOR&limit=N").put("events", "GET /events");
                return json(200, out);
            }
            if (path.equals("/widget.js") || path.equals("/widget.css")) {
                return resource(path.substring(1));
            }
            if (path.equals("/events")) {
                throw new WebhookRejectedException(400, "path", "/events is a stream: open it with openStream");
            }
            throw new WebhookRejectedException(404, "path", "no " + m + " " + path + " in the web chat");
        } catch (WebhookRejectedException e) {
            return error(e.status(), e.field(), e.getMessage(), e);
        } catch (ValidationException e) {
            String field = e.violations().get(0).field();
            return error(400, field, e.getMessage(), e);
        } catch (NotFoundException e) {
            return error(404, "conversation", e.getMessage(), e);
        } catch (MadoguchiException e) {
            LOG.warn("web chat request failed: {}", e.getClass().getSimpleName());
            return error(503, "desk", "the desk could not take the request; try again", e);
        }
    }

    /**
     * Opens the stream a request asks for: the token from {@code Authorization} or the {@code token} query
     * parameter, the position from {@code Last-Event-ID} or the {@code last_event_id} query parameter.
     *
     * @param request the request of {@code GET /events}
     * @return the stream; the host writes {@link ChatStream#HEADERS} and then each frame
     * @throws WebhookRejectedException with the status to answer when the request is refused: 400 naming the
     *     query parameter whose value has a malformed percent escape or is not UTF-8 (on {@code query} if there are
     *     more than 100 parameters), as well as those of {@link #openStream(String, String)}
     */
    public ChatStream openStream(WebhookRequest request) {
        Query q = new Query(request.url());
        String token = request.header("Authorization").filter(h -> h.startsWith("Bearer "))
            .map(h -> h.substring(7).strip()).orElseGet(() -> q.get("token"));
        if (token == null) {
            throw WebhookRejectedException.unauthorized("token", "is missing");
        }
        String last = request.header("Last-Event-ID").orElseGet(() -> q.get("last_event_id"));
        return openStream(token, last);
    }

    /**
     * @param name {@code widget.js} or {@code widget.css}
     * @return the resource with its content type and a short cache lifetime
     * @throws WebhookRejectedException 404 for another name
     */
    public static WebhookResponse resource(String name) {
        String type = switch (name) {
            case "widget.js" -> "text/javascript; charset=utf-8";
            case "widget.css" -> "text/css; charset=utf-8";
            default -> throw new WebhookRejectedException(404, "path", "no resource " + name);
        };
        try (InputStream in = WebChat.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + name);
            }
            return new WebhookResponse(200, Map.of("Content-Type", type, "Cache-Control", "max-age=300"),
                in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    // ------------------------------------------------------------------ for ChatStream

    LogTail tail() {
        return tail;
    }

    Optional<Customer> customer(String visitorId) {
        return desk.findCustomer(system, ChannelIdentity.chatVisitor(visitorId));
    }

    void release(String visitorId) {
        streams.decrementAndGet();
        streamsByVisitor.computeIfPresent(visitorId, (k, c) -> c.decrementAndGet() <= 0 ? null : c);
    }

    String frame(long position, ChatMessage m) {
        try {
            return "id: " + position + "\nevent: message\ndata: " + json.writeValueAsString(node(m)) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return how many streams are open */
    public int openStreams() {
        return streams.get();
    }

    /** @return how many visitors the send limiter remembers (bounded by {@link WebChatLimits#maxTrackedVisitors()}) */
    int trackedVisitors() {
        return sends.size();
    }

    // ------------------------------------------------------------------ helpers

    private ObjectNode node(ChatMessage m) {
        return json.createObjectNode().put("id", m.id()).put("cursor", m.cursor()).put("author", m.author())
            .put("text", m.text()).put("at", m.at());
    }

    private static String text(JsonNode body, String field, String otherwise) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return otherwise;
        }
        if (!n.isTextual()) {
            throw WebhookRejectedException.malformed(field, "must be a string");
        }
        return n.asText();
    }

    private static String bearer(WebhookRequest r) {
        return r.header("Authorization").filter(h -> h.startsWith("Bearer ")).map(h -> h.substring(7).strip())
            .orElseThrow(() -> WebhookRejectedException.unauthorized("Authorization", "must be Bearer TOKEN"));
    }

    /**
     * The query string of a URL, each value decoded only when it is read so that a bad percent escape (such as
     * {@code %zz} or a lone {@code %}) is a 400 naming the parameter rather than the whole URL. The query is taken
     * from the text after the first {@code ?} up to a {@code #}, without parsing the rest of the URL, which the
     * chat does not read. A parameter whose name has a bad escape cannot be one the chat reads and is skipped. At
     * most {@link #MAX_PARAMS} parameters (more is a 400 on {@code query}).
     */
    static final class Query {

        static final int MAX_PARAMS = 100;

        private final Map<String, String> raw = new LinkedHashMap<>();

        Query(String url) {
            for (UrlEncoded.Pair pair : UrlEncoded.pairs(UrlEncoded.query(url), MAX_PARAMS, "query")) {
                String name;
                try {
                    name = UrlEncoded.text(pair.rawName(), "query");
                } catch (WebhookRejectedException e) {
                    continue;
                }
                raw.putIfAbsent(name, pair.rawValue());
            }
        }

        /**
         * @param name the parameter
         * @return its decoded value (the first if it is repeated), or null if absent
         * @throws WebhookRejectedException 400 naming the parameter if its value has a bad percent escape
         */
        @Nullable String get(String name) {
            String value = raw.get(name);
            return value == null ? null : UrlEncoded.text(value, name);
        }

        /**
         * @param name the parameter
         * @param otherwise the value when it is absent
         * @return its decoded value, or {@code otherwise}
         * @throws WebhookRejectedException 400 naming the parameter if its value has a bad percent escape
         */
        String get(String name, String otherwise) {
            String value = get(name);
            return value != null ? value : otherwise;
        }
    }

    private WebhookResponse json(int status, ObjectNode body) {
        try {
            return new WebhookResponse(status, Map.of("Content-Type", "application/json; charset=utf-8",
                "Cache-Control", "no-store"), json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param message the exception's message; our exceptions always have one, Throwable's contract allows null */
    private WebhookResponse error(int status, String field, @Nullable String message, Exception e) {
        if (status >= 500) {
            LOG.debug("web chat answered {}", status, e);
        }
        ObjectNode out = json.createObjectNode().put("error", message != null ? message : "request refused")
            .put("field", field);
        WebhookResponse r = json(status, out);
        if (status == 429) {
            Map<String, String> h = new LinkedHashMap<>(r.headers());
            h.put("Retry-After", "60");
            return new WebhookResponse(429, h, r.body());
        }
        return r;
    }

    @Override
    public String toString() {
        return "WebChat[" + tenant.value() + ", " + streams.get() + " streams]";
    }

    /** Builds a web chat. Not thread-safe. */
    public static final class Builder {

        private final SupportDesk desk;
        private final EventLog eventLog;
        private final TenantId tenant;
        private byte @Nullable [] secret;
        private WebChatLimits limits = WebChatLimits.DEFAULT;
        private @Nullable Clock clock;

        private Builder(SupportDesk desk, EventLog eventLog, TenantId tenant) {
            this.desk = requireNonNull(desk, "desk");
            this.eventLog = requireNonNull(eventLog, "eventLog");
            this.tenant = requireNonNull(tenant, "tenant");
        }

        /**
         * @param value the key visitor tokens are signed with: at least 32 bytes, the same on every instance
         * @return this builder
         * @throws ValidationException if shorter than 32 bytes or set twice
         */
        public Builder secret(byte[] value) {
            requireNonNull(value, "secret");
            if (secret != null) {
                throw ValidationException.of("secret", "was already set; each setting is made once");
            }
            if (value.length < 32) {
                throw ValidationException.of("secret", "must be at least 32 bytes, was " + value.length);
            }
            secret = value.clone();
            return this;
        }

        /**
         * @param value the bounds (default {@link WebChatLimits#DEFAULT})
         * @return this builder
         */
        public Builder limits(WebChatLimits value) {
            this.limits = requireNonNull(value, "limits");
            return this;
        }

        /**
         * @param value the clock for token lifetimes and rate windows (default: the desk's)
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = requireNonNull(value, "clock");
            return this;
        }

        /**
         * @return the chat
         * @throws ValidationException if no secret was set
         */
        public WebChat build() {
            if (secret == null) {
                throw ValidationException.of("secret", "is required: the key visitor tokens are signed with");
            }
            return new WebChat(this);
        }
    }
}
