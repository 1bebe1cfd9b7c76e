package io.madoguchi.channels.email;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ticket.Attachment;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A mail as {@link MailParser} read it: the threading headers, the addresses, the decoded subject and the text
 * separated into new text, quote and signature. Immutable; {@code toString} prints neither addresses nor text.
 *
 * @param messageId the {@code Message-ID} without angle brackets, or null if the mail has none
 * @param inReplyTo the first id in {@code In-Reply-To}, without angle brackets, or null
 * @param references the ids in {@code References}, oldest first (at most the last 50)
 * @param from the sender's address
 * @param fromName the sender's display name, decoded; empty if none
 * @param to the {@code To} and {@code Cc} addresses, in order
 * @param subject the decoded subject; empty if none
 * @param text the new text of the mail (see {@link ReplyText})
 * @param quoted the quoted earlier mail; empty if none
 * @param signature the signature; empty if none
 * @param charset the charset label the text part declared (lower case), or null if it had no text part
 * @param attachments the attachments' metadata
 * @param date the {@code Date} header, or null if missing or unreadable
 * @param dedupeKey the key a redelivery is recognised by: the Message-ID, or a hash of the raw mail without one
 */
public record ParsedMail(@Nullable String messageId, @Nullable String inReplyTo, List<String> references, String from,
                         String fromName, List<String> to, String subject, String text, String quoted,
                         String signature, @Nullable String charset, List<Attachment> attachments,
                         @Nullable Instant date, String dedupeKey) {

    /**
     * Copies the lists.
     *
     * @param messageId the {@code Message-ID} without angle brackets, or null if the mail has none
     * @param inReplyTo the first id in {@code In-Reply-To}, without angle brackets, or null
     * @param references the ids in {@code References}, oldest first (at most the last 50)
     * @param from the sender's address
     * @param fromName the sender's display name, decoded; empty if none
     * @param to the {@code To} and {@code Cc} addresses, in order
     * @param subject the decoded subject; empty if none
     * @param text the new text of the mail (see {@link ReplyText})
     * @param quoted the quoted earlier mail; empty if none
     * @param signature the signature; empty if none
     * @param charset the charset label the text part declared (lower case), or null if it had no text part
     * @param attachments the attachments' metadata
     * @param date the {@code Date} header, or null if missing or unreadable
     * @param dedupeKey the key a redelivery is recognised by: the Message-ID, or a hash of the raw mail without one
     */
    public ParsedMail {
        references = List.copyOf(references);
        requireNonNull(from, "from");
        to = List.copyOf(to);
        attachments = List.copyOf(attachments);
        requireNonNull(dedupeKey, "dedupeKey");
    }

    @Override
    public String toString() {
        return "ParsedMail[" + text.length() + " chars, " + attachments.size() + " attachments, charset " + charset
            + "]";
    }
}
