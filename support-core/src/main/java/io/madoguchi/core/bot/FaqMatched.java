package io.madoguchi.core.bot;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.faq.FaqDecision;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * The bot matched a new ticket against the FAQ. It carries the decision, not the customer's question.
 *
 * @param tenantId the tenant
 * @param ticket the ticket
 * @param occurredAt when it matched (truncated to microseconds)
 * @param bot the bot's name
 * @param decision what the matcher decided
 * @param confidence the matcher's confidence, 0 to 1
 * @param faqId the best candidate's id; null when the matcher found none
 */
public record FaqMatched(TenantId tenantId, TicketId ticket, Instant occurredAt, String bot, FaqDecision decision,
                         double confidence, @Nullable String faqId) implements BotEvent {

    /**
     * @param tenantId the tenant
     * @param ticket the ticket
     * @param occurredAt when it matched (truncated to microseconds)
     * @param bot the bot's name
     * @param decision what the matcher decided
     * @param confidence the matcher's confidence, 0 to 1
     * @param faqId the best candidate's id; null when the matcher found none
     * @throws NullPointerException if a component other than {@code faqId} is null
     */
    public FaqMatched {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(ticket, "ticket");
        occurredAt = requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MICROS);
        requireNonNull(bot, "bot");
        requireNonNull(decision, "decision");
    }
}
