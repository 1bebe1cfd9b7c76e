package io.madoguchi.core.bot;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * An FAQ answer the bot showed on a ticket and waits for a verdict on: what it matched (for teaching the matcher
 * from the customer's yes or no) and when the wait runs out. Immutable; instants are truncated to microseconds.
 * {@link #toString()} leaves out the customer's question.
 *
 * @param tenant the tenant
 * @param ticket the ticket
 * @param query the text the bot matched (the customer's subject and first message, personal data: stores keep it
 *     only as long as the attempt, within their retention bound)
 * @param locale the language it matched in
 * @param faqId the FAQ it answered with
 * @param question that FAQ's question, for the note to a person
 * @param confidence the matcher's confidence, 0 to 1
 * @param answeredAt when it answered
 * @param verdictDueAt when the ticket is solved as "answered, no verdict" if no yes or no came
 */
public record BotAttempt(TenantId tenant, TicketId ticket, String query, Locale locale, String faqId, String question,
                         double confidence, Instant answeredAt, Instant verdictDueAt) {

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @param query the text the bot matched (the customer's subject and first message, personal data: stores keep it
     *     only as long as the attempt, within their retention bound)
     * @param locale the language it matched in
     * @param faqId the FAQ it answered with
     * @param question that FAQ's question, for the note to a person
     * @param confidence the matcher's confidence, 0 to 1
     * @param answeredAt when it answered
     * @param verdictDueAt when the ticket is solved as "answered, no verdict" if no yes or no came
     * @throws NullPointerException if a component is null
     */
    public BotAttempt {
        requireNonNull(tenant, "tenant");
        requireNonNull(ticket, "ticket");
        requireNonNull(query, "query");
        requireNonNull(locale, "locale");
        requireNonNull(faqId, "faqId");
        requireNonNull(question, "question");
        answeredAt = requireNonNull(answeredAt, "answeredAt").truncatedTo(ChronoUnit.MICROS);
        verdictDueAt = requireNonNull(verdictDueAt, "verdictDueAt").truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public String toString() {
        return "BotAttempt[" + tenant.value() + "/" + ticket.value() + " faq=" + faqId + " confidence="
            + String.format(Locale.ROOT, "%.2f", confidence) + " answeredAt=" + answeredAt + " verdictDueAt="
            + verdictDueAt + "]";
    }
}
