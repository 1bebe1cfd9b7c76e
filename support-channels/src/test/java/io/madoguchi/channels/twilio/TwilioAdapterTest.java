package io.madoguchi.channels.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.madoguchi.channels.ChannelGateway;
import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.WebhookResponse;
import io.madoguchi.channels.event.ChannelEvent;
import io.madoguchi.channels.kit.ChannelTestDesk;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwilioAdapterTest {

    private static final String TOKEN = TwilioPayloads.TOKEN;
    private static final String MESSAGES = "/2010-04-01/Accounts/" + TwilioPayloads.ACCOUNT + "/Messages.json";
    private static final String CUSTOMER = "+819012345678";
    private WireMockServer twilio;
    private ChannelTestDesk t;

    @BeforeEach
    void start() {
        twilio = new WireMockServer(options().dynamicPort());
        twilio.start();
        t = desk(b -> b);
    }

    private ChannelTestDesk desk(UnaryOperator<TwilioAdapter.Builder> options) {
        return new ChannelTestDesk(clock -> options.apply(TwilioAdapter.builder(TwilioPayloads.ACCOUNT, TOKEN)
            .from(TwilioPayloads.NUMBER).baseUrl("http://localhost:" + twilio.port()).clock(clock)).build(),
            b -> b.maxAttempts(4));
    }

    @AfterEach
    void stop() {
        twilio.stop();
    }

    private WebhookResponse deliver(Map<String, String> params) {
        return t.gateway.handle("sms", TwilioPayloads.request(TOKEN, TwilioPayloads.URL,
            TwilioPayloads.encode(params)));
    }

    private List<LoggedRequest> sends() {
        return twilio.findAll(postRequestedFor(urlPathEqualTo(MESSAGES)));
    }

    private static String body(LoggedRequest r) {
        return TwilioAdapter.form(r.getBody()).get("Body").get(0);
    }

    // ------------------------------------------------------------------ signature

    @Test
    void twiliosDocumentedExampleSignatureVerifiesWithAndWithoutTheDefaultPort() {
        byte[] body = ("CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030"
            + "&To=%2B18005551212").getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = Map.of("X-Twilio-Signature", List.of("0/KCTR6DLpKmkAf8muzZqo1nDgQ="));

        for (String url : List.of("https://mycompany.com/myapp.php?foo=1&bar=2",
            "https://mycompany.com:443/myapp.php?foo=1&bar=2")) {
            WebhookRequest r = WebhookRequest.of("POST", url, headers, body, WebhookLimits.DEFAULT);
            TwilioAdapter.verifySignature(r, url, "12345");
        }
        WebhookRequest other = WebhookRequest.of("POST", "https://mycompany.com/myapp.php?foo=1&bar=3", headers, body,
            WebhookLimits.DEFAULT);
        assertThatThrownBy(() -> TwilioAdapter.verifySignature(other, other.url(), "12345"))
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void aParameterChangedAfterSigningIsRefusedAndChangesNothing() {
        byte[] genuine = TwilioPayloads.encode(TwilioPayloads.sms("SM100", CUSTOMER, "返品したいです"));
        WebhookRequest signed = TwilioPayloads.request(TOKEN, TwilioPayloads.URL, genuine);
        byte[] forged = TwilioPayloads.encode(TwilioPayloads.sms("SM100", "+819099999999", "返品したいです"));
        long head = t.store.eventLog().head();

        WebhookResponse r = t.gateway.handle("sms", WebhookRequest.of("POST", TwilioPayloads.URL, signed.headers(),
            forged, WebhookLimits.DEFAULT));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.bodyText()).contains("X-Twilio-Signature");
        assertThat(t.tickets()).isEmpty();
        assertThat(t.store.eventLog().head()).isEqualTo(head);
    }

    @Test
    void behindAProxyTheConfiguredPublicUrlIsWhatIsVerified() {
        byte[] body = TwilioPayloads.encode(TwilioPayloads.sms("SM200", CUSTOMER, "届きません"));
        WebhookRequest seen = TwilioPayloads.request(TOKEN, TwilioPayloads.URL, "http://10.0.0.5:8080/webhooks/sms",
            body, Map.of());

        assertThat(t.gateway.handle("sms", seen).status()).as("the proxy's internal URL").isEqualTo(401);

        t = desk(b -> b.publicBaseUrl("https://desk.example.jp"));
        assertThat(t.gateway.handle("sms", seen).status()).isEqualTo(200);
        assertThat(t.tickets()).hasSize(1);
    }

    @Test
    void forwardedHeadersRebuildTheUrlOnlyWhenTheHostTrustsThem() {
        byte[] body = TwilioPayloads.encode(TwilioPayloads.sms("SM300", CUSTOMER, "住所を変更したい"));
        WebhookRequest seen = TwilioPayloads.request(TOKEN, TwilioPayloads.URL, "http://10.0.0.5:8080/webhooks/sms",
            body, Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "desk.example.jp, proxy.internal"));

        assertThat(t.gateway.handle("sms", seen).status()).isEqualTo(401);
        assertThat(t.tickets()).isEmpty();

        t = desk(b -> b.trustForwardedHeaders(true));
        assertThat(t.gateway.handle("sms", seen).status()).isEqualTo(200);
        assertThat(t.tickets()).hasSize(1);
    }

    @Test
    void aJsonBodyIsCheckedAgainstTheBodySha256TheSignedUrlCarries() {
        byte[] json = "{\"CallSid\":\"CA1234567890ABCDE\",\"Caller\":\"+12349013030\"}"
            .getBytes(StandardCharsets.UTF_8);
        String url = "https://example.com/myapp?bodySHA256="
            + "5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9";
        Map<String, List<String>> headers = Map.of("X-Twilio-Signature",
            List.of(TwilioAdapter.sign(url, Map.of(), "12345")));

        TwilioAdapter.verifySignature(WebhookRequest.of("POST", url, headers, json, WebhookLimits.DEFAULT), url,
            "12345");
        byte[] altered = new String(json, StandardCharsets.UTF_8).replace("+1234", "+9999")
            .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TwilioAdapter.verifySignature(
            WebhookRequest.of("POST", url, headers, altered, WebhookLimits.DEFAULT), url, "12345"))
            .isInstanceOfSatisfying(WebhookRejectedException.class,
                e -> assertThat(e.field()).isEqualTo("bodySHA256"));
    }

    // ------------------------------------------------------------------ SMS in

    @Test
    void anSmsOpensAnSmsTicketAndIsAnsweredWithAnEmptyTwimlResponse() {
        WebhookResponse r = deliver(TwilioPayloads.sms("SM400", CUSTOMER, "注文番号 A-100 の配送状況を教えてください & よろしく"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("Content-Type")).startsWith("text/xml");
        assertThat(r.bodyText()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        assertThat(t.tickets()).singleElement().satisfies(ticket -> assertThat(ticket.channel())
            .isEqualTo(Channel.SMS));
        assertThat(t.messages()).extracting(Message::body)
            .containsExactly("注文番号 A-100 の配送状況を教えてください & よろしく");
    }

    @Test
    void anMmsKeepsItsMediaAsAttachments() {
        Map<String, String> p = TwilioPayloads.sms("MM500", CUSTOMER, "");
        p.put("NumMedia", "2");
        p.put("MediaContentType0", "image/jpeg");
        p.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/" + TwilioPayloads.ACCOUNT
            + "/Messages/MM500/Media/ME1");
        p.put("MediaContentType1", "image/png");
        p.put("MediaUrl1", "https://api.twilio.com/2010-04-01/Accounts/" + TwilioPayloads.ACCOUNT
            + "/Messages/MM500/Media/ME2");

        deliver(p);

        assertThat(t.messages()).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("[media]");
            assertThat(m.attachments()).extracting(a -> a.contentType()).containsExactly("image/jpeg", "image/png");
        });
    }

    @Test
    void aRedeliveredSmsStoresNothingTwice() {
        Map<String, String> sms = TwilioPayloads.sms("SM600", CUSTOMER, "二重に届いていませんか");

        deliver(sms);
        deliver(sms);

        assertThat(t.messages()).hasSize(1);
        assertThat(t.events(ChannelEvent.DuplicateIgnored.class)).hasSize(1);
    }

    @Test
    void aFormWithoutMessageSidOrCallSidIsRefusedNamingTheField() {
        Map<String, String> p = TwilioPayloads.sms("SM700", CUSTOMER, "x");
        p.remove("MessageSid");
        p.remove("SmsSid");
        p.remove("SmsMessageSid");

        WebhookResponse r = deliver(p);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.bodyText()).contains("body.MessageSid");
        assertThat(t.tickets()).isEmpty();
    }

    // ------------------------------------------------------------------ delivery receipts

    @Test
    void statusCallbacksAreRecordedAsDeliveryEventsOncePerMessageAndStatus() {
        Map<String, String> undelivered = TwilioPayloads.status("SM900", CUSTOMER, "undelivered");
        undelivered.put("ErrorCode", "30003");

        assertThat(deliver(TwilioPayloads.status("SM900", CUSTOMER, "queued")).status()).isEqualTo(200);
        deliver(TwilioPayloads.status("SM900", CUSTOMER, "sent"));
        WebhookResponse r = deliver(undelivered);
        deliver(undelivered);
        deliver(TwilioPayloads.status("SM900", CUSTOMER, "sent"));

        assertThat(r.bodyText()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        assertThat(t.events(ChannelEvent.DeliveryStatusReported.class))
            .extracting(ChannelEvent.DeliveryStatusReported::providerMessageId,
                ChannelEvent.DeliveryStatusReported::status, ChannelEvent.DeliveryStatusReported::errorCode)
            .containsExactly(tuple("SM900", "queued", null), tuple("SM900", "sent", null),
                tuple("SM900", "undelivered", "30003"));
        assertThat(t.events(ChannelEvent.DuplicateIgnored.class)).hasSize(2);
        assertThat(t.tickets()).as("a receipt is no customer message").isEmpty();
    }

    @Test
    void aForgedStatusCallbackIsRefusedAndRecordsNothing() {
        byte[] body = TwilioPayloads.encode(TwilioPayloads.status("SM901", CUSTOMER, "delivered"));
        WebhookRequest forged = TwilioPayloads.request("偽のトークン-forged", TwilioPayloads.URL, body);

        assertThat(t.gateway.handle("sms", forged).status()).isEqualTo(401);
        assertThat(t.events(ChannelEvent.DeliveryStatusReported.class)).isEmpty();
    }

    @Test
    void aStatusCallbackWithAMalformedStatusIsRefusedNamingTheField() {
        WebhookResponse r = deliver(TwilioPayloads.status("SM902", CUSTOMER, "<delivered>"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.bodyText()).contains("body.MessageStatus");
        assertThat(t.events(ChannelEvent.DeliveryStatusReported.class)).isEmpty();
    }

    // ------------------------------------------------------------------ voice in

    @Test
    void anIncomingCallIsGreetedInJapaneseAndRecordedWithATranscriptionAndOpensNoTicketYet() {
        WebhookRequest call = TwilioPayloads.request(TOKEN, TwilioPayloads.URL + "?tenant=a&line=1",
            TwilioPayloads.encode(TwilioPayloads.call("CA800", CUSTOMER)));

        WebhookResponse r = t.gateway.handle("sms", call);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).contains("<Say language=\"ja-JP\">お電話ありがとうございます。")
            .contains("<Record transcribe=\"true\" transcribeCallback=\""
                + "https://desk.example.jp/webhooks/sms?tenant=a&amp;line=1\"");
        assertThat(t.tickets()).isEmpty();
    }

    @Test
    void theGreetingIsXmlEscaped() {
        t = desk(b -> b.voicemail("<営業時間外> & \"ご用件\"をどうぞ", 60));

        WebhookResponse r = deliver(TwilioPayloads.call("CA900", CUSTOMER));

        assertThat(r.bodyText()).contains("&lt;営業時間外&gt; &amp; &quot;ご用件&quot;をどうぞ")
            .contains("maxLength=\"60\"").doesNotContain("<営業時間外>");
    }

    @Test
    void aVoicemailOpensAPhoneTicketAndItsLaterTranscriptionJoinsIt() {
        deliver(TwilioPayloads.call("CA1000", CUSTOMER));
        WebhookResponse recorded = deliver(TwilioPayloads.recording("CA1000", "RE1000", CUSTOMER, 14));
        t.advance(Duration.ofMinutes(2));
        WebhookResponse transcribed = deliver(TwilioPayloads.transcription("CA1000", "RE1000", "TR1000", CUSTOMER,
            "先週注文した商品がまだ届いていません。折り返しお願いします。"));

        assertThat(recorded.status()).isEqualTo(200);
        assertThat(transcribed.status()).isEqualTo(200);
        assertThat(t.tickets()).singleElement().satisfies(ticket -> assertThat(ticket.channel())
            .isEqualTo(Channel.PHONE));
        Ticket ticket = t.tickets().get(0);
        assertThat(t.messages(ticket.id())).extracting(Message::body).containsExactly(
            "[留守番電話] 録音 14 秒（文字起こしは後で届きます）",
            "[文字起こし] 先週注文した商品がまだ届いていません。折り返しお願いします。");
        assertThat(t.messages(ticket.id()).get(0).attachments()).singleElement()
            .satisfies(a -> assertThat(a.uri()).endsWith("/Recordings/RE1000"));
    }

    @Test
    void aRedeliveredRecordingOrTranscriptionStoresNothingTwice() {
        Map<String, String> recording = TwilioPayloads.recording("CA1100", "RE1100", CUSTOMER, 5);
        Map<String, String> transcription = TwilioPayloads.transcription("CA1100", "RE1100", "TR1100", CUSTOMER,
            "請求書を再発行してください");

        deliver(recording);
        deliver(transcription);
        deliver(recording);
        deliver(transcription);

        assertThat(t.messages()).hasSize(2);
        assertThat(t.events(ChannelEvent.DuplicateIgnored.class)).hasSize(2);
    }

    @Test
    void concurrentRedeliveriesOfAVoicemailAndItsTranscriptionStoreEachOnce() throws Exception {
        WebhookRequest recording = TwilioPayloads.request(TOKEN, TwilioPayloads.URL,
            TwilioPayloads.encode(TwilioPayloads.recording("CA1150", "RE1150", CUSTOMER, 9)));
        WebhookRequest transcription = TwilioPayloads.request(TOKEN, TwilioPayloads.URL,
            TwilioPayloads.encode(TwilioPayloads.transcription("CA1150", "RE1150", "TR1150", CUSTOMER,
                "ポイントの有効期限を知りたいです")));
        t.gateway.handle("sms", recording);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<ChannelGateway.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                WebhookRequest r = i % 2 == 0 ? recording : transcription;
                outcomes.add(pool.submit(() -> {
                    go.await();
                    return t.gateway.process("sms", r);
                }));
            }
            go.countDown();
            int stored = 0;
            for (Future<ChannelGateway.Outcome> f : outcomes) {
                stored += f.get(30, TimeUnit.SECONDS).stored().size();
            }
            assertThat(stored).as("only the transcription's first delivery stores").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }

        assertThat(t.tickets()).hasSize(1);
        assertThat(t.messages()).hasSize(2);
    }

    @Test
    void aFailedTranscriptionSaysSoOnTheTicket() {
        Map<String, String> p = TwilioPayloads.transcription("CA1200", "RE1200", "TR1200", CUSTOMER, "");
        p.put("TranscriptionStatus", "failed");

        deliver(p);

        assertThat(t.messages()).extracting(Message::body)
            .containsExactly("[文字起こし] 音声を文字にできませんでした。録音をお聞きください。");
    }

    // ------------------------------------------------------------------ SMS out

    private Ticket customerTexts() {
        deliver(TwilioPayloads.sms("SM2000", CUSTOMER, "問い合わせです"));
        return t.tickets().get(0);
    }

    @Test
    void aLongJapaneseReplyIsSplitIntoSmsOfAtMost1600UnitsFromTheNumberTheCustomerWrote() {
        twilio.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
            .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"SM1\"}")));
        Ticket ticket = customerTexts();
        String reply = "お待たせしました𠮷。".repeat(350); // 3,500 UTF-16 units with surrogate pairs

        t.desk.reply(t.agent, ticket.id(), reply);
        t.advance(Duration.ofMinutes(1));

        List<LoggedRequest> sent = sends();
        assertThat(sent).hasSize(3);
        assertThat(sent).allSatisfy(r -> {
            assertThat(body(r).length()).isLessThanOrEqualTo(1_600);
            assertThat(Character.isHighSurrogate(body(r).charAt(body(r).length() - 1))).isFalse();
            Map<String, List<String>> form = TwilioAdapter.form(r.getBody());
            assertThat(form.get("To")).containsExactly(CUSTOMER);
            assertThat(form.get("From")).containsExactly(TwilioPayloads.NUMBER);
            assertThat(r.getHeader("Authorization")).startsWith("Basic ");
        });
        assertThat(sent.stream().map(TwilioAdapterTest::body).reduce("", String::concat)).isEqualTo(reply);
    }

    @Test
    void afterALostResponseTheMessageTwilioAlreadyCreatedIsFoundAndNotSentAgain() {
        twilio.stubFor(post(urlPathEqualTo(MESSAGES))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        twilio.stubFor(get(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json").withBody("{\"messages\":["
                + TwilioPayloads.messageJson("SM9", CUSTOMER, "確認いたしました", "Mon, 30 Nov 2026 01:00:00 +0000")
                + "],\"page\":0,\"page_size\":50}")));
        Ticket ticket = customerTexts();

        t.desk.reply(t.agent, ticket.id(), "確認いたしました");
        t.advance(Duration.ofMinutes(2));

        assertThat(sends()).hasSize(1);
        assertThat(twilio.findAll(getRequestedFor(urlPathEqualTo(MESSAGES)))).singleElement()
            .satisfies(r -> assertThat(r.queryParameter("To").firstValue()).isEqualTo(CUSTOMER));
        assertThat(t.events(ChannelEvent.DeliveryDelivered.class)).hasSize(1);
    }

    @Test
    void afterALostResponseWithNoMessageAtTwilioTheReplyIsSentAgain() {
        twilio.stubFor(post(urlPathEqualTo(MESSAGES)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        twilio.stubFor(post(urlPathEqualTo(MESSAGES)).inScenario("lost").whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(201).withBody("{\"sid\":\"SM2\"}")));
        twilio.stubFor(get(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200)
            .withBody("{\"messages\":[],\"page\":0}")));
        Ticket ticket = customerTexts();

        t.desk.reply(t.agent, ticket.id(), "発送しました");
        t.advance(Duration.ofMinutes(2));

        assertThat(sends()).hasSize(2);
        assertThat(t.events(ChannelEvent.DeliveryDelivered.class)).hasSize(1);
    }

    @Test
    void anInvalidNumberIsDeadLetteredWithTwiliosErrorCode() {
        twilio.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(400)
            .withHeader("Content-Type", "application/json").withBody("{\"code\":21211,\"message\":\"The 'To' number "
                + "is not a valid phone number.\",\"more_info\":\"https://www.twilio.com/docs/errors/21211\","
                + "\"status\":400}")));
        Ticket ticket = customerTexts();

        t.desk.reply(t.agent, ticket.id(), "届かない返信");
        t.advance(Duration.ofMinutes(1));

        assertThat(sends()).hasSize(1);
        assertThat(t.events(ChannelEvent.DeliveryDeadLettered.class)).singleElement()
            .satisfies(d -> assertThat(d.detail()).startsWith("400 21211"));
    }

    @Test
    void twiliosErrorTextLosesTheCustomersNumberButKeepsTheCodeInTheEventTheRowAndTheNote() {
        twilio.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(400)
            .withHeader("Content-Type", "application/json").withBody("{\"code\":21211,\"message\":\"The 'To' number "
                + CUSTOMER + " is not a valid phone number.\",\"more_info\":"
                + "\"https://www.twilio.com/docs/errors/21211\",\"status\":400}")));
        Ticket ticket = customerTexts();

        t.desk.reply(t.agent, ticket.id(), "届かない返信");
        t.advance(Duration.ofMinutes(1));

        String digits = CUSTOMER.substring(1);
        assertThat(t.events(ChannelEvent.DeliveryDeadLettered.class)).singleElement()
            .satisfies(d -> assertThat(d.detail()).startsWith("400 21211 The 'To' number ")
                .contains("is not a valid phone number").doesNotContain(digits, "9012345678"));
        assertThat(t.outbox.withStatus(OutboxRow.Status.DEAD, 10)).singleElement()
            .satisfies(row -> assertThat(row.lastError()).startsWith("400 21211").doesNotContain(digits));
        assertThat(t.messages(ticket.id())).noneSatisfy(m -> assertThat(m.body()).contains(digits));
    }

    @Test
    void aRegionPermissionErrorNamingTheNumberInAnotherFormLosesItToo() {
        twilio.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(400)
            .withHeader("Content-Type", "application/json").withBody("{\"code\":21408,\"message\":\"Permission "
                + "to send an SMS has not been enabled for the region indicated by the 'To' number: "
                + "+81 90-1234-5678\",\"status\":400}")));
        Ticket ticket = customerTexts();

        t.desk.reply(t.agent, ticket.id(), "届かない返信");
        t.advance(Duration.ofMinutes(1));

        assertThat(t.events(ChannelEvent.DeliveryDeadLettered.class)).singleElement()
            .satisfies(d -> assertThat(d.detail()).startsWith("400 21408 Permission to send an SMS")
                .doesNotContain("1234", "5678"));
    }

    @Test
    void aMalformedAccountSidIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> TwilioAdapter.builder("AC123", TOKEN))
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("accountSid"));
        assertThatThrownBy(() -> TwilioAdapter.builder(TwilioPayloads.ACCOUNT, TOKEN).build())
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("from"));
    }

    @Test
    void itDeclaresTwiliosLimitsAndKeepsTheTokenOutOfToString() {
        TwilioAdapter adapter = TwilioAdapter.builder(TwilioPayloads.ACCOUNT, TOKEN).from(TwilioPayloads.NUMBER)
            .build();

        assertThat(adapter.capabilities().maxTextLength()).isEqualTo(1_600);
        assertThat(adapter.capabilities().messagesPerRequest()).isEqualTo(1);
        assertThat(adapter.toString()).doesNotContain(TOKEN);
    }

    // ------------------------------------------------------------------ form

    @Test
    void theFormDecodesJapaneseRepeatedNamesAndPlusAsSpace() {
        Map<String, List<String>> form = TwilioAdapter.form(("Body=%E4%BD%8F%E6%B0%91%E7%A5%A8"
            + "+%E3%81%AE%E5%86%99%E3%81%97&MediaUrl0=a&MediaUrl0=b&&Empty=&Flag").getBytes(StandardCharsets.US_ASCII));

        assertThat(form).containsExactly(Map.entry("Body", List.of("住民票 の写し")),
            Map.entry("MediaUrl0", List.of("a", "b")), Map.entry("Empty", List.of("")), Map.entry("Flag", List.of("")));
    }

    @Test
    void aValueThatIsNotUtf8OnceDecodedIsRefusedNamingTheParameterNotReadAsAReplacementCharacter() {
        // two different bodies must not decode to the same parameters, which the signature is computed over
        for (String body : List.of("From=%2B81&Body=%FF", "From=%2B81&Body=%FE", "From=%2B81&Body=%E4%BD")) {
            assertThatThrownBy(() -> TwilioAdapter.form(body.getBytes(StandardCharsets.US_ASCII)))
                .as(body).isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo("body.Body");
                });
        }
        assertThatThrownBy(() -> TwilioAdapter.form("From=%2B81&Body=%zz".getBytes(StandardCharsets.US_ASCII)))
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.field()).isEqualTo("body.Body"));
    }
}
