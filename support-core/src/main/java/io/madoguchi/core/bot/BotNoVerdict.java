package io.madoguchi.core.bot;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The customer neither said yes nor no to the bot's answer within the wait: the bot solves the ticket with a last
 * message and tag {@value io.madoguchi.core.integration.SelfServiceBot#TAG_NO_VERDICT} ("answered, no verdict"). The
 * bot appends this event when
 * the wait runs out and carries out the steps when it reads the event back from the log, so they happen once even
 * if the host restarts in between.
 *
 * @param tenantId the tenant
 * @param ticket the ticket
 * @param occurredAt when the wait ran out (truncated to microseconds)
 * @param bot the bot's name
 * @param faqId the FAQ the bot had answered with
 * @param answeredAt when the bot had answered
 */
public record BotNoVerdict(TenantId tenantId, TicketId ticket, Instant occurredAt, String bot, String faqId,
                           Instant answeredAt) implements BotEvent {

    /**
     * @param tenantId the tenant
     * @param ticket the ticket
     * @param occurredAt when the wait ran out (truncated to microseconds)
     * @param bot the bot's name
     * @param faqId the FAQ the bot had answered with
     * @param answeredAt when the bot had answered
     * @throws NullPointerException if a component is null
     */
    public BotNoVerdict {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(ticket, "ticket");
        occurredAt = requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MICROS);
        requireNonNull(bot, "bot");
        requireNonNull(faqId, "faqId");
        answeredAt = requireNonNull(answeredAt, "answeredAt").truncatedTo(ChronoUnit.MICROS);
    }
}
