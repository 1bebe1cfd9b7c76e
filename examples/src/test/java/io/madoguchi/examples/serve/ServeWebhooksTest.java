package io.madoguchi.examples.serve;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.channels.email.MailgunInbound;
import io.madoguchi.channels.email.MailgunTransport;
import io.madoguchi.channels.email.SendGridInbound;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.channels.webchat.WebChat;
import io.madoguchi.core.Channel;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.feedback.SurveyInvitationSent;
import io.madoguchi.channels.outbox.jdbc.JdbcOutboxStore;
import io.madoguchi.channels.twilio.TwilioAdapter;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.store.jdbc.JdbcSchema;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.examples.demo.DemoDay;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code madoguchi serve}'s provider endpoints over HTTP, on an H2 file, with WireMock as Twilio's and Mailgun's
 * APIs: Twilio SMS, SendGrid Inbound Parse (raw) and Mailgun {@code mime} routes each store a signed request on a
 * ticket once, however often it is redelivered, and store nothing for a bad signature; a provider without secrets is
 * not served; a reply pending when serve stops is sent once after a restart on the same file; a solved ticket's
 * customer gets the survey link once, also across a restart.
 */
class ServeWebhooksTest {

    private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    private static final String TWILIO_TOKEN = "twilio-auth-token-0123456789abcdef";
    private static final String SHOP_NUMBER = "+815012345678";
    private static final String CUSTOMER_NUMBER = "+819012345678";
    private static final String MAILGUN_KEY = "mailgun-signing-key-0123456789";
    private static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";
    private static final String MAILGUN_SEND = "/v3/mg.shop.example.jp/messages";
    private static final String BOUNDARY = "xYzZY-serve-test";

    @TempDir
    Path dir;

    private final KeyPair parseKeys = parseKeys();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ServeApp> apps = new ArrayList<>();
    private WireMockServer providers;
    private HikariDataSource dataSource;

