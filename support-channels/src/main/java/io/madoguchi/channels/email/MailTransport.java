package io.madoguchi.channels.email;

import io.madoguchi.channels.SendResult;

/**
 * How replies leave the desk (SPI): SMTP ({@link SmtpTransport}) or a provider's HTTP API
 * ({@link SendGridTransport}, {@link MailgunTransport}). Implementations never throw for server or network
 * failures; they answer {@link SendResult.Retry} or {@link SendResult.Rejected}. Thread-safe.
 */
public interface MailTransport {

    /**
     * @param mail the reply
     * @return the outcome
     */
    SendResult send(ReplyMail mail);

    /** @return the endpoint name for the outbox's circuit breaker, for example {@code email:smtp} */
    String endpoint();
}
