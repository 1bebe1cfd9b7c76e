package io.madoguchi.core.sla;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;

/**
 * An answer to "what breaches when": one active cycle and its due instant. Immutable.
 *
 * @param tenant the tenant
 * @param ticket the ticket
 * @param metric the metric
 * @param dueAt when it breaches or breached
 * @param breached whether it has breached already
 */
public record SlaDue(TenantId tenant, TicketId ticket, SlaMetric metric, Instant dueAt, boolean breached) {
}
