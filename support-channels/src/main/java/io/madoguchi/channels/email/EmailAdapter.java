package io.madoguchi.channels.email;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelCapabilities;
import io.madoguchi.channels.ChannelMessage;
import io.madoguchi.channels.OutboundMessage;
import io.madoguchi.channels.ParsedWebhook;
import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.SendResult;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.core.Channel;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.IdentityKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Email on the channel SPI. Inbound: the provider's webhook ({@link InboundMailSource}: SendGrid Inbound Parse raw
 * or Mailgun {@code mime} routes) is verified, its raw MIME parsed by {@link MailParser} under {@link MailLimits}
 * (malformed or oversized mail is refused, 400 or 413, and nothing is stored), threaded by {@link MailThreading}
 * (known Message-IDs, then a ticket token; never the subject's words alone, and never the sender alone: an
 * unthreaded mail opens a new ticket), and keyed by its Message-ID, so a redelivered mail is one message. Outbound:
 * each reply gets a Message-ID that is the same on every attempt and carries the ticket's token, {@code In-Reply-To}
 * and {@code References} from the customer's latest mail, a {@code Re:} subject with {@code [#token]}, the support
 * address with the token as a plus address, UTF-8 text; it goes through the {@link MailTransport}. Thread-safe.
 */
public final class EmailAdapter implements ChannelAdapter {

    /** Hint key: the Message-ID of the customer's latest mail. */
    public static final String HINT_MESSAGE_ID = "email.messageId";
    /** Hint key: the References of a reply to it (its References and its Message-ID), space-separated. */
    public static final String HINT_REFERENCES = "email.references";
    /** Hint key: the subject of the customer's latest mail. */
    public static final String HINT_SUBJECT = "email.subject";

    private static final ChannelCapabilities CAPABILITIES = new ChannelCapabilities(60_000, 1, false, true);
    private static final int MAX_REFERENCES = 20;
    private static final Pattern REPLY_PREFIX = Pattern.compile("^(?i)((re|fw|fwd|aw|返信|転送)\\s*[:：]\\s*)+");

    private final InboundMailSource source;
    private final MailTransport transport;
    private final MailParser parser;
    private final MailThreading threading;
    private final String supportAddress;
    private final String supportName;
    private final String domain;
    private final Clock clock;

    private EmailAdapter(Builder b) {
        this.source = b.source;
        this.transport = b.transport;
        this.parser = new MailParser(b.limits);
        this.threading = new MailThreading(b.threads, b.supportAddress);
        this.supportAddress = b.supportAddress;
        this.supportName = b.supportName;
        this.domain = b.supportAddress.substring(b.supportAddress.lastIndexOf('@') + 1);
        this.clock = b.clock;
    }

