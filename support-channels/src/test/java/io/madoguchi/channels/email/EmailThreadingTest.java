package io.madoguchi.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.channels.ChannelGateway;
import io.madoguchi.channels.SendResult;
import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.kit.ChannelTestDesk;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EmailThreadingTest {

    private static final String SECRET = "parse-policy";

    private final List<ReplyMail> sent = new CopyOnWriteArrayList<>();
    private final AtomicReference<EventLog> log = new AtomicReference<>();
    private final ChannelTestDesk t = new ChannelTestDesk(clock -> EmailAdapter.builder("support@desk.example.jp",
            SendGridInbound.withPublicKey(EmailRequests.publicKey(SECRET)), recording())
        .threads(id -> MailThreads.of(log.get(), io.madoguchi.core.TenantId.of("shop-a")).ticketOf(id))
        .supportName("窓口サポート").clock(clock).build(), b -> b.maxAttempts(3));

    {
        log.set(t.store.eventLog());
    }

    private MailTransport recording() {
        return new MailTransport() {
            @Override
            public SendResult send(ReplyMail mail) {
                sent.add(mail);
                return new SendResult.Sent("250");
            }

            @Override
            public String endpoint() {
                return "email:test";
            }
        };
    }

    private ChannelGateway.Outcome deliver(byte[] rawMime) {
        return t.gateway.process("email", EmailRequests.sendGrid(SECRET, EmailRequests.sendGridForm(rawMime),
            t.clock.instant()));
    }

    private static byte[] mail(String id, String from, String subject, String text, String extra) {
        return EmailRequests.utf8Mail(id, from, subject, text, extra);
    }

    @Test
    void aThreadOfThreeMailsWithTheDesksReplyBetweenIsOneTicket() {
        Received first = deliver(mail("m1@example.jp", "taro@example.jp", "配送について", "荷物が届きません。", ""))
            .stored().get(0);
        Received second = deliver(mail("m2@example.jp", "taro@example.jp", "Re: 配送について",
            "追跡番号は 1234 です。\n\n> 荷物が届きません。", "In-Reply-To: <m1@example.jp>\nReferences: <m1@example.jp>\n"))
            .stored().get(0);
        t.desk.reply(t.agent, first.ticket().id(), "確認いたします。");
        t.advance(Duration.ofMinutes(1));
        ReplyMail reply = sent.get(0);
        Received third = deliver(mail("m3@example.jp", "taro@example.jp", "Re: 配送について", "よろしくお願いします。",
            "In-Reply-To: <" + reply.messageId() + ">\n")).stored().get(0);

        assertThat(first.outcome()).isEqualTo(Received.Outcome.OPENED);
        assertThat(List.of(second, third)).extracting(r -> r.ticket().id()).containsOnly(first.ticket().id());
        assertThat(t.tickets()).hasSize(1);
        assertThat(t.messages(first.ticket().id())).extracting(Message::body)
            .containsExactly("荷物が届きません。", "追跡番号は 1234 です。", "確認いたします。", "よろしくお願いします。");
    }

    @Test
    void theReplyCarriesThreadingHeadersAndTheTicketToken() {
        Received first = deliver(mail("m1@example.jp", "taro@example.jp", "配送について", "荷物が届きません。", ""))
            .stored().get(0);
        deliver(mail("m2@example.jp", "taro@example.jp", "Re: 配送について", "至急お願いします。",
            "In-Reply-To: <m1@example.jp>\nReferences: <m1@example.jp>\n"));

        t.desk.reply(t.agent, first.ticket().id(), "本日発送しました。");
        t.advance(Duration.ofMinutes(1));

        String token = TicketTokens.token(first.ticket().id());
        assertThat(sent).singleElement().satisfies(r -> {
            assertThat(r.inReplyTo()).isEqualTo("m2@example.jp");
            assertThat(r.references()).containsExactly("m1@example.jp", "m2@example.jp");
            assertThat(r.messageId()).startsWith("madoguchi." + token + ".").endsWith("@desk.example.jp");
            assertThat(r.subject()).isEqualTo("Re: 配送について [#" + token + "]");
            assertThat(r.from()).isEqualTo("support+" + token + "@desk.example.jp");
            assertThat(r.to()).isEqualTo("taro@example.jp");
            assertThat(r.text()).isEqualTo("本日発送しました。");
        });
    }

    @Test
    void theSameSubjectWithoutThreadingHeadersOpensANewTicket() {
        Received first = deliver(mail("m1@example.jp", "taro@example.jp", "配送について", "荷物が届きません。", ""))
            .stored().get(0);
        Received again = deliver(mail("m9@example.jp", "taro@example.jp", "Re: 配送について", "別の注文です。", ""))
            .stored().get(0);

        assertThat(again.outcome()).isEqualTo(Received.Outcome.OPENED);
        assertThat(again.ticket().id()).isNotEqualTo(first.ticket().id());
        assertThat(again.ticket().subject()).isEqualTo("配送について");
    }

    @Test
    void aTokenInAPlusAddressOrTheSubjectJoinsTheCustomersTicket() {
        Received first = deliver(mail("m1@example.jp", "taro@example.jp", "返品", "返品したいです。", ""))
            .stored().get(0);
        String token = TicketTokens.token(first.ticket().id());
        byte[] plus = JapaneseMails.mail("From: taro@example.jp\nTo: support+" + token + "@desk.example.jp\n"
            + "Message-ID: <p1@example.jp>\nContent-Type: text/plain; charset=UTF-8",
            "追記です".getBytes(StandardCharsets.UTF_8));
        Received byPlus = deliver(plus).stored().get(0);
        Received bySubject = deliver(mail("p2@example.jp", "taro@example.jp", "返品 [#" + token + "]", "写真を送ります", ""))
            .stored().get(0);

        assertThat(List.of(byPlus, bySubject)).extracting(r -> r.ticket().id()).containsOnly(first.ticket().id());
        assertThat(t.tickets()).hasSize(1);
    }

    @Test
    void anotherCustomersTokenDoesNotJoinTheirTicket() {
        Received taro = deliver(mail("m1@example.jp", "taro@example.jp", "返品", "返品したいです。", "")).stored().get(0);
        String token = TicketTokens.token(taro.ticket().id());

        Received hanako = deliver(mail("h1@example.jp", "hanako@example.jp", "返品 [#" + token + "]", "便乗です", ""))
            .stored().get(0);

        assertThat(hanako.ticket().id()).isNotEqualTo(taro.ticket().id());
        assertThat(t.messages(taro.ticket().id())).hasSize(1);
    }

    @Test
    void aRedeliveredMailIsOneMessage() {
        byte[] raw = mail("m1@example.jp", "taro@example.jp", "配送について", "荷物が届きません。", "");
        deliver(raw);
        t.clock.advance(Duration.ofSeconds(40));

        ChannelGateway.Outcome again = deliver(raw);

        assertThat(again.response().status()).isEqualTo(200);
        assertThat(again.duplicates()).isEqualTo(1);
        assertThat(t.tickets()).hasSize(1);
        assertThat(t.messages()).hasSize(1);
    }

    @Test
    void malformedMimeIsRefusedAndNothingIsStored() {
        long head = t.store.eventLog().head();

        ChannelGateway.Outcome o = deliver("これはメールではありません\n".getBytes(StandardCharsets.UTF_8));

        assertThat(o.rejected()).isTrue();
        assertThat(o.response().status()).isEqualTo(400);
        assertThat(o.response().bodyText()).isEqualTo("field 'body.mail.header': line 1 is not a header field "
            + "('Name: value'): this is not a MIME mail");
        assertThat(t.tickets()).isEmpty();
        assertThat(t.store.eventLog().head()).isEqualTo(head);
    }

    @Test
    void oversizedMailIsRefusedAndNothingIsStored() {
        ChannelTestDesk small = new ChannelTestDesk(clock -> EmailAdapter.builder("support@desk.example.jp",
                SendGridInbound.withPublicKey(EmailRequests.publicKey(SECRET)), recording())
            .limits(new MailLimits(2_000, 998, 50, 1_000, 1_000, 10)).clock(clock).build(), b -> b);
        long head = small.store.eventLog().head();
        byte[] big = mail("big@example.jp", "taro@example.jp", "大きい", "あ".repeat(300) + "\n" + "い".repeat(300), "");

        ChannelGateway.Outcome o = small.gateway.process("email", EmailRequests.sendGrid(SECRET,
            EmailRequests.sendGridForm(big), small.clock.instant()));

        assertThat(o.response().status()).isEqualTo(413);
        assertThat(small.tickets()).isEmpty();
        assertThat(small.store.eventLog().head()).isEqualTo(head);
    }

    @Test
    void aRequestWithoutTheRawMailIsRefused() {
        byte[] form = ("--" + EmailRequests.BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n本文\r\n--"
            + EmailRequests.BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);

        ChannelGateway.Outcome o = t.gateway.process("email", EmailRequests.sendGrid(SECRET, form, t.clock.instant()));

        assertThat(o.response().status()).isEqualTo(400);
        assertThat(o.response().bodyText()).contains("body.email");
    }

    @Test
    void aStaleSignatureIsRefused() {
        WebhookRequest stale = EmailRequests.sendGrid(SECRET, EmailRequests.sendGridForm(
            mail("m1@example.jp", "taro@example.jp", "件名", "本文", "")), t.clock.instant().minusSeconds(301));

        assertThat(t.gateway.process("email", stale).response().status()).isEqualTo(401);
        assertThat(WebhookRequest.of("POST", EmailRequests.URL, Map.of(), new byte[0], WebhookLimits.DEFAULT)
            .header(SendGridInbound.SIGNATURE)).isEmpty();
    }

    @Test
    void theTicketIsOpenedWithTheDecodedSubjectAndTheMailsNewTextOnly() {
        Received r = deliver(JapaneseMails.outlookIso2022jp("o1@mail.example.jp")).stored().get(0);

        Ticket ticket = r.ticket();
        assertThat(ticket.subject()).isEqualTo("【至急】①番の注文について㈱山田商会");
        assertThat(r.message().body()).contains("注文番号①", "髙橋様").doesNotContain("山田太郎\n", "-- ");
        assertThat(r.customer().name()).isEqualTo("山田 太郎");
    }
}
