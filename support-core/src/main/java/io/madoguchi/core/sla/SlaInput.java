package io.madoguchi.core.sla;

import io.madoguchi.core.ticket.TicketStatus;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import java.time.Instant;
import java.util.List;

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

    /**
     * Tracking resumes for a ticket the engine does not track although it exists: it was created before the engine
     * was attached, or the engine forgot its state ({@link SlaEngine#forget}, or an SLA store that did not survive a
     * restart while the desk's did), and an input of it arrives. The ticket's timeline so far is replayed in one
     * step, as the clocks would have seen it live: they run from the ticket's creation, the first reply clock
     * stops at its first public reply, and each metric pauses in the statuses it pauses in, so deadlines are the
     * ones it would have had if it had never been forgotten, as far as the timeline given here is complete.
     *
     * <p>What cannot be recovered this way: the facts of {@code created} apply from creation on, so a priority,
     * type or tag change made before tracking resumed is taken as if the ticket always had the later value (the
     * policy and targets are those of those facts); cycles that ended before tracking resumed are not announced
     * again ({@link SlaEvent.CycleStopped} events were announced when they happened, if the engine tracked the
     * ticket then, and none are made up otherwise), and warnings and breaches that fell due before tracking
     * resumed fire when it resumes, with their own due instants, unless the engine fired the same due row before
     * it forgot the ticket.
     *
     * @param created the ticket's creation: its facts (with the status it was created with) and its creation time
     * @param since what happened to it after that, oldest first, up to and including the input that made tracking
     *     resume: customer messages, agent and bot replies, status changes, fact changes; no {@link Created} or
     *     {@link Resumed}
     */
    record Resumed(Created created, List<SlaInput> since) implements SlaInput {
        /**
         * @param created the ticket's creation: its facts (with the status it was created with) and its creation
         *     time
         * @param since what happened to it after that, oldest first, up to and including the input that made
         *     tracking resume
         * @throws NullPointerException if a component or an element of {@code since} is null
         * @throws io.madoguchi.core.ValidationException naming {@code since} if an input in it is a
         *     {@link Created} or {@link Resumed}, names another ticket, or is older than the one before it (or than
         *     the creation)
         */
        public Resumed {
            requireNonNull(created, "created");
            since = List.copyOf(since);
            Instant previous = created.at();
            for (int i = 0; i < since.size(); i++) {
                SlaInput input = since.get(i);
                if (input instanceof Created || input instanceof Resumed) {
                    throw ValidationException.of("since", "input " + i + " is a "
                        + input.getClass().getSimpleName() + "; only what happened after the creation belongs here");
                }
                if (!input.tenant().equals(created.tenant()) || !input.ticket().equals(created.ticket())) {
                    throw ValidationException.of("since", "input " + i + " names ticket " + input.ticket()
                        + " of tenant " + input.tenant() + ", not the created ticket " + created.ticket());
                }
                if (input.at().isBefore(previous)) {
                    throw ValidationException.of("since", "input " + i + " at " + input.at()
                        + " is older than the input before it, at " + previous);
                }
                previous = input.at();
            }
        }

        @Override
        public TenantId tenant() {
            return created.tenant();
        }

        @Override
        public TicketId ticket() {
            return created.ticket();
        }

        /** @return when the last input of {@code since} happened; the creation time if there is none */
        @Override
        public Instant at() {
            return since.isEmpty() ? created.at() : since.get(since.size() - 1).at();
        }
    }
}
