package io.madoguchi.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.madoguchi.channels.event.ChannelEvent;
import io.madoguchi.channels.kit.ChannelTestDesk;
import io.madoguchi.core.inbound.Received;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replies through the outbox to a real SMTP server (GreenMail) on a free local port. */
class SmtpReplyTest {

    private static final String SECRET = "parse-policy";

    private GreenMail smtp;
    private ChannelTestDesk t;
    private final AtomicReference<io.madoguchi.core.store.EventLog> log = new AtomicReference<>();

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        t = new ChannelTestDesk(clock -> EmailAdapter.builder("support@desk.example.jp",
                SendGridInbound.withPublicKey(EmailRequests.publicKey(SECRET)),
                SmtpTransport.builder("127.0.0.1", smtp.getSmtp().getPort()).timeout(Duration.ofSeconds(10)).build())
            .threads(id -> MailThreads.of(log.get(), t.tenant).ticketOf(id)).supportName("窓口サポート").clock(clock)
            .build(), b -> b.maxAttempts(3));
        log.set(t.store.eventLog());
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private Received deliver(byte[] raw) {
        return t.gateway.process("email", EmailRequests.sendGrid(SECRET, EmailRequests.sendGridForm(raw),
            t.clock.instant())).stored().get(0);
    }

    @Test
    void aReplyArrivesOverSmtpAsUtf8WithThreadingHeadersAndTheCustomersAnswerJoinsTheTicket() throws Exception {
        Received first = deliver(JapaneseMails.outlookIso2022jp("o1@mail.example.jp"));

        t.desk.reply(t.agent, first.ticket().id(), "山田様\n\n①番のご注文は本日発送いたしました。～よろしくお願いいたします。");
        t.advance(Duration.ofMinutes(1));

        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage got = smtp.getReceivedMessages()[0];
        String token = TicketTokens.token(first.ticket().id());
        assertThat(got.getHeader("In-Reply-To", null)).isEqualTo("<o1@mail.example.jp>");
        assertThat(got.getHeader("References", null)).isEqualTo("<o1@mail.example.jp>");
        assertThat(got.getMessageID()).startsWith("<madoguchi." + token + ".");
        assertThat(got.getSubject()).isEqualTo("Re: 【至急】①番の注文について㈱山田商会 [#" + token + "]");
        assertThat(got.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat((String) got.getContent()).contains("①番のご注文は本日発送いたしました。～");
        assertThat(t.events(ChannelEvent.DeliveryDelivered.class)).hasSize(1);

        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        got.writeTo(raw);
        ParsedMail asSent = MailParser.withDefaults().parse(raw.toByteArray());
        Received answer = deliver(EmailRequests.utf8Mail("o2@mail.example.jp", "taro@example.jp",
            "Re: " + asSent.subject(), "ありがとうございました。", "In-Reply-To: <" + asSent.messageId() + ">\n"));
        assertThat(answer.ticket().id()).isEqualTo(first.ticket().id());
    }

    @Test
    void aReplyToAMalformedAddressIsRejectedRatherThanRetried() {
        SmtpTransport transport = SmtpTransport.builder("127.0.0.1", smtp.getSmtp().getPort()).build();

        assertThat(transport.send(new ReplyMail("x@desk.example.jp", null, java.util.List.of(),
            "support@desk.example.jp", "", "not an address", "件名", "本文", t.clock.instant())))
            .isInstanceOf(io.madoguchi.channels.SendResult.Rejected.class);
    }

    @Test
    void aServerThatIsNotThereIsRetried() {
        int port = smtp.getSmtp().getPort();
        smtp.stop();
        SmtpTransport transport = SmtpTransport.builder("127.0.0.1", port)
            .timeout(Duration.ofSeconds(2)).build();

        assertThat(transport.send(new ReplyMail("x@desk.example.jp", null, java.util.List.of(),
            "support@desk.example.jp", "", "taro@example.jp", "件名", "本文", t.clock.instant())))
            .isInstanceOf(io.madoguchi.channels.SendResult.Retry.class);
    }
}
