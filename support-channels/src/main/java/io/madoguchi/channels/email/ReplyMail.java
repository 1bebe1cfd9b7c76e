package io.madoguchi.channels.email;

import static java.util.Objects.requireNonNull;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * One reply as it goes out: threading headers set as RFC 5322 §3.6.4 asks ({@code In-Reply-To} = the customer's
 * Message-ID, {@code References} = their References + their Message-ID), text in UTF-8. Immutable;
 * {@code toString} prints neither addresses nor text.
 *
 * @param messageId the reply's Message-ID, without angle brackets (the same on every attempt)
 * @param inReplyTo the Message-ID replied to, or null
 * @param references the References, oldest first
 * @param from the sender address (the support address, with the ticket's plus token)
 * @param fromName the sender's display name, or empty
 * @param to the customer's address
 * @param subject the subject
 * @param text the text
 * @param date the Date header
 */
public record ReplyMail(String messageId, @Nullable String inReplyTo, List<String> references, String from,
                        String fromName, String to, String subject, String text, Instant date) {

    /**
     * Copies the list.
     *
     * @param messageId the reply's Message-ID, without angle brackets (the same on every attempt)
     * @param inReplyTo the Message-ID replied to, or null
     * @param references the References, oldest first
     * @param from the sender address (the support address, with the ticket's plus token)
     * @param fromName the sender's display name, or empty
     * @param to the customer's address
     * @param subject the subject
     * @param text the text
     * @param date the Date header
     */
    public ReplyMail {
        requireNonNull(messageId, "messageId");
        references = List.copyOf(references);
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(subject, "subject");
        requireNonNull(text, "text");
        requireNonNull(date, "date");
    }

    /** @return the References header value, or null if empty */
    public @Nullable String referencesHeader() {
        return references.isEmpty() ? null : String.join(" ", references.stream().map(r -> "<" + r + ">").toList());
    }

    /**
     * @param session the mail session
     * @return the message, ready for {@code Transport.send}
     * @throws MessagingException if an address is malformed
     */
    public MimeMessage toMimeMessage(Session session) throws MessagingException {
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + ">");
            }
        };
        try {
            m.setFrom(fromName.isEmpty() ? new InternetAddress(from) : new InternetAddress(from, fromName, "UTF-8"));
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8", e);
        }
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(to, true));
        m.setSubject(subject, "UTF-8");
        m.setSentDate(Date.from(date));
        m.setText(text, "UTF-8");
        if (inReplyTo != null) {
            m.setHeader("In-Reply-To", "<" + inReplyTo + ">");
        }
        String refs = referencesHeader();
        if (refs != null) {
            m.setHeader("References", MimeUtility.fold(12, refs));
        }
        m.saveChanges();
        return m;
    }

    /**
     * @return the raw MIME bytes
     */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            toMimeMessage(Session.getInstance(new Properties())).writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("the reply could not be written as MIME", e);
        }
    }

    @Override
    public String toString() {
        return "ReplyMail[" + text.getBytes(StandardCharsets.UTF_8).length + " bytes]";
    }
}
