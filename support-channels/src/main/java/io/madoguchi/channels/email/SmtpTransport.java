package io.madoguchi.channels.email;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.SendResult;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jspecify.annotations.Nullable;

/**
 * Sends replies over SMTP with Angus Mail (the Jakarta Mail implementation): one connection per reply, connect,
 * read and write timeouts, STARTTLS when the server offers it (required with {@link Builder#requireTls()}). A 5xx
 * answer (unknown recipient, refused content, failed authentication) is permanent; a 4xx answer or a broken
 * connection is retried, as ambiguous once the data may have been sent. Thread-safe.
 */
public final class SmtpTransport implements MailTransport {

    private final Session session;
    private final @Nullable String user;
    private final @Nullable String password;
    private final String host;
    private final int port;

    private SmtpTransport(Builder b) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", b.host);
        p.setProperty("mail.smtp.port", Integer.toString(b.port));
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(b.timeout.toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(b.timeout.toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(b.timeout.toMillis()));
        p.setProperty("mail.smtp.starttls.enable", "true");
        p.setProperty("mail.smtp.starttls.required", Boolean.toString(b.requireTls));
        p.setProperty("mail.smtp.auth", Boolean.toString(b.user != null));
        p.setProperty("mail.smtp.localhost", b.heloName);
        this.session = Session.getInstance(p);
        this.user = b.user;
        this.password = b.password;
        this.host = b.host;
        this.port = b.port;
    }

    /**
     * @param host the SMTP server
     * @param port its port (587 for submission)
     * @return a builder: no authentication, 30 s timeouts, STARTTLS when offered
     */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    @Override
    public String endpoint() {
        return "email:smtp";
    }

    @Override
    public SendResult send(ReplyMail mail) {
        MimeMessage message;
        try {
            message = mail.toMimeMessage(session);
        } catch (MessagingException e) {
            return new SendResult.Rejected("the reply is not a valid message: " + e.getClass().getSimpleName());
        }
        try {
            if (user != null) {
                Transport.send(message, user, password);
            } else {
                Transport.send(message);
            }
            return new SendResult.Sent("250");
        } catch (AuthenticationFailedException e) {
            return new SendResult.Rejected("authentication failed");
        } catch (SMTPAddressFailedException e) {
            return code(e.getReturnCode(), "recipient refused", false);
        } catch (SMTPSendFailedException e) {
            return code(e.getReturnCode(), "send refused", true);
        } catch (SendFailedException e) {
            Exception next = e.getNextException();
            if (next instanceof SMTPAddressFailedException a) {
                return code(a.getReturnCode(), "recipient refused", false);
            }
            return new SendResult.Retry("send failed: " + e.getClass().getSimpleName(), null, true, null);
        } catch (MessagingException e) {
            return new SendResult.Retry("SMTP " + e.getClass().getSimpleName(), null, true, null);
        }
    }

    private static SendResult code(int code, String what, boolean ambiguous) {
        if (code >= 500 && code < 600) {
            return new SendResult.Rejected(code + " " + what);
        }
        return new SendResult.Retry(code + " " + what, null, ambiguous, null);
    }

    @Override
    public String toString() {
        return "SmtpTransport[" + host + ":" + port + "]";
    }

    /** Builds an SMTP transport. Not thread-safe. */
    public static final class Builder {
        private final String host;
        private final int port;
        private @Nullable String user;
        private @Nullable String password;
        private Duration timeout = Duration.ofSeconds(30);
        private boolean requireTls;
        private String heloName = "localhost";

        private Builder(String host, int port) {
            this.host = requireNonNull(host, "host");
            this.port = port;
        }

        /**
         * @param name the user name
         * @param secret the password
         * @return this builder
         */
        public Builder credentials(String name, String secret) {
            this.user = requireNonNull(name, "name");
            this.password = requireNonNull(secret, "secret");
            return this;
        }

        /**
         * @param value the connect, read and write timeout
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = requireNonNull(value, "timeout");
            return this;
        }

        /** @return this builder, refusing to send unless STARTTLS succeeds */
        public Builder requireTls() {
            this.requireTls = true;
            return this;
        }

        /**
         * @param value the name this host gives in EHLO
         * @return this builder
         */
        public Builder heloName(String value) {
            this.heloName = requireNonNull(value, "heloName");
            return this;
        }

        /** @return the transport */
        public SmtpTransport build() {
            return new SmtpTransport(this);
        }
    }
}
