package io.madoguchi.core.bot;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A ticket the bot handed over while the desk was closed: it goes to routing (the desk's assignment strategy) when
 * the desk opens. Immutable; the instant is truncated to microseconds.
 *
 * @param tenant the tenant
 * @param ticket the ticket
 * @param at when to route it: the desk's next opening
 */
public record BotRouting(TenantId tenant, TicketId ticket, Instant at) {

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @param at when to route it: the desk's next opening
     * @throws NullPointerException if a component is null
     */
    public BotRouting {
        requireNonNull(tenant, "tenant");
        requireNonNull(ticket, "ticket");
        at = requireNonNull(at, "at").truncatedTo(ChronoUnit.MICROS);
    }
}
