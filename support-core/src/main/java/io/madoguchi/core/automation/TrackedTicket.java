package io.madoguchi.core.automation;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.sla.SlaTicket;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * What the automations know about one ticket for their time rules: its facts, the moments time rules count from,
 * and, per time rule, the start of the condition period it last fired in (a rule fires once per period). Immutable;
 * instants are truncated to microseconds.
 *
 * @param facts the ticket's facts as last seen
 * @param createdAt when the ticket was created (or first seen)
 * @param statusSince when its status last changed
 * @param updatedAt when it last changed in any way
 * @param fired per time rule name, the start of the period it last fired in
 */
public record TrackedTicket(SlaTicket facts, Instant createdAt, Instant statusSince, Instant updatedAt,
                            Map<String, Instant> fired) {

    /**
     * @param facts the ticket's facts as last seen
     * @param createdAt when the ticket was created (or first seen)
     * @param statusSince when its status last changed
     * @param updatedAt when it last changed in any way
     * @param fired per time rule name, the start of the period it last fired in
     * @throws NullPointerException if a component is null
     */
    public TrackedTicket {
        requireNonNull(facts, "facts");
        createdAt = requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MICROS);
        statusSince = requireNonNull(statusSince, "statusSince").truncatedTo(ChronoUnit.MICROS);
        updatedAt = requireNonNull(updatedAt, "updatedAt").truncatedTo(ChronoUnit.MICROS);
        Map<String, Instant> copy = new HashMap<>();
        requireNonNull(fired, "fired").forEach((rule, since) -> copy.put(rule, since.truncatedTo(ChronoUnit.MICROS)));
        fired = Map.copyOf(copy);
    }

    /**
     * @param facts the facts
     * @param at when the ticket was created or first seen
     * @return a ticket tracked from {@code at}, no rule fired yet
     */
    public static TrackedTicket startingAt(SlaTicket facts, Instant at) {
        return new TrackedTicket(facts, at, at, at, Map.of());
    }

    /** @return the ticket's tenant */
    public TenantId tenant() {
        return facts.tenant();
    }

    /** @return the ticket's id */
    public TicketId ticket() {
        return facts.id();
    }

    /**
     * @param now the ticket's facts after a change
     * @param at when it changed
     * @return this with the new facts: the status moment moves if the status changed, the update moment if
     *     anything did
     */
    public TrackedTicket seen(SlaTicket now, Instant at) {
        Instant status = now.status() != facts.status() ? at : statusSince;
        Instant updated = now.equals(facts) ? updatedAt : at;
        return new TrackedTicket(now, createdAt, status, updated, fired);
    }

    /**
     * @param rule a time rule's name
     * @param periodStart the start of the period it fired in
     * @return this with the rule marked as fired in that period
     */
    public TrackedTicket withFired(String rule, Instant periodStart) {
        Map<String, Instant> next = new HashMap<>(fired);
        next.put(requireNonNull(rule, "rule"), requireNonNull(periodStart, "periodStart"));
        return new TrackedTicket(facts, createdAt, statusSince, updatedAt, next);
    }
}
