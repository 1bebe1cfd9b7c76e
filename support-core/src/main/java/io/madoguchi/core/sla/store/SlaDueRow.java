package io.madoguchi.core.sla.store;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.sla.SlaMetric;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/**
 * One row of the SLA due index: a warning or a breach of one cycle that has not fired yet, and when it falls due.
 * The engine fires from these rows; each firing claims {@link #claimKey()} in the event log together with the
 * event, so a row fires once even across restarts and several engines. Immutable; instants are truncated to
 * microseconds.
 *
 * @param tenant the tenant
 * @param ticket the ticket
 * @param metric the cycle's metric
 * @param cycle the cycle's index among the ticket's cycles (0 for the first)
 * @param kind warning or breach
 * @param at when it falls due (for a warning: {@code dueAt} minus the lead)
 * @param dueAt when the cycle breaches (equal to {@code at} for a breach)
 */
public record SlaDueRow(TenantId tenant, TicketId ticket, SlaMetric metric, int cycle, Kind kind, Instant at,
                        Instant dueAt) {

    /** Whether a row is a warning or the breach. */
    public enum Kind {
        /** A warning some lead time before the breach. */
        WARNING,
        /** The breach itself. */
        BREACH
    }

    /** Soonest first, then by tenant, ticket, metric, cycle and kind: the order {@link SlaStore#due} returns. */
    public static final Comparator<SlaDueRow> ORDER = Comparator.comparing(SlaDueRow::at)
        .thenComparing(r -> r.tenant().value()).thenComparing(r -> r.ticket().value())
        .thenComparing(SlaDueRow::metric).thenComparingInt(SlaDueRow::cycle).thenComparing(SlaDueRow::kind);

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @param metric the cycle's metric
     * @param cycle the cycle's index among the ticket's cycles (0 for the first)
     * @param kind warning or breach
     * @param at when it falls due (for a warning: {@code dueAt} minus the lead)
     * @param dueAt when the cycle breaches (equal to {@code at} for a breach)
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code cycle} is negative, {@code at} is after {@code dueAt}, or a breach's
     *     {@code at} differs from its {@code dueAt}
     */
    public SlaDueRow {
        requireNonNull(tenant, "tenant");
        requireNonNull(ticket, "ticket");
        requireNonNull(metric, "metric");
        requireNonNull(kind, "kind");
        at = at.truncatedTo(ChronoUnit.MICROS);
        dueAt = dueAt.truncatedTo(ChronoUnit.MICROS);
        if (cycle < 0) {
            throw new IllegalArgumentException("cycle must not be negative, was " + cycle);
        }
        if (at.isAfter(dueAt) || (kind == Kind.BREACH && !at.equals(dueAt))) {
            throw new IllegalArgumentException("a " + kind + " row cannot fall due at " + at + " for a breach at "
                + dueAt);
        }
    }

    /** @return how long before the breach this row falls due (zero for the breach) */
    public Duration lead() {
        return Duration.between(at, dueAt);
    }

    /**
     * @return the idempotency key a firing of this row claims: ticket, metric, cycle, kind and due instant, so the
     *     same warning or breach is recorded once however many engines or lives try
     */
    public String claimKey() {
        return ticket.value() + "/" + metric + "/" + cycle + "/" + kind + "/" + at;
    }
}
