package io.madoguchi.examples.serve;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.madoguchi.channels.ChannelGateway;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.WebhookResponse;
import io.madoguchi.channels.line.LineAdapter;
import io.madoguchi.channels.outbox.InMemoryOutboxStore;
import io.madoguchi.channels.outbox.OutboxSender;
import io.madoguchi.channels.outbox.OutboxSubscriber;
import io.madoguchi.channels.slack.SlackAdapter;
import io.madoguchi.channels.webchat.ChatStream;
import io.madoguchi.channels.webchat.WebChat;
import io.madoguchi.channels.webchat.WebChatLimits;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentStrategy;
import io.madoguchi.core.agent.Skills;
import io.madoguchi.core.bot.SelfServiceBot;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.feedback.SurveyKeyRing;
import io.madoguchi.core.feedback.SurveyPolicy;
import io.madoguchi.core.feedback.Surveys;
import io.madoguchi.core.feedback.desk.DeskEscalation;
import io.madoguchi.core.feedback.desk.DeskSurveys;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import io.madoguchi.core.sla.DeskBridge;
import io.madoguchi.core.sla.EscalationAction;
import io.madoguchi.core.sla.SlaEngine;
import io.madoguchi.core.sla.SlaEscalation;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.sla.SlaPolicy;
import io.madoguchi.core.sla.TicketCondition;
import io.madoguchi.core.time.Scheduler;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.examples.demo.DemoDay;
import io.madoguchi.examples.demo.ShopFaqs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running desk of {@code madoguchi serve}: the shop of the demo (its tenant, business hours, FAQ, SLA policies
 * and surveys) on the given stores and the system clock, served by the JDK's {@link HttpServer} on the loopback
 * interface:
 *
 * <ul>
 *   <li>{@code /} a sample shop page with the chat widget;</li>
 *   <li>{@code /chat/widget.js}, {@code /chat/widget.css}, {@code /chat/api/...} the web chat;</li>
 *   <li>{@code /webhooks/line}, {@code /webhooks/slack} the providers' webhooks;</li>
 *   <li>{@code /inbox} the agent inbox behind a login.</li>
 * </ul>
 *
 * <p>Built with {@link #start}; {@link #close} stops the server, the background threads and the bot's timers (the
 * caller closes the stores). Thread-safe.
 */
