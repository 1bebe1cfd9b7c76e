package io.madoguchi.channels.email;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TicketId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the ticket a mail continues, in the order RFC 5322 threading and help desks use: a known Message-ID in
 * {@code In-Reply-To}, then in {@code References} (newest first), either one the desk received or one it sent; then
 * a ticket token in a plus address of the support address among the recipients; then a {@code [#token]} in the
 * subject. The subject's words alone never join a ticket: without any of these the mail opens a new one. Thread-safe.
 */
public final class MailThreading {

    private final MailThreads threads;
    private final String supportAddress;
    private final String domain;

    /**
     * @param threads the known inbound Message-IDs
     * @param supportAddress the support address, for example {@code support@desk.example.jp}
     */
    public MailThreading(MailThreads threads, String supportAddress) {
        this.threads = requireNonNull(threads, "threads");
        this.supportAddress = requireNonNull(supportAddress, "supportAddress");
        this.domain = supportAddress.substring(supportAddress.lastIndexOf('@') + 1);
    }

    /**
     * @param mail a parsed mail
     * @return the ticket it continues, if any
     */
    public Optional<TicketId> ticketOf(ParsedMail mail) {
        List<String> ids = new ArrayList<>();
        if (mail.inReplyTo() != null) {
            ids.add(mail.inReplyTo());
        }
        for (int i = mail.references().size() - 1; i >= 0; i--) {
            ids.add(mail.references().get(i));
        }
        for (String id : ids) {
            Optional<TicketId> own = TicketTokens.fromOwnMessageId(id, domain);
            if (own.isPresent()) {
                return own;
            }
            Optional<TicketId> known = threads.ticketOf(id);
            if (known.isPresent()) {
                return known;
            }
        }
        for (String to : mail.to()) {
            Optional<TicketId> plus = TicketTokens.fromPlusAddress(to, supportAddress);
            if (plus.isPresent()) {
                return plus;
            }
        }
        return TicketTokens.fromSubject(mail.subject());
    }
}
