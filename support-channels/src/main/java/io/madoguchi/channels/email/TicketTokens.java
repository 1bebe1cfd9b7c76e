package io.madoguchi.channels.email;

import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ticket's token as it travels in mail: in a plus address ({@code support+T123@desk.example.jp}), in the subject
 * ({@code [#T123]}) and inside the Message-IDs the desk sends ({@code <madoguchi.T123.uuid@desk.example.jp>}). A
 * ticket id made of letters, digits, {@code _} and {@code -} is written as {@code T} + id; any other as {@code X} +
 * the hex of its UTF-8. A token only names a ticket: the desk joins a mail to it only if the sender is the ticket's
 * customer. Thread-safe.
 */
public final class TicketTokens {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern IN_SUBJECT = Pattern.compile("\\[#([TX][A-Za-z0-9_-]{1,256})\\]");
    private static final String OWN_ID_PREFIX = "madoguchi.";

    private TicketTokens() {
    }

    /**
     * @param ticket a ticket
     * @return its token
     */
    public static String token(TicketId ticket) {
        String v = ticket.value();
        return SAFE.matcher(v).matches() ? "T" + v : "X" + HexFormat.of().formatHex(v.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param token a token
     * @return the ticket it names, if it is a well-formed token
     */
    public static Optional<TicketId> ticket(String token) {
        try {
            if (token.length() > 1 && token.charAt(0) == 'T' && SAFE.matcher(token.substring(1)).matches()) {
                return Optional.of(TicketId.of(token.substring(1)));
            }
            if (token.length() > 1 && token.charAt(0) == 'X') {
                byte[] b = HexFormat.of().parseHex(token.substring(1).toLowerCase(Locale.ROOT));
                return Optional.of(TicketId.of(new String(b, StandardCharsets.UTF_8)));
            }
        } catch (IllegalArgumentException e) {
            // not hex, or not a valid ticket id (ValidationException is one)
        }
        return Optional.empty();
    }

    /**
     * @param subject a decoded subject
     * @return the ticket of the first {@code [#token]} in it
     */
    public static Optional<TicketId> fromSubject(String subject) {
        Matcher m = IN_SUBJECT.matcher(subject);
        return m.find() ? ticket(m.group(1)) : Optional.empty();
    }

    /**
     * @param address an address such as {@code support+T123@desk.example.jp}
     * @param support the support address it must be a plus address of ({@code support@desk.example.jp})
     * @return the ticket of the plus part
     */
    public static Optional<TicketId> fromPlusAddress(String address, String support) {
        String a = address.toLowerCase(Locale.ROOT);
        String s = support.toLowerCase(Locale.ROOT);
        int plus = a.indexOf('+');
        int at = a.lastIndexOf('@');
        int sat = s.lastIndexOf('@');
        if (plus <= 0 || at < plus || sat <= 0 || !a.substring(0, plus).equals(s.substring(0, sat))
            || !a.substring(at).equals(s.substring(sat))) {
            return Optional.empty();
        }
        // the token keeps its case in the original address (ticket ids are case-sensitive)
        int origPlus = address.indexOf('+');
        return ticket(address.substring(origPlus + 1, address.lastIndexOf('@')));
    }

    /**
     * @param messageId a Message-ID without angle brackets
     * @param domain the desk's mail domain
     * @return the ticket, if the desk made this Message-ID for a reply on it
     */
    public static Optional<TicketId> fromOwnMessageId(String messageId, String domain) {
        int at = messageId.lastIndexOf('@');
        if (!messageId.startsWith(OWN_ID_PREFIX) || at < 0
            || !messageId.substring(at + 1).equalsIgnoreCase(domain)) {
            return Optional.empty();
        }
        String local = messageId.substring(OWN_ID_PREFIX.length(), at);
        int dot = local.indexOf('.');
        return dot <= 0 ? Optional.empty() : ticket(local.substring(0, dot));
    }

    /**
     * @param ticket the ticket replied on
     * @param unique unique per reply and the same on every attempt (the outbox's idempotency key)
     * @param domain the desk's mail domain
     * @return the Message-ID, without angle brackets
     * @throws ValidationException if {@code unique} has characters a Message-ID cannot carry
     */
    public static String ownMessageId(TicketId ticket, String unique, String domain) {
        if (!SAFE.matcher(unique).matches()) {
            throw ValidationException.of("unique", "must be letters, digits, '_' or '-'");
        }
        return OWN_ID_PREFIX + token(ticket) + "." + unique + "@" + domain;
    }
}
