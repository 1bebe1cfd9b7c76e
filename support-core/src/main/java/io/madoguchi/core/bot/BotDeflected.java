package io.madoguchi.core.bot;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * The customer said the bot's answer helped: the ticket is solved as deflected by self-service.
 *
 * @param tenantId the tenant
 * @param ticket the ticket
 * @param occurredAt when the verdict was taken (truncated to microseconds)
 * @param bot the bot's name
 * @param faqId the FAQ that helped; null if the bot no longer knew which one it showed
 */
public record BotDeflected(TenantId tenantId, TicketId ticket, Instant occurredAt, String bot, @Nullable String faqId)
    implements BotEvent {

    /**
     * @param tenantId the tenant
     * @param ticket the ticket
     * @param occurredAt when the verdict was taken (truncated to microseconds)
     * @param bot the bot's name
     * @param faqId the FAQ that helped; null if the bot no longer knew which one it showed
     * @throws NullPointerException if a component other than {@code faqId} is null
     */
    public BotDeflected {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(ticket, "ticket");
        occurredAt = requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MICROS);
        requireNonNull(bot, "bot");
    }
}
