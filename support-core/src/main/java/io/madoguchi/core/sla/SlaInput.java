package io.madoguchi.core.sla;

import io.madoguchi.core.ticket.TicketStatus;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;

/**
 * One fact on a ticket's timeline that SLA clocks react to. Inputs for one ticket must be applied in
 * time order. Immutable.
 */
public sealed interface SlaInput {

    /**
     * @return the tenant
     */
    TenantId tenant();

    /**
     * @return the ticket
     */
    TicketId ticket();

    /**
     * @return when it happened
     */
    Instant at();

    /**
     * A ticket was created by (or on behalf of) a customer.
     *
     * @param facts the ticket's facts at creation
     * @param at when
     */
    record Created(SlaTicket facts, Instant at) implements SlaInput {
        /**
         * @param facts the ticket's facts at creation
         * @param at when
         * @throws NullPointerException if a component is null
         */
        public Created {
            requireNonNull(facts, "facts");
            requireNonNull(at, "at");
        }

        @Override
        public TenantId tenant() {
            return facts.tenant();
        }

        @Override
        public TicketId ticket() {
            return facts.id();
        }
    }

    /**
     * The customer added a public message.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param at when
     */
    record CustomerMessage(TenantId tenant, TicketId ticket, Instant at) implements SlaInput {
        /**
         * @param tenant the tenant
         * @param ticket the ticket
         * @param at when
         * @throws NullPointerException if a component is null
         */
        public CustomerMessage {
            requireNonNull(tenant, "tenant");
            requireNonNull(ticket, "ticket");
            requireNonNull(at, "at");
        }
    }

    /**
     * An agent sent a public reply (internal notes are not inputs).
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param at when
     */
    record AgentReply(TenantId tenant, TicketId ticket, Instant at) implements SlaInput {
        /**
         * @param tenant the tenant
         * @param ticket the ticket
         * @param at when
         * @throws NullPointerException if a component is null
         */
        public AgentReply {
            requireNonNull(tenant, "tenant");
            requireNonNull(ticket, "ticket");
            requireNonNull(at, "at");
        }
    }

    /**
     * The self-service bot sent a public reply. It fulfils the first reply time only where the ticket's policy
     * says so ({@link SlaPolicy#botAnswerCountsAsFirstReply()}); otherwise it changes no clock.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param at when
     */
    record BotReply(TenantId tenant, TicketId ticket, Instant at) implements SlaInput {
        /**
         * @param tenant the tenant
         * @param ticket the ticket
         * @param at when
         * @throws NullPointerException if a component is null
         */
        public BotReply {
            requireNonNull(tenant, "tenant");
            requireNonNull(ticket, "ticket");
            requireNonNull(at, "at");
        }
    }

    /**
     * The ticket's status changed. Moving from solved to an active status reopens it.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param status the new status
     * @param at when
     */
    record StatusChanged(TenantId tenant, TicketId ticket, TicketStatus status, Instant at) implements SlaInput {
        /**
         * @param tenant the tenant
         * @param ticket the ticket
         * @param status the new status
         * @param at when
         * @throws NullPointerException if a component is null
         */
        public StatusChanged {
            requireNonNull(tenant, "tenant");
            requireNonNull(ticket, "ticket");
            requireNonNull(status, "status");
            requireNonNull(at, "at");
        }
    }

    /**
     * A solved ticket was reopened (same as a status change to open).
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param at when
     */
    record Reopened(TenantId tenant, TicketId ticket, Instant at) implements SlaInput {
        /**
         * @param tenant the tenant
         * @param ticket the ticket
         * @param at when
         * @throws NullPointerException if a component is null
         */
        public Reopened {
            requireNonNull(tenant, "tenant");
            requireNonNull(ticket, "ticket");
            requireNonNull(at, "at");
        }
    }

    /**
     * The ticket's facts changed (priority, type, tags, attributes, complaint flag): the applicable
     * policy is evaluated again. A different status in {@code facts} is applied as a status change.
     *
     * @param facts the new facts
     * @param at when
     */
    record FactsChanged(SlaTicket facts, Instant at) implements SlaInput {
        /**
         * @param facts the new facts
         * @param at when
         * @throws NullPointerException if a component is null
         */
        public FactsChanged {
            requireNonNull(facts, "facts");
            requireNonNull(at, "at");
        }

        @Override
        public TenantId tenant() {
            return facts.tenant();
        }

        @Override
        public TicketId ticket() {
            return facts.id();
        }
    }

    /**
     * The ticket was merged into another one: its clocks stop for good and it never shows as breached.
     *
     * @param tenant the tenant
     * @param ticket the merged ticket
     * @param survivor the ticket it was merged into
     * @param at when
     */
    record Merged(TenantId tenant, TicketId ticket, TicketId survivor, Instant at) implements SlaInput {
        /**
         * @param tenant the tenant
         * @param ticket the merged ticket
         * @param survivor the ticket it was merged into
         * @param at when
         * @throws NullPointerException if a component is null
         */
        public Merged {
            requireNonNull(tenant, "tenant");
            requireNonNull(ticket, "ticket");
            requireNonNull(survivor, "survivor");
            requireNonNull(at, "at");
        }
    }
}