public final class ServeApp implements AutoCloseable {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    /**
     * What to serve.
     *
     * @param port the port, 0 for any free one
     * @param stores the desk's stores
     * @param agents agent id to password, at least one
     * @param chatSecret the key visitor tokens are signed with (at least 32 bytes)
     * @param lineSecret the LINE channel secret (webhook signatures)
     * @param lineToken the LINE channel access token (replies)
     * @param slackSecret the Slack signing secret
     * @param slackToken the Slack bot token
     */
    public record Options(int port, DemoDay.Stores stores, Map<String, String> agents, byte[] chatSecret,
                          String lineSecret, String lineToken, String slackSecret, String slackToken) {
        /** Copies the agents; checks the port. */
        public Options {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            requireNonNull(stores, "stores");
            agents = Map.copyOf(agents);
            if (agents.isEmpty()) {
                throw new IllegalArgumentException("at least one agent");
            }
            chatSecret = chatSecret.clone();
        }

        @Override
        public String toString() {
            return "Options[port=" + port + ", " + agents.size() + " agents]";
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timers;
    private final SupportDesk desk;
    private final WebChat chat;
    private final AtomicInteger openStreams = new AtomicInteger();

    private ServeApp(HttpServer server, ThreadPoolExecutor workers, ScheduledExecutorService timers, SupportDesk desk,
                     WebChat chat) {
        this.server = server;
        this.workers = workers;
        this.timers = timers;
        this.desk = desk;
        this.chat = chat;
    }

    /**
     * Wires the desk and starts serving.
     *
     * @param o what to serve
     * @return the running application
     * @throws IOException if the port cannot be bound
     */
    public static ServeApp start(Options o) throws IOException {
        Clock clock = Clock.systemUTC();
        TenantId tenant = DemoDay.SHOP;
        ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "madoguchi-timers"));
        Scheduler scheduler = Scheduler.executor(timers, clock);
        DemoDay.Stores stores = o.stores();
        SupportDesk desk = SupportDesk.builder().clock(clock).store(stores.desk()).scheduler(scheduler)
            .assignmentStrategy(AssignmentStrategy.skillsBased()).build();
        Principal admin = Principal.admin(tenant, AgentId.of("admin"));
        for (String id : o.agents().keySet()) {
            desk.saveAgent(admin, Agent.of(tenant, AgentId.of(id), id).withSkills(Skills.language("ja"),
                Skills.language("en"), Skills.channel(Channel.WEB_CHAT), Skills.channel(Channel.LINE),
                Skills.channel(Channel.SLACK), Skills.channel(Channel.EMAIL)));
        }
        // the demo's shop: FAQ, bot, surveys, SLA on its business hours
        FaqCatalog faqs = new FaqCatalog(stores.faqs());
        faqs.putAll(tenant, ShopFaqs.all());
        FaqMatcher matcher = FaqMatcher.builder(faqs).clock(clock).build();
        SelfServiceBot bot = SelfServiceBot.builder(desk, matcher).calendar(DemoDay.SHOP_HOURS)
            .channels(Set.of(Channel.LINE, Channel.WEB_CHAT, Channel.SLACK)).eventLog(stores.desk().eventLog())
            .scheduler(scheduler).store(stores.bot()).build();
        desk.subscribe(bot);
        Surveys surveys = Surveys.builder().clock(clock)
            .keys(SurveyKeyRing.fromConfiguration(
                "serve=" + java.util.Base64.getEncoder().encodeToString(derived(o.chatSecret(), "surveys"))))
            .policy(SurveyPolicy.builder().delay(Channel.LINE, Duration.ofMinutes(30))
                .delay(Channel.WEB_CHAT, Duration.ZERO).throttle(Duration.ofDays(30)).build())
            .customerChannels(DeskSurveys.customerChannels(desk))
            .eventLog(stores.desk().eventLog(), desk::processEvents).store(stores.surveys()).build();
        desk.subscribe(new DeskSurveys(surveys, TextAnalyzer.defaults(), Locale.JAPANESE));
        desk.subscribe(new DeskEscalation(desk));
        SlaEngine sla = SlaEngine.builder().clock(clock).scheduler(scheduler).eventLog(stores.desk().eventLog())
            .store(stores.sla())
            .policies(List.of(
                SlaPolicy.builder("クレーム / complaints").when(TicketCondition.isComplaint())
                    .calendar(DemoDay.SHOP_HOURS)
                    .target(SlaMetric.FIRST_REPLY_TIME, Duration.ofMinutes(30), SlaPolicy.Hours.BUSINESS)
                    .escalation(SlaEscalation.onBreach(new EscalationAction.AddTag("sla-breached")))
                    .build(),
                SlaPolicy.builder("標準 / standard").calendar(DemoDay.SHOP_HOURS)
                    .target(SlaMetric.FIRST_REPLY_TIME, Duration.ofHours(2), SlaPolicy.Hours.BUSINESS)
                    .target(SlaMetric.TOTAL_RESOLUTION_TIME, Duration.ofHours(24), SlaPolicy.Hours.BUSINESS)
                    .escalation(SlaEscalation.onBreach(new EscalationAction.AddTag("sla-breached"),
                        new EscalationAction.RaisePriority(Priority.HIGH)))
                    .build()))
            .build();
        DeskBridge.attach(desk, sla, null);
        // LINE and Slack: webhooks in through the gateway, replies out through the outbox
        LineAdapter line = LineAdapter.builder(o.lineSecret(), o.lineToken()).clock(clock).build();
        SlackAdapter slack = SlackAdapter.builder(o.slackSecret(), o.slackToken()).clock(clock).build();
        InMemoryOutboxStore outbox = new InMemoryOutboxStore();
        ChannelGateway gateway = ChannelGateway.builder(desk, stores.desk().eventLog(), tenant).adapter(line)
            .adapter(slack).replyContexts(outbox).build();
        OutboxSender sender = OutboxSender.builder(outbox, stores.desk().eventLog(), scheduler, clock)
            .adapter(line).adapter(slack).desk(desk).build();
        desk.subscribe(new OutboxSubscriber(desk, outbox, sender, stores.desk().eventLog()));
        WebChat chat = WebChat.builder(desk, stores.desk().eventLog(), tenant).secret(o.chatSecret())
            .limits(new WebChatLimits(2_000, 16 * 1024, 20, 600, 3, 1_500, 100_000, Duration.ofDays(30), 10_000))
            .build();
        InboxSessions sessions = new InboxSessions(o.agents(), clock);

        // one thread per exchange: an open event stream holds its thread, so the pool grows to the stream limit
        ThreadPoolExecutor workers = new ThreadPoolExecutor(8, 1_600, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
            r -> daemon(r, "madoguchi-http"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), o.port()), 1_024);
        server.setExecutor(workers);
        ServeApp app = new ServeApp(server, workers, timers, desk, chat);
        server.createContext("/", app::root);
        server.createContext("/chat/", app::chat);
        server.createContext("/webhooks/", ex -> webhook(ex, gateway));
        server.createContext("/inbox", new AgentInbox(desk, tenant, sessions, DemoDay.ZONE));
        server.start();
        return app;
    }

    /** @return the port served */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the URLs served, each {@code http://localhost:PORT/...} */
    public List<String> urls() {
        String base = "http://localhost:" + port();
        List<String> urls = new ArrayList<>();
        urls.add(base + "/");
        urls.add(base + "/inbox");
        urls.add(base + "/chat/widget.js");
        urls.add(base + "/chat/api");
        urls.add(base + "/webhooks/line");
        urls.add(base + "/webhooks/slack");
        return urls;
    }

    /** @return the web chat, for a host that starts conversations for its logged-in users */
    public WebChat chat() {
        return chat;
    }

    /** @return the desk, for a host that adds to it */
    public SupportDesk desk() {
        return desk;
    }

    /** Stops serving (open streams are cut), then the workers and timers. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        timers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            timers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void root(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/") && (ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD"))) {
            Exchanges.send(ex, 200, "text/html; charset=utf-8", SamplePage.HTML);
        } else if (path.equals("/favicon.ico")) {
            Exchanges.send(ex, 204, Map.of(), new byte[0]);
        } else {
            Exchanges.send(ex, 404, "text/plain; charset=utf-8", "not found");
        }
    }

    private void chat(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/chat/widget.js") || path.equals("/chat/widget.css")) {
            Exchanges.send(ex, WebChat.resource(path.substring("/chat/".length())));
            return;
        }
        if (!path.startsWith("/chat/api/") && !path.equals("/chat/api")) {
            Exchanges.send(ex, 404, "text/plain; charset=utf-8", "not found");
            return;
        }
        String sub = path.substring("/chat/api".length());
        if (sub.equals("/events") && ex.getRequestMethod().equals("GET")) {
            stream(ex);
            return;
        }
        try (InputStream body = ex.getRequestBody()) {
            Exchanges.send(ex, chat.handle(sub, ex.getRequestMethod(), Exchanges.url(ex), headers(ex), body));
        }
    }

    private void stream(HttpExchange ex) throws IOException {
        ChatStream stream;
        try {
            stream = chat.openStream(WebhookRequest.of("GET", Exchanges.url(ex), headers(ex), new byte[0],
                io.madoguchi.channels.WebhookLimits.DEFAULT));
        } catch (WebhookRejectedException e) {
            Exchanges.send(ex, WebhookResponse.rejected(e));
            return;
        }
        openStreams.incrementAndGet();
        try (stream) {
            ChatStream.HEADERS.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            while (!Thread.currentThread().isInterrupted()) {
                out.write(stream.next(KEEP_ALIVE).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the visitor went away: the stream's slot is freed by close
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            openStreams.decrementAndGet();
            ex.close();
        }
    }

    private static void webhook(HttpExchange ex, ChannelGateway gateway) throws IOException {
        String channel = ex.getRequestURI().getPath().substring("/webhooks/".length());
        try (InputStream body = ex.getRequestBody()) {
            Exchanges.send(ex, gateway.handle(channel, ex.getRequestMethod(), Exchanges.url(ex), headers(ex), body));
        }
    }

    private static Map<String, List<String>> headers(HttpExchange ex) {
        return new LinkedHashMap<>(ex.getRequestHeaders());
    }

    /** @return a key for one purpose made from the configured secret, so no two purposes share a key */
    private static byte[] derived(byte[] secret, String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public String toString() {
        return "ServeApp[port " + port() + ", " + openStreams.get() + " streams]";
    }
}
