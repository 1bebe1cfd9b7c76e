package io.madoguchi.examples.serve;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.madoguchi.channels.ChannelGateway;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.WebhookResponse;
import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.SendResult;
import io.madoguchi.channels.email.EmailAdapter;
import io.madoguchi.channels.email.InboundMailSource;
import io.madoguchi.channels.email.MailThreads;
import io.madoguchi.channels.email.MailTransport;
import io.madoguchi.channels.email.MailgunInbound;
import io.madoguchi.channels.email.ReplyMail;
import io.madoguchi.channels.email.SendGridInbound;
import io.madoguchi.channels.line.LineAdapter;
import io.madoguchi.channels.outbox.OutboxSender;
import io.madoguchi.channels.outbox.OutboxStore;
import io.madoguchi.channels.outbox.OutboxSubscriber;
import io.madoguchi.channels.twilio.TwilioAdapter;
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
import io.madoguchi.core.integration.SelfServiceBot;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.feedback.SurveyKeyRing;
import io.madoguchi.core.feedback.SurveyPolicy;
import io.madoguchi.core.feedback.Surveys;
import io.madoguchi.core.integration.DeskEscalation;
import io.madoguchi.core.integration.DeskSurveys;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import io.madoguchi.core.integration.DeskBridge;
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
 * and surveys) on the given stores and clock, served by the JDK's {@link HttpServer} on the loopback interface:
 *
 * <ul>
 *   <li>{@code /} a sample shop page with the chat widget;</li>
 *   <li>{@code /chat/widget.js}, {@code /chat/widget.css}, {@code /chat/api/...} the web chat;</li>
 *   <li>{@code /inbox} the agent inbox behind a login;</li>
 *   <li>{@code /survey?t=TOKEN} the page a survey link opens;</li>
 *   <li>{@code /webhooks/line}, {@code /webhooks/slack}, {@code /webhooks/twilio} (SMS and voice),
 *   {@code /webhooks/email/sendgrid} (Inbound Parse, raw) and {@code /webhooks/email/mailgun/mime} (a Mailgun
 *   route forwarding to it) for each provider whose secrets {@link ServeProviders} has; the others answer 404
 *   saying they are not configured.</li>
 * </ul>
 *
 * <p>Replies and survey invitations leave through the outbox in {@link Options#outbox()}: on the desk's database
 * ({@code JdbcOutboxStore}) what was pending when serve stopped is sent after a restart. Due surveys are handed out
 * every {@link Options#poll()}; the committed {@code SurveyInvitationSent} event is what sends each, through the
 * {@link SurveyOutbox} subscriber and its stored checkpoint.
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
     * @param outbox where replies and survey invitations wait until the provider accepted them: a
     *     {@code JdbcOutboxStore} on the desk's database, so what was pending at a stop is sent after a restart
     * @param agents agent id to password, at least one
     * @param chatSecret the key visitor tokens and survey tokens are derived from (at least 32 bytes)
     * @param providers the providers and their secrets; a webhook whose secrets are missing is not served
     * @param clock the clock (the system's, or a shifted one in tests)
     * @param surveyDelay how long after a solve the survey goes out on the ticket's channel (web chat: at
     *     once, as a public message in the visitor's conversation)
     * @param poll how often due surveys are handed out and the outbox is swept for rows whose sender died
     */
    public record Options(int port, DemoDay.Stores stores, OutboxStore outbox, Map<String, String> agents,
                          byte[] chatSecret, ServeProviders providers, Clock clock, Duration surveyDelay,
                          Duration poll) {
        /**
         * Copies the agents; checks the port.
         *
         * @param port the port, 0 for any free one
         * @param stores the desk's stores
         * @param outbox where replies and survey invitations wait until the provider accepted them
         * @param agents agent id to password, at least one
         * @param chatSecret the key visitor tokens and survey tokens are derived from (at least 32 bytes)
         * @param providers the providers and their secrets
         * @param clock the clock
         * @param surveyDelay how long after a solve the survey goes out
         * @param poll how often due surveys are handed out and the outbox is swept
         */
        public Options {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            requireNonNull(stores, "stores");
            requireNonNull(outbox, "outbox");
            agents = Map.copyOf(agents);
            if (agents.isEmpty()) {
                throw new IllegalArgumentException("at least one agent");
            }
            chatSecret = chatSecret.clone();
            requireNonNull(providers, "providers");
            requireNonNull(clock, "clock");
            if (surveyDelay.isNegative() || poll.isNegative() || poll.isZero()) {
                throw new IllegalArgumentException("surveyDelay must not be negative, poll must be positive");
            }
        }

        /**
         * The defaults of {@code madoguchi serve}: the system clock, surveys an hour after a solve, a sweep every
         * 10 seconds.
         *
         * @param port the port, 0 for any free one
         * @param stores the desk's stores
         * @param outbox the outbox store
         * @param agents agent id to password
         * @param chatSecret the key visitor and survey tokens are derived from
         * @param providers the providers
         * @return the options
         */
        public static Options of(int port, DemoDay.Stores stores, OutboxStore outbox, Map<String, String> agents,
                                 byte[] chatSecret, ServeProviders providers) {
            return new Options(port, stores, outbox, agents, chatSecret, providers, Clock.systemUTC(),
                Duration.ofHours(1), Duration.ofSeconds(10));
        }

        @Override
        public String toString() {
            return "Options[port=" + port + ", " + agents.size() + " agents, " + providers + "]";
        }
    }

    /** The webhook paths under {@code /webhooks/}, in the order they are printed. */
    static final List<String> WEBHOOKS = List.of("line", "slack", "twilio", "email/sendgrid", "email/mailgun/mime");

    /** A webhook path served by a gateway under a channel name. */
    private record Route(ChannelGateway gateway, String channel) {
    }

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timers;
    private final SupportDesk desk;
    private final WebChat chat;
    private final AtomicInteger openStreams = new AtomicInteger();
    private final Map<String, Route> webhooks;
    private final Surveys surveys;
    private final OutboxSender sender;
    private final OutboxStore outbox;

    private ServeApp(HttpServer server, ThreadPoolExecutor workers, ScheduledExecutorService timers, SupportDesk desk,
                     WebChat chat, Map<String, Route> webhooks, Surveys surveys, OutboxSender sender,
                     OutboxStore outbox) {
        this.server = server;
        this.workers = workers;
        this.timers = timers;
        this.desk = desk;
        this.chat = chat;
        this.webhooks = webhooks;
        this.surveys = surveys;
        this.sender = sender;
        this.outbox = outbox;
    }

    /**
     * Wires the desk and starts serving.
     *
     * @param o what to serve
     * @return the running application
     * @throws IOException if the port cannot be bound
     */
    public static ServeApp start(Options o) throws IOException {
        // bound first: the survey links name the port, and a restarted desk's subscribers may send links at once
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), o.port()), 1_024);
        ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "madoguchi-timers"));
        try {
            return wire(o, server, timers);
        } catch (RuntimeException e) {
            server.stop(0);
            timers.shutdownNow();
            throw e;
        }
    }

    private static ServeApp wire(Options o, HttpServer server, ScheduledExecutorService timers) {
        Clock clock = o.clock();
        ServeProviders p = o.providers();
        TenantId tenant = DemoDay.SHOP;
        Scheduler scheduler = Scheduler.executor(timers, clock);
        DemoDay.Stores stores = o.stores();
        SupportDesk desk = SupportDesk.builder().clock(clock).store(stores.desk()).scheduler(scheduler)
            .assignmentStrategy(AssignmentStrategy.skillsBased()).build();
        Principal admin = Principal.admin(tenant, AgentId.of("admin"));
        for (String id : o.agents().keySet()) {
            desk.saveAgent(admin, Agent.of(tenant, AgentId.of(id), id).withSkills(Skills.language("ja"),
                Skills.language("en"), Skills.channel(Channel.WEB_CHAT), Skills.channel(Channel.LINE),
                Skills.channel(Channel.SLACK), Skills.channel(Channel.EMAIL),
                Skills.channel(Channel.SMS), Skills.channel(Channel.PHONE)));
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
            .policy(SurveyPolicy.builder().defaultDelay(o.surveyDelay())
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
        // every provider whose secrets are configured: webhooks in through a gateway, replies out through the
        // outbox (durable on the desk's database), survey invitations too
        OutboxStore outbox = o.outbox();
        List<ChannelAdapter> senders = new ArrayList<>();
        Map<String, ChannelAdapter> inbound = new LinkedHashMap<>();
        if (p.line()) {
            LineAdapter line = LineAdapter.builder(p.lineSecret(), p.lineToken()).clock(clock).build();
            inbound.put("line", line);
            senders.add(line);
        }
        if (p.slack()) {
            SlackAdapter slack = SlackAdapter.builder(p.slackSecret(), p.slackToken()).clock(clock).build();
            inbound.put("slack", slack);
            senders.add(slack);
        }
        if (p.twilio()) {
            TwilioAdapter.Builder twilio = TwilioAdapter.builder(p.twilioAccountSid(), p.twilioAuthToken())
                .from(p.twilioFrom()).baseUrl(p.twilioApiBase()).clock(clock);
            if (p.publicBaseUrl() != null) {
                twilio.publicBaseUrl(p.publicBaseUrl());
            }
            TwilioAdapter sms = twilio.build();
            inbound.put("twilio", sms);
            senders.add(sms);
        }
        MailTransport mail = p.mailTransport() != null ? p.mailTransport() : new NoMailTransport();
        EmailAdapter mailSender = null;
        if (p.sendGridInboundKey() != null) {
            mailSender = email(p, SendGridInbound.withPublicKey(p.sendGridInboundKey()), mail, stores, clock);
            inbound.put("email/sendgrid", mailSender);
        }
        if (p.mailgunSigningKey() != null) {
            EmailAdapter mailgun = email(p, MailgunInbound.withSigningKey(p.mailgunSigningKey()), mail, stores, clock);
            inbound.put("email/mailgun/mime", mailgun);
            mailSender = mailSender != null ? mailSender : mailgun;
        }
        if (mailSender != null) {
            senders.add(mailSender);
        }
        Map<String, Route> routes = new LinkedHashMap<>();
        for (Map.Entry<String, ChannelAdapter> e : inbound.entrySet()) {
            // one gateway per path: the two mail sources are both the channel 'email'
            ChannelGateway gateway = ChannelGateway.builder(desk, stores.desk().eventLog(), tenant)
                .adapter(e.getValue()).replyContexts(outbox).build();
            routes.put(e.getKey(), new Route(gateway, e.getValue().channel().name()));
        }
        OutboxSender sender = OutboxSender.builder(outbox, stores.desk().eventLog(), scheduler, clock)
            .adapters(senders).desk(desk).build();
        desk.subscribe(new OutboxSubscriber(desk, outbox, sender, stores.desk().eventLog()));
        String base = p.publicBaseUrl() != null ? p.publicBaseUrl().replaceAll("/+$", "") : null;
        String links = base != null ? base : "http://localhost:" + server.getAddress().getPort();
        desk.subscribe(new SurveyOutbox(desk, surveys, token -> links + "/survey?t=" + token));
        WebChat chat = WebChat.builder(desk, stores.desk().eventLog(), tenant).secret(o.chatSecret())
            .limits(new WebChatLimits(2_000, 16 * 1024, 20, 600, 3, 1_500, 100_000, Duration.ofDays(30), 10_000))
            .build();
        InboxSessions sessions = new InboxSessions(o.agents(), clock);

        // one thread per exchange: an open event stream holds its thread, so the pool grows to the stream limit
        ThreadPoolExecutor workers = new ThreadPoolExecutor(8, 1_600, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
            r -> daemon(r, "madoguchi-http"));
        server.setExecutor(workers);
        ServeApp app = new ServeApp(server, workers, timers, desk, chat, Map.copyOf(routes), surveys, sender, outbox);
        server.createContext("/", app::root);
        server.createContext("/chat/", app::chat);
        server.createContext("/webhooks/", app::webhook);
        server.createContext("/inbox", new AgentInbox(desk, tenant, sessions, DemoDay.ZONE));
        server.createContext("/survey", new SurveyPage(surveys, tenant));
        // what a stopped run left: subscribers catch up from their checkpoints, claimed rows come due again
        desk.processEvents();
        app.sweep();
        timers.scheduleWithFixedDelay(app::sweepQuietly, o.poll().toMillis(), o.poll().toMillis(),
            TimeUnit.MILLISECONDS);
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
        urls.add(base + "/survey");
        for (String w : WEBHOOKS) {
            if (webhooks.containsKey(w)) {
                urls.add(base + "/webhooks/" + w);
            }
        }
        return urls;
    }

    /** @return the webhook paths not served because their provider is not configured */
    public List<String> unconfiguredWebhooks() {
        return WEBHOOKS.stream().filter(w -> !webhooks.containsKey(w)).toList();
    }

    /**
     * Hands out the surveys that are due (each becomes a {@code SurveyInvitationSent} event that the
     * {@code survey-invitations} subscriber turns into an outbox row), lets subscribers catch up, and claims the
     * outbox rows that are due (their sender died or their lease ran out). Runs every {@link Options#poll()}; a
     * test calls it to make the next step happen now.
     */
    void sweep() {
        surveys.dispatchDue(invitation -> {
            // handed out: the committed SurveyInvitationSent event is what sends it, through the outbox
        });
        desk.processEvents();
        sender.resume();
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ServeApp.class).warn("sweep failed, next one in a moment: {}",
                e.toString());
        }
    }

    /** @return the outbox, for tests that look at what is pending */
    OutboxStore outbox() {
        return outbox;
    }

    /** @return the surveys */
    Surveys surveys() {
        return surveys;
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

    private void webhook(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().substring("/webhooks/".length());
        Route route = webhooks.get(path);
        if (route == null) {
            Exchanges.send(ex, 404, "text/plain; charset=utf-8", WEBHOOKS.contains(path)
                ? "/webhooks/" + path + " is not configured on this server: its provider's secrets are not set\n"
                : "not found\n");
            return;
        }
        try (InputStream body = ex.getRequestBody()) {
            Exchanges.send(ex, route.gateway().handle(route.channel(), ex.getRequestMethod(), Exchanges.url(ex),
                headers(ex), body));
        }
    }

    private static EmailAdapter email(ServeProviders p, InboundMailSource source, MailTransport transport,
                                      DemoDay.Stores stores, Clock clock) {
        return EmailAdapter.builder(p.supportAddress(), source, transport).supportName("窓口ショップ サポート")
            .threads(MailThreads.of(stores.desk().eventLog(), DemoDay.SHOP)).clock(clock).build();
    }

    /** No outbound mail configured: every reply to a mail is refused, so the outbox notes it on the ticket. */
    private static final class NoMailTransport implements MailTransport {
        @Override
        public SendResult send(ReplyMail mail) {
            return new SendResult.Rejected("no outbound mail is configured (SMTP, SendGrid or Mailgun)");
        }

        @Override
        public String endpoint() {
            return "email:none";
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
