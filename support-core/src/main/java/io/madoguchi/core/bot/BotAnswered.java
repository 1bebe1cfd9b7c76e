package io.madoguchi.core.bot;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The bot answered a ticket from the FAQ and waits for the customer's yes or no. An SLA policy that counts a bot
 * answer as the first reply stops the first-reply clock at {@link #occurredAt()}.
 *
 * @param tenantId the tenant
 * @param ticket the ticket
 * @param occurredAt when the answer was sent (truncated to microseconds)
 * @param bot the bot's name
 * @param faqId the FAQ it answered with
 * @param confidence the matcher's confidence, 0 to 1
 * @param messageSeq the sequence number of the public reply that carried the answer
 * @param verdictDueAt when the ticket is solved as "answered, no verdict" if the customer does not answer
 */
public record BotAnswered(TenantId tenantId, TicketId ticket, Instant occurredAt, String bot, String faqId,
                          double confidence, int messageSeq, Instant verdictDueAt) implements BotEvent {

    /**
     * @param tenantId the tenant
     * @param ticket the ticket
     * @param occurredAt when the answer was sent (truncated to microseconds)
     * @param bot the bot's name
     * @param faqId the FAQ it answered with
     * @param confidence the matcher's confidence, 0 to 1
     * @param messageSeq the sequence number of the public reply that carried the answer
     * @param verdictDueAt when the ticket is solved as "answered, no verdict" if the customer does not answer
     * @throws NullPointerException if a component is null
     */
    public BotAnswered {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(ticket, "ticket");
        occurredAt = requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MICROS);
        requireNonNull(bot, "bot");
        requireNonNull(faqId, "faqId");
        verdictDueAt = requireNonNull(verdictDueAt, "verdictDueAt").truncatedTo(ChronoUnit.MICROS);
    }
}