    /**
     * @param supportAddress the address customers write to, for example {@code support@desk.example.jp}
     * @param source how inbound mail arrives
     * @param transport how replies leave
     * @return a builder
     * @throws ValidationException if the address is not an email address
     */
    public static Builder builder(String supportAddress, InboundMailSource source, MailTransport transport) {
        return new Builder(supportAddress, source, transport);
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public IdentityKind identityKind() {
        return IdentityKind.EMAIL;
    }

    @Override
    public ChannelCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void verify(WebhookRequest request, Instant now) {
        source.verify(request, now);
    }

    @Override
    public ParsedWebhook parse(WebhookRequest request) {
        byte[] raw = source.rawMime(request);
        ParsedMail mail;
        try {
            mail = parser.parse(raw);
        } catch (MailFormatException e) {
            String field = "body.mail" + (e.field().isEmpty() ? "" : "." + e.field());
            String where = e.lineNumber() > 0 ? "line " + e.lineNumber() + " " : "";
            throw new WebhookRejectedException(e.tooLarge() ? 413 : 400, field, where + e.problem());
        }
        return ParsedWebhook.of(List.of(message(mail)));
    }

    /**
     * Turns a parsed mail into the channel message the desk receives, threaded and keyed by its Message-ID.
     *
     * @param mail the mail
     * @return the message
     * @throws WebhookRejectedException with 400 if the sender is not a usable address
     */
    public ChannelMessage message(ParsedMail mail) {
        ChannelIdentity identity;
        try {
            identity = ChannelIdentity.email(mail.from());
        } catch (ValidationException e) {
            throw WebhookRejectedException.malformed("body.mail.From", "is not a usable email address");
        }
        TicketId hint = threading.ticketOf(mail).orElse(null);
        String text = mail.text().isBlank() ? (mail.attachments().isEmpty() ? "（本文なし）" : "（添付ファイルのみ）")
            : mail.text();
        String name = mail.fromName().isBlank() ? mail.from().substring(0, mail.from().indexOf('@')) : mail.fromName();
        String subject = subjectForTicket(mail.subject());
        Instant now = clock.instant();
        return new ChannelMessage(Channel.EMAIL, ChannelMessage.Kind.MESSAGE, identity, clip(name, 200), text,
            mail.attachments(), new ReplyContext(hints(mail), null, now), key(mail.dedupeKey()),
            mail.date() != null ? mail.date() : now, hint, subject, true);
    }

    private static @Nullable String subjectForTicket(String subject) {
        String s = TicketTokensText.strip(subject);
        s = REPLY_PREFIX.matcher(s).replaceFirst("").strip();
        return s.isEmpty() ? null : clip(s, 250);
    }

    private static Map<String, String> hints(ParsedMail mail) {
        Map<String, String> hints = new HashMap<>();
        List<String> refs = new ArrayList<>(mail.references());
        if (mail.messageId() != null) {
            hints.put(HINT_MESSAGE_ID, mail.messageId());
            refs.add(mail.messageId());
        }
        if (refs.size() > MAX_REFERENCES) {
            // keep the thread's first mail and the most recent ones, as RFC 5322 suggests when trimming
            List<String> trimmed = new ArrayList<>();
            trimmed.add(refs.get(0));
            trimmed.addAll(refs.subList(refs.size() - MAX_REFERENCES + 1, refs.size()));
            refs = trimmed;
        }
        if (!refs.isEmpty()) {
            hints.put(HINT_REFERENCES, String.join(" ", refs));
        }
        hints.put(HINT_SUBJECT, clip(mail.subject(), 250));
        return hints;
    }

    private static String key(String dedupeKey) {
        if (dedupeKey.length() <= 500) {
            return dedupeKey;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(dedupeKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String endpoint(OutboundMessage message) {
        return transport.endpoint();
    }

    @Override
    public SendResult send(OutboundMessage message) {
        return transport.send(reply(message));
    }

    /**
     * Builds the reply mail for an outbox request: what {@link #send} hands to the transport.
     *
     * @param message the outbox request
     * @return the reply
     */
    public ReplyMail reply(OutboundMessage message) {
        ReplyContext c = message.context();
        String token = TicketTokens.token(message.ticketId());
        String unique = message.idempotencyKey().replaceAll("[^A-Za-z0-9_-]", "");
        String messageId = TicketTokens.ownMessageId(message.ticketId(), unique.isEmpty() ? "r" : unique, domain);
        String inReplyTo = c.hint(HINT_MESSAGE_ID);
        String refsHint = c.hint(HINT_REFERENCES);
        List<String> refs = refsHint == null || refsHint.isBlank() ? List.of()
            : Arrays.asList(refsHint.strip().split("\\s+"));
        String original = c.hint(HINT_SUBJECT);
        String base = original == null || original.isBlank() ? "お問い合わせ" : TicketTokensText.strip(original);
        String subject = (REPLY_PREFIX.matcher(base).find() ? base : "Re: " + base) + " [#" + token + "]";
        String at = supportAddress.substring(supportAddress.lastIndexOf('@'));
        String local = supportAddress.substring(0, supportAddress.lastIndexOf('@'));
        return new ReplyMail(messageId, inReplyTo, refs, local + "+" + token + at, supportName,
            message.recipient().value(), subject, String.join("\n\n", message.texts()), clock.instant());
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public String toString() {
        return "EmailAdapter[" + source + ", " + transport + "]";
    }

    /** Removes {@code [#token]} marks from subjects. */
    private static final class TicketTokensText {
        private static final Pattern MARK = Pattern.compile("\\s*\\[#[TX][A-Za-z0-9_-]{1,256}\\]");

        static String strip(String subject) {
            return MARK.matcher(subject).replaceAll("").strip();
        }
    }

    /** Builds an email adapter. Not thread-safe. */
    public static final class Builder {
        private final String supportAddress;
        private final InboundMailSource source;
        private final MailTransport transport;
        private String supportName = "";
        private MailLimits limits = MailLimits.DEFAULT;
        private MailThreads threads = MailThreads.none();
        private Clock clock = Clock.systemUTC();

        private Builder(String supportAddress, InboundMailSource source, MailTransport transport) {
            ChannelIdentity checked = ChannelIdentity.email(requireNonNull(supportAddress, "supportAddress"));
            if (checked.value().contains("+")) {
                throw ValidationException.of("supportAddress", "must not have a plus part (tokens are added to it)");
            }
            this.supportAddress = checked.value().toLowerCase(Locale.ROOT);
            this.source = requireNonNull(source, "source");
            this.transport = requireNonNull(transport, "transport");
        }

        /**
         * @param value the display name replies are sent with, for example {@code 窓口サポート}
         * @return this builder
         */
        public Builder supportName(String value) {
            this.supportName = requireNonNull(value, "supportName");
            return this;
        }

        /**
         * @param value the parse limits (default {@link MailLimits#DEFAULT})
         * @return this builder
         */
        public Builder limits(MailLimits value) {
            this.limits = requireNonNull(value, "limits");
            return this;
        }

        /**
         * @param value where known inbound Message-IDs are looked up; usually
         *     {@link MailThreads#of(io.madoguchi.core.store.EventLog, io.madoguchi.core.TenantId)} (default: none,
         *     so only tokens and the desk's own Message-IDs thread)
         * @return this builder
         */
        public Builder threads(MailThreads value) {
            this.threads = requireNonNull(value, "threads");
            return this;
        }

        /**
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = requireNonNull(value, "clock");
            return this;
        }

        /** @return the adapter */
        public EmailAdapter build() {
            return new EmailAdapter(this);
        }
    }
}
