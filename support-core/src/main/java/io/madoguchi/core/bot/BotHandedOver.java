package io.madoguchi.core.bot;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * The bot handed a ticket to a person, and told the customer what happens next.
 *
 * @param tenantId the tenant
 * @param ticket the ticket
 * @param occurredAt when it handed over (truncated to microseconds)
 * @param bot the bot's name
 * @param reason why
 * @param faqId the FAQ the bot had answered or suggested first; null if none
 * @param routedAt when the ticket goes to routing: {@code occurredAt} during business hours, the next opening
 *     outside them
 */
public record BotHandedOver(TenantId tenantId, TicketId ticket, Instant occurredAt, String bot, Reason reason,
                            @Nullable String faqId, Instant routedAt) implements BotEvent {

    /** Why the bot handed a ticket over. */
    public enum Reason {
        /** The matcher found no FAQ it trusts. */
        NO_MATCH,
        /** The matcher was not sure: the bot suggested FAQs and left the ticket to a person. */
        SUGGESTED,
        /** The customer said the answer did not help. */
        CUSTOMER_SAID_NO,
        /** The customer replied with something other than yes or no. */
        OTHER_REPLY
    }

    /**
     * @param tenantId the tenant
     * @param ticket the ticket
     * @param occurredAt when it handed over (truncated to microseconds)
     * @param bot the bot's name
     * @param reason why
     * @param faqId the FAQ the bot had answered or suggested first; null if none
     * @param routedAt when the ticket goes to routing: {@code occurredAt} during business hours, the next opening
     *     outside them
     * @throws NullPointerException if a component other than {@code faqId} is null
     */
    public BotHandedOver {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(ticket, "ticket");
        occurredAt = requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MICROS);
        requireNonNull(bot, "bot");
        requireNonNull(reason, "reason");
        routedAt = requireNonNull(routedAt, "routedAt").truncatedTo(ChronoUnit.MICROS);
    }
}
