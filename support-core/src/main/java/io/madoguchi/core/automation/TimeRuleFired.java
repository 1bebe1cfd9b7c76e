package io.madoguchi.core.automation;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.SupportEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A time rule fired on a ticket (area {@code automation}). Automations fed from a desk append it to the desk store's
 * event log with a claim on (engine, ticket, rule, period), so a rule fires once per period even across restarts and
 * instances, and carry out its actions as desk steps when they read it back. Immutable.
 *
 * @param tenantId the tenant
 * @param ticket the ticket
 * @param occurredAt when it fired (truncated to microseconds)
 * @param engine the name of the automations that fired it
 * @param rule the time rule's name
 * @param periodStart the start of the condition period it fired in (truncated to microseconds)
 */
public record TimeRuleFired(TenantId tenantId, TicketId ticket, Instant occurredAt, String engine, String rule,
                            Instant periodStart) implements SupportEvent {

    /**
     * @param tenantId the tenant
     * @param ticket the ticket
     * @param occurredAt when it fired (truncated to microseconds)
     * @param engine the name of the automations that fired it
     * @param rule the time rule's name
     * @param periodStart the start of the condition period it fired in (truncated to microseconds)
     * @throws NullPointerException if a component is null
     */
    public TimeRuleFired {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(ticket, "ticket");
        occurredAt = requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MICROS);
        requireNonNull(engine, "engine");
        requireNonNull(rule, "rule");
        periodStart = requireNonNull(periodStart, "periodStart").truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public String area() {
        return "automation";
    }

    @Override
    public String streamKey() {
        return "ticket:" + ticket.value();
    }
}