    private static KeyPair parseKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void database() {
        providers = new WireMockServer(options().dynamicPort());
        providers.start();
        acceptSends();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("desk").toAbsolutePath());
        config.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(config);
        JdbcSchema.migrate(dataSource);
        JdbcOutboxStore.migrate(dataSource);
    }

    @AfterEach
    void stop() {
        apps.forEach(ServeApp::close);
        if (dataSource != null) {
            dataSource.close();
        }
        providers.stop();
    }

    private void acceptSends() {
        providers.resetAll();
        providers.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
            .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"SM0001\",\"status\":\"queued\"}")));
        providers.stubFor(get(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json").withBody("{\"messages\":[]}")));
        providers.stubFor(post(urlPathEqualTo(MAILGUN_SEND)).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json").withBody("{\"id\":\"<q@mg>\",\"message\":\"Queued\"}")));
    }

    /** Serve on the H2 file with every provider but Slack; the clock runs {@code ahead} of the system's. */
    private ServeApp serve(Duration ahead) throws Exception {
        Clock clock = Clock.offset(Clock.systemUTC(), ahead);
        ServeProviders p = ServeProviders.builder()
            .line("line-secret", "line-token")
            .twilio(ACCOUNT, TWILIO_TOKEN, SHOP_NUMBER).twilioApiBase(providers.baseUrl())
            .sendGridInbound(Base64.getEncoder().encodeToString(parseKeys.getPublic().getEncoded()))
            .mailgunInbound(MAILGUN_KEY)
            .mailTransport(MailgunTransport.of("mailgun-api-key", "mg.shop.example.jp", providers.baseUrl(), null,
                clock))
            .build();
        // surveys at once; the periodic sweep is far away, so the test runs it when it means to
        ServeApp app = ServeApp.start(new ServeApp.Options(0, DemoDay.Stores.jdbc(dataSource, clock),
            new JdbcOutboxStore(dataSource), Map.of("sato", "sato-password-1"),
            "webhook-test-chat-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII), p, clock, Duration.ZERO,
            Duration.ofHours(1)));
        apps.add(app);
        return app;
    }

    private static Principal admin() {
        return Principal.admin(DemoDay.SHOP, AgentId.of("admin"));
    }

    private static List<Ticket> tickets(ServeApp app) {
        return app.desk().query(admin(), TicketQuery.builder().limit(100).build()).tickets();
    }

    private static List<String> messages(ServeApp app) {
        List<String> all = new ArrayList<>();
        for (Ticket t : tickets(app)) {
            app.desk().messages(admin(), t.id()).stream().map(Message::body).forEach(all::add);
        }
        return all;
    }

    private HttpResponse<String> postTo(ServeApp app, String path, Map<String, String> headers, byte[] body)
        throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ Twilio

    private static Map<String, String> sms(String sid, String text) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ToCountry", "JP");
        p.put("SmsMessageSid", sid);
        p.put("NumMedia", "0");
        p.put("SmsSid", sid);
        p.put("SmsStatus", "received");
        p.put("Body", text);
        p.put("FromCountry", "JP");
        p.put("To", SHOP_NUMBER);
        p.put("NumSegments", "1");
        p.put("MessageSid", sid);
        p.put("AccountSid", ACCOUNT);
        p.put("From", CUSTOMER_NUMBER);
        p.put("ApiVersion", "2010-04-01");
        return p;
    }

    private HttpResponse<String> twilio(ServeApp app, Map<String, String> params, String token) throws Exception {
        String url = "http://localhost:" + app.port() + "/webhooks/twilio";
        Map<String, List<String>> signed = new LinkedHashMap<>();
        params.forEach((k, v) -> signed.put(k, List.of(v)));
        byte[] body = params.entrySet().stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
        return postTo(app, "/webhooks/twilio", Map.of("Content-Type", "application/x-www-form-urlencoded",
            "X-Twilio-Signature", TwilioAdapter.sign(url, signed, token)), body);
    }

    @Test
    void aSignedTwilioSmsLandsOnATicketOnceAndABadSignatureStoresNothing() throws Exception {
        ServeApp app = serve(Duration.ZERO);

        HttpResponse<String> first = twilio(app, sms("SM11111111111111111111111111111111", "注文した靴が届きません"),
            TWILIO_TOKEN);
        HttpResponse<String> again = twilio(app, sms("SM11111111111111111111111111111111", "注文した靴が届きません"),
            TWILIO_TOKEN);
        HttpResponse<String> forged = twilio(app, sms("SM22222222222222222222222222222222", "偽物のメッセージ"),
            "not-the-auth-token");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("<Response");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(messages(app)).containsExactly("注文した靴が届きません");
        assertThat(app.desk().findCustomer(admin(), ChannelIdentity.phone(CUSTOMER_NUMBER))).isPresent();
    }

    @Test
    void aCallIsAnsweredWithARecordingWhoseVoicemailAndTranscriptionLandOnOnePhoneTicket() throws Exception {
        ServeApp app = serve(Duration.ZERO);
        Map<String, String> call = new LinkedHashMap<>();
        call.put("CallSid", "CA55555555555555555555555555555555");
        call.put("AccountSid", ACCOUNT);
        call.put("From", CUSTOMER_NUMBER);
        call.put("To", SHOP_NUMBER);
        call.put("CallStatus", "ringing");
        call.put("Direction", "inbound");

        HttpResponse<String> answer = twilio(app, call, TWILIO_TOKEN);
        Map<String, String> recording = new LinkedHashMap<>(call);
        recording.put("CallStatus", "completed");
        recording.put("RecordingSid", "RE55555555555555555555555555555555");
        recording.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT
            + "/Recordings/RE55555555555555555555555555555555");
        recording.put("RecordingDuration", "12");
        Map<String, String> transcription = new LinkedHashMap<>(recording);
        transcription.put("TranscriptionSid", "TR55555555555555555555555555555555");
        transcription.put("TranscriptionStatus", "completed");
        transcription.put("TranscriptionText", "先週注文した商品の配送状況を知りたいです");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("<Record", "transcribeCallback=\"http://localhost:" + app.port()
            + "/webhooks/twilio\"");
        assertThat(twilio(app, recording, TWILIO_TOKEN).statusCode()).isEqualTo(200);
        assertThat(twilio(app, recording, TWILIO_TOKEN).statusCode()).isEqualTo(200);
        assertThat(twilio(app, transcription, TWILIO_TOKEN).statusCode()).isEqualTo(200);

        assertThat(tickets(app)).singleElement().satisfies(t -> assertThat(t.channel().name()).isEqualTo("phone"));
        assertThat(messages(app)).containsExactly("[留守番電話] 録音 12 秒（文字起こしは後で届きます）",
            "[文字起こし] 先週注文した商品の配送状況を知りたいです");
    }

    // ------------------------------------------------------------------ email

    private static byte[] mail(String messageId, String subject, String text) {
        String encoded = "=?UTF-8?B?" + Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8))
            + "?=";
        return ("From: Yamada Hanako <hanako@example.jp>\r\nTo: support@shop.example.jp\r\nSubject: " + encoded
            + "\r\nMessage-ID: <" + messageId + ">\r\nDate: Mon, 30 Nov 2026 10:00:00 +0900\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text + "\r\n")
            .getBytes(StandardCharsets.UTF_8);
    }

    private static void part(ByteArrayOutputStream out, String name, byte[] value) {
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(value);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private HttpResponse<String> sendGrid(ServeApp app, byte[] rawMime, boolean forge) throws Exception {
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        part(form, "to", "support@shop.example.jp".getBytes(StandardCharsets.UTF_8));
        part(form, "email", rawMime);
        form.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] body = form.toByteArray();
        String ts = Long.toString(Instant.now().getEpochSecond());
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(forge ? parseKeys().getPrivate() : parseKeys.getPrivate());
        s.update(ts.getBytes(StandardCharsets.UTF_8));
        s.update(body);
        return postTo(app, "/webhooks/email/sendgrid", Map.of(
            "Content-Type", "multipart/form-data; boundary=" + BOUNDARY,
            SendGridInbound.SIGNATURE, Base64.getEncoder().encodeToString(s.sign()),
            SendGridInbound.TIMESTAMP, ts), body);
    }

    private HttpResponse<String> mailgun(ServeApp app, byte[] rawMime, String token, String key) throws Exception {
        String ts = Long.toString(Instant.now().getEpochSecond());
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        part(form, "recipient", "support@shop.example.jp".getBytes(StandardCharsets.UTF_8));
        part(form, "timestamp", ts.getBytes(StandardCharsets.UTF_8));
        part(form, "token", token.getBytes(StandardCharsets.UTF_8));
        part(form, "signature", MailgunInbound.sign(ts, token, key).getBytes(StandardCharsets.UTF_8));
        part(form, "body-mime", rawMime);
        form.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return postTo(app, "/webhooks/email/mailgun/mime",
            Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY), form.toByteArray());
    }

    @Test
    void aSignedSendGridParseMailLandsOnATicketOnceAndAForgedSignatureStoresNothing() throws Exception {
        ServeApp app = serve(Duration.ZERO);
        byte[] raw = mail("sg-1@mail.example.jp", "返品について", "先日購入したシャツを返品したいです。");

        assertThat(sendGrid(app, raw, false).statusCode()).isEqualTo(200);
        assertThat(sendGrid(app, raw, false).statusCode()).isEqualTo(200);
        assertThat(sendGrid(app, mail("sg-2@mail.example.jp", "偽物", "偽物の本文"), true).statusCode())
            .isEqualTo(401);

        assertThat(messages(app)).containsExactly("先日購入したシャツを返品したいです。");
        assertThat(tickets(app)).singleElement().satisfies(t -> assertThat(t.subject()).isEqualTo("返品について"));
    }

    @Test
    void aSignedMailgunMimeRouteMailLandsOnATicketOnceAndABadSignatureOrReplayedTokenStoresNothing()
        throws Exception {
        ServeApp app = serve(Duration.ZERO);
        byte[] raw = mail("mg-1@mail.example.jp", "配送日の変更", "配送日を金曜日に変更できますか。");

        assertThat(mailgun(app, raw, "token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", MAILGUN_KEY).statusCode())
            .isEqualTo(200);
        // Mailgun's retry of the same mail carries a new token: deduplicated on the Message-ID
        assertThat(mailgun(app, raw, "token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", MAILGUN_KEY).statusCode())
            .isEqualTo(200);
        byte[] other = mail("mg-2@mail.example.jp", "偽物", "偽物の本文");
        assertThat(mailgun(app, other, "token-cccccccccccccccccccccccccccccccccccccccccccccc", "wrong-key")
            .statusCode()).isEqualTo(401);
        assertThat(mailgun(app, other, "token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", MAILGUN_KEY)
            .statusCode()).isEqualTo(401);

        assertThat(messages(app)).containsExactly("配送日を金曜日に変更できますか。");
    }

    @Test
    void anAgentsReplyToAMailGoesOutThroughMailgunWithTheThreadingHeaders() throws Exception {
        ServeApp app = serve(Duration.ZERO);
        assertThat(mailgun(app, mail("mg-3@mail.example.jp", "請求書の再発行", "請求書をもう一度送ってください。"),
            "token-dddddddddddddddddddddddddddddddddddddddddddddd", MAILGUN_KEY).statusCode()).isEqualTo(200);

        app.desk().reply(Principal.agent(DemoDay.SHOP, AgentId.of("sato")), tickets(app).get(0).id(),
            "請求書を再発行しました。");

        await().atMost(Duration.ofSeconds(30)).until(() -> providers.countRequestsMatching(
            postRequestedFor(urlPathEqualTo(MAILGUN_SEND)).build()).getCount() == 1);
        String form = URLDecoder.decode(providers.findAll(postRequestedFor(urlPathEqualTo(MAILGUN_SEND))).get(0)
            .getBodyAsString(), StandardCharsets.UTF_8);
        assertThat(form).contains("to=hanako@example.jp", "請求書を再発行しました。", "subject=Re: 請求書の再発行",
            "h:In-Reply-To=<mg-3@mail.example.jp>");
    }

    @Test
    void aWebhookWhoseSecretsAreNotSetIsNotServedAndSaysSo() throws Exception {
        ServeApp app = serve(Duration.ZERO);

        HttpResponse<String> slack = postTo(app, "/webhooks/slack", Map.of("Content-Type", "application/json"),
            "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(slack.statusCode()).isEqualTo(404);
        assertThat(slack.body()).contains("/webhooks/slack is not configured");
        assertThat(app.unconfiguredWebhooks()).containsExactly("slack");
        assertThat(app.urls()).extracting(u -> u.replaceFirst(":\\d+/", ":PORT/")).contains(
            "http://localhost:PORT/webhooks/line", "http://localhost:PORT/webhooks/twilio",
            "http://localhost:PORT/webhooks/email/sendgrid", "http://localhost:PORT/webhooks/email/mailgun/mime")
            .doesNotContain("http://localhost:PORT/webhooks/slack");
    }

    // ------------------------------------------------------------------ durability across a restart

    private List<LoggedRequest> smsSent() {
        return providers.findAll(postRequestedFor(urlPathEqualTo(MESSAGES)));
    }

    @Test
    void aReplyPendingWhenServeStopsIsSentOnceAfterARestartOnTheSameFile() throws Exception {
        providers.resetAll();
        providers.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(503)));
        ServeApp first = serve(Duration.ZERO);
        twilio(first, sms("SM33333333333333333333333333333333", "ポイントが反映されていません"), TWILIO_TOKEN);
        first.desk().reply(Principal.agent(DemoDay.SHOP, AgentId.of("sato")), tickets(first).get(0).id(),
            "確認のうえ、本日中にポイントを付与いたします。");
        await().atMost(Duration.ofSeconds(30)).until(() -> !smsSent().isEmpty());
        first.close();
        assertThat(first.outbox().withStatus(OutboxRow.Status.SENT, 10)).isEmpty();

        // Twilio is back; the restarted desk's clock is past the stopped sender's lease
        acceptSends();
        ServeApp second = serve(Duration.ofMinutes(10));

        await().atMost(Duration.ofSeconds(30)).until(() -> second.outbox().withStatus(OutboxRow.Status.SENT, 10)
            .size() == 1);
        second.sweep();
        assertThat(smsSent()).singleElement().satisfies(r -> assertThat(form(r))
            .containsEntry("To", CUSTOMER_NUMBER).containsEntry("From", SHOP_NUMBER)
            .containsEntry("Body", "確認のうえ、本日中にポイントを付与いたします。"));
        assertThat(second.outbox().withStatus(OutboxRow.Status.PENDING, 10)).isEmpty();
        assertThat(second.outbox().withStatus(OutboxRow.Status.SENDING, 10)).isEmpty();
    }

    private static Map<String, String> form(LoggedRequest r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : r.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void aSolvedTicketsCustomerGetsTheSurveyLinkOnceAlsoAcrossARestartAndTheLinkAnswersOnce() throws Exception {
        ServeApp first = serve(Duration.ZERO);
        twilio(first, sms("SM44444444444444444444444444444444", "営業時間を教えてください"), TWILIO_TOKEN);
        Ticket ticket = tickets(first).get(0);
        first.desk().changeStatus(Principal.agent(DemoDay.SHOP, AgentId.of("sato")), ticket.id(),
            TicketStatus.SOLVED);

        first.sweep();
        await().atMost(Duration.ofSeconds(30)).until(() -> smsSent().size() == 1);
        first.sweep();
        first.close();
        ServeApp second = serve(Duration.ZERO);
        second.sweep();
        second.desk().processEvents();

        assertThat(second.outbox().withStatus(OutboxRow.Status.PENDING, 10)).isEmpty();
        assertThat(second.outbox().withStatus(OutboxRow.Status.SENDING, 10)).isEmpty();
        assertThat(smsSent()).hasSize(1);
        Map<String, String> sent = form(smsSent().get(0));
        assertThat(sent).containsEntry("To", CUSTOMER_NUMBER);
        String body = sent.get("Body");
        assertThat(body).contains("アンケート", "/survey?t=");
        String link = body.substring(body.indexOf("http://"));
        // the link names the first run's port; the survey page is the same on the restarted one
        String token = link.substring(link.indexOf("?t=") + 3);
        String page = "http://localhost:" + second.port() + "/survey";

        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(page + "?t=" + token)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"score\"");
        byte[] answer = ("t=" + token + "&score=5&comment=" + URLEncoder.encode("丁寧な回答でした",
            StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        Map<String, String> type = Map.of("Content-Type", "application/x-www-form-urlencoded");
        assertThat(postTo(second, "/survey", type, answer).statusCode()).isEqualTo(200);
        assertThat(postTo(second, "/survey", type, answer).statusCode()).isEqualTo(403);
        assertThat(second.surveys().responses(DemoDay.SHOP)).singleElement()
            .satisfies(r -> assertThat(r.comment()).isEqualTo("丁寧な回答でした"));
    }

    @Test
    void aSolvedWebChatConversationGetsTheSurveyLinkInTheChatOnceAlsoWhenTheEventComesAgain() throws Exception {
        ServeApp first = serve(Duration.ZERO);
        String visitor = first.chat().start(null, "山田", "ja");
        first.chat().send(visitor, "m1", "配送状況を教えてください");
        first.desk().processEvents();
        Ticket ticket = tickets(first).stream().filter(t -> Channel.WEB_CHAT.equals(t.channel())).findFirst()
            .orElseThrow();
        first.desk().changeStatus(Principal.agent(DemoDay.SHOP, AgentId.of("sato")), ticket.id(),
            TicketStatus.SOLVED);
        first.sweep();
        first.desk().processEvents();
        first.close();
        ServeApp second = serve(Duration.ZERO);
        second.sweep();
        second.desk().processEvents();

        List<WebChat.ChatMessage> links = second.chat().history(visitor, "", 200).messages().stream()
            .filter(m -> m.text().contains("/survey?t=")).toList();
        assertThat(links).singleElement().satisfies(m -> assertThat(m.text()).contains("アンケート"));
        assertThat(second.outbox().withStatus(OutboxRow.Status.PENDING, 10)).isEmpty();

        // the event handled again (a crash before the checkpoint was stored) posts no second link
        EventLog log = DemoDay.Stores.jdbc(dataSource, Clock.systemUTC()).desk().eventLog();
        EventEnvelope sent = log.read(0, 10_000).stream()
            .filter(e -> e.event() instanceof SurveyInvitationSent).findFirst().orElseThrow();
        new SurveyOutbox(second.desk(), second.surveys(), t -> "http://shop/survey?t=" + t).handle(sent);
        assertThat(second.chat().history(visitor, "", 200).messages())
            .filteredOn(m -> m.text().contains("/survey?t=")).hasSize(1);
    }

    @Test
    void theSurveyPageRefusesAForgedLink() throws Exception {
        ServeApp app = serve(Duration.ZERO);

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port()
            + "/survey?t=st1.k.forged.mac")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("このリンクはご利用いただけません");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }
}
