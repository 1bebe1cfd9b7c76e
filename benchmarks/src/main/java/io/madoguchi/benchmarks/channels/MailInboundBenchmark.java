package io.madoguchi.benchmarks.channels;

import io.madoguchi.channels.ChannelMessage;
import io.madoguchi.channels.SendResult;
import io.madoguchi.channels.email.EmailAdapter;
import io.madoguchi.channels.email.InboundMailSource;
import io.madoguchi.channels.email.MailParser;
import io.madoguchi.channels.email.MailThreads;
import io.madoguchi.channels.email.MailTransport;
import io.madoguchi.channels.email.ParsedMail;
import io.madoguchi.channels.email.ReplyMail;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.store.DeskStore;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Inbound mail, one thread, 20 KB ISO-2022-JP mails (Outlook style: encoded-word subject and sender, NEC and IBM
 * extension characters, a quoted earlier mail and a signature), each with its own Message-ID:
 * {@code parseAndStore} is the email adapter's parse (mime4j under limits, Japanese decoding, quote split,
 * threading lookup in the event log) and the desk's receive step on the in-memory store (claim of the Message-ID,
 * customer, ticket, events); {@code parse} is the parse alone; {@code angusParse} is the plain alternative for the
 * parse: Jakarta Mail (Angus) reading the same bytes into a {@code MimeMessage} and decoding subject, sender and text
 * with Java's own charsets. Signature checks are left out (they depend on the provider). A fresh desk per
 * iteration keeps the heap bounded.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MailInboundBenchmark -f 1 -wi 2 -i 4 -w 2s -r 2s</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MailInboundBenchmark {

    private static final Charset JIS = Charset.forName("x-windows-iso2022jp");
    private static final String ID_MARK = "0000000000";

    private byte[] template;
    private int idAt;
    private long next;
    private MailParser parser;
    private EmailAdapter adapter;
    private SupportDesk desk;
    private Principal gateway;
    private Session session;

    /** Builds the 20 KB mail template once. */
    @Setup(Level.Trial)
    public void mail() {
        String subject = "=?ISO-2022-JP?B?" + Base64.getEncoder().encodeToString("【至急】①番の注文について㈱山田商会".getBytes(JIS))
            + "?=";
        String from = "=?ISO-2022-JP?B?" + Base64.getEncoder().encodeToString("山田 太郎".getBytes(JIS)) + "?=";
        String headers = "From: " + from + " <taro@example.jp>\r\nTo: support@desk.example.jp\r\nSubject: " + subject
            + "\r\nDate: Mon, 30 Nov 2026 10:00:00 +0900\r\nMessage-ID: <bench-" + ID_MARK + "@mail.example.jp>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-2022-jp\r\nContent-Transfer-Encoding: 7bit"
            + "\r\n\r\n";
        StringBuilder body = new StringBuilder("いつもお世話になっております。㈱山田商会の山田です。\r\n");
        String line = "注文番号①の商品が届きません。配送は10:00～12:00の指定でした。髙橋様にもお伝えください。\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (headers.length() + body.toString().getBytes(JIS).length < 14_000) {
            body.append(line);
        }
        body.append("\r\n-- \r\n㈱山田商会 山田太郎\r\n\r\n-----Original Message-----\r\n");
        while (headers.length() + body.toString().getBytes(JIS).length < 20_480) {
            body.append("> ").append(line);
        }
        out.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body.toString().getBytes(JIS));
        template = out.toByteArray();
        idAt = headers.indexOf(ID_MARK);
        parser = MailParser.withDefaults();
        session = Session.getInstance(new Properties());
    }

    /** A fresh desk and adapter. */
    @Setup(Level.Iteration)
    public void desk() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T01:00:00Z"), ZoneOffset.UTC);
        DeskStore store = DeskStore.inMemory(clock);
        desk = SupportDesk.builder().clock(clock).store(store).build();
        TenantId tenant = TenantId.of("bench");
        gateway = desk.system(tenant, "email");
        adapter = EmailAdapter.builder("support@desk.example.jp", new NoSource(), new NoTransport())
            .threads(MailThreads.of(store.eventLog(), tenant)).clock(clock).build();
    }

    private byte[] nextMail() {
        byte[] raw = template.clone();
        long n = next++;
        for (int i = ID_MARK.length() - 1; i >= 0; i--) {
            raw[idAt + i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return raw;
    }

    /**
     * @return the stored message's ticket
     */
    @Benchmark
    public Object parseAndStore() {
        ChannelMessage m = adapter.message(parser.parse(nextMail()));
        return desk.receive(gateway, m.toInbound("ja")).ticket();
    }

    /** @return the parsed mail */
    @Benchmark
    public ParsedMail parse() {
        return parser.parse(nextMail());
    }

    /**
     * @return subject, sender and text as Jakarta Mail reads them
     * @throws MessagingException never, for this mail
     * @throws IOException never, in memory
     */
    @Benchmark
    public Object angusParse() throws MessagingException, IOException {
        MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(nextMail()));
        return m.getSubject() + m.getFrom()[0] + m.getContent() + m.getMessageID();
    }

    private static final class NoSource implements InboundMailSource {
        @Override
        public void verify(WebhookRequest request, Instant now) {
        }

        @Override
        public byte[] rawMime(WebhookRequest request) {
            return request.body();
        }
    }

    private static final class NoTransport implements MailTransport {
        @Override
        public SendResult send(ReplyMail mail) {
            return new SendResult.Sent("none");
        }

        @Override
        public String endpoint() {
            return "email:none";
        }
    }
}
