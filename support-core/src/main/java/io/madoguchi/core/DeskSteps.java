package io.madoguchi.core;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.internal.StepClaims;
import io.madoguchi.core.store.ChangeSet;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.TicketWrite;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step machinery every desk change goes through: load the ticket (checking that the principal may see it), let
 * the step change a {@link TicketDraft}, build one {@link ChangeSet} (ticket writes, customers, events, the
 * subscriber's and the inbound message's idempotency claims), commit it with an optimistic version and retry on a
 * conflict, then hand the commit to the {@link DeskDispatch}. Package-private; the one place where a change set is
 * made. Thread-safe.
 */
final class DeskSteps {

    /** How often a step is tried again after a concurrent writer made it stale. */
    static final int RETRIES = 32;

    /**
     * The receive step's claims the next commit on this thread must hold, each with the stored message as its result
     * ({@code ticket#seq}): the inbound message's provider id and, when it opens a customer's first conversation on a
     * channel, that opening; taken by the first commit of the receive step.
     */
    static final ThreadLocal<@Nullable List<IdempotencyKey>> PENDING_CLAIMS = new ThreadLocal<>();

    private static final Logger LOG = LoggerFactory.getLogger(DeskSteps.class);
    /** What a desk step is, to a {@link HandlingStepMismatchException}. */
    private static final String A_DESK_STEP = "a desk step";

    final DeskStore store;
    private final Clock clock;
    private final DeskDispatch dispatch;

    DeskSteps(DeskStore store, Clock clock, DeskDispatch dispatch) {
        this.store = store;
        this.clock = clock;
        this.dispatch = dispatch;
    }

    /** The time of a step: the clock's instant truncated to microseconds, which every store keeps exactly. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * @return the ticket as stored
     * @throws NotFoundException if it is missing or the principal may not see it
     */
    Ticket load(Principal p, TicketId id) {
        requireNonNull(p, "principal");
        requireNonNull(id, "ticketId");
        return DeskAccess.visible(p, id, store.ticket(id));
    }

    /** One change to one ticket: load, change the draft, commit; retried on a conflict unless a version was given. */
    Ticket step(Principal p, TicketId id, long expectedVersion, Consumer<TicketDraft> change) {
        return step(p, id, expectedVersion, change, null);
    }

    /**
     * @param more the calling component's events, made from the ticket as it will be stored, committed with it
     */
    Ticket step(Principal p, TicketId id, long expectedVersion, Consumer<TicketDraft> change,
                @Nullable Function<Ticket, List<? extends SupportEvent>> more) {
        for (int attempt = 0; ; attempt++) {
            Ticket current = load(p, id);
            if (expectedVersion != TicketCommand.LATEST && current.version() != expectedVersion) {
                throw new ConflictException("ticket " + id + " is at version " + current.version()
                    + ", the change was based on version " + expectedVersion);
            }
            TicketDraft d = new TicketDraft(current, now());
            change.accept(d);
            if (!d.changed()) {
                // a step that changes nothing still counts, so a redelivered event's later steps keep their keys
                SubscriberRunner.stepDone();
                return current;
            }
            try {
                return commit(p, List.of(d), d.now, List.of(), List.of(), more, d.id.value(), Map.of()).get(0);
            } catch (ConflictException e) {
                if (expectedVersion != TicketCommand.LATEST || attempt >= RETRIES) {
                    throw e;
                }
            }
        }
    }

    List<Ticket> commit(Principal p, List<TicketDraft> drafts, Instant now) {
        return commit(p, drafts, now, List.of(), List.of(), drafts.get(0).id.value());
    }

    /**
     * Commits ticket drafts, customers and further events as one change set.
     *
     * @param result what a redelivery of the same subscriber step gets back: the first ticket's or customer's id
     */
    List<Ticket> commit(Principal p, List<TicketDraft> drafts, Instant now, List<Customer> customers,
                        List<? extends SupportEvent> more, String result) {
        return commit(p, drafts, now, customers, more, null, result, Map.of());
    }

    /**
     * Commits ticket drafts, customers and further events as one change set, for a step whose result is not a
     * ticket (a customer merge names the survivor).
     *
     * @param result what a redelivery of the same subscriber step gets back
     * @return the stored result when a subscriber's redelivered step was committed before (nothing was written
     *     now), else empty
     */
    Optional<String> commitStep(Principal p, List<TicketDraft> drafts, Instant now, List<Customer> customers,
                                List<? extends SupportEvent> more, String result) {
        return write(p, drafts, now, customers, more, null, result, Map.of()).earlier();
    }

    /**
     * @param basedOn customers the step read and does not write, with the versions it read: the commit fails with a
     *     {@link ConflictException} if one of them changed meanwhile
     */
    List<Ticket> commit(Principal p, List<TicketDraft> drafts, Instant now, List<Customer> customers,
                        List<? extends SupportEvent> more, String result, Map<CustomerId, Long> basedOn) {
        return commit(p, drafts, now, customers, more, null, result, basedOn);
    }

    /**
     * @param derived further events, made from the first ticket as it will be stored (drafts must not be empty)
     */
    private List<Ticket> commit(Principal p, List<TicketDraft> drafts, Instant now, List<Customer> customers,
                                List<? extends SupportEvent> more,
                                @Nullable Function<Ticket, List<? extends SupportEvent>> derived,
                                String result, Map<CustomerId, Long> basedOn) {
        Written w = write(p, drafts, now, customers, more, derived, result, basedOn);
        if (w.earlier().isPresent() && !drafts.isEmpty()) {
            // a redelivered event: its step was committed before; answer with what was stored. The stored result
            // names the first ticket only when this step's does (a creation's new id differs on redelivery); a
            // step whose result is a customer's id moved existing tickets, which keep their ids
            boolean namesFirst = result.equals(drafts.get(0).id.value());
            List<Ticket> stored = new ArrayList<>(drafts.size());
            for (int i = 0; i < drafts.size(); i++) {
                TicketId id = i == 0 && namesFirst ? TicketId.of(w.earlier().get()) : w.after().get(i).id();
                stored.add(store.ticket(id).orElseThrow(() -> new NotFoundException("ticket " + id + " is gone")));
            }
            return stored;
        }
        return w.after();
    }

    /** A change set as built and committed: the tickets as written, and a redelivered step's stored result. */
    private record Written(List<Ticket> after, Optional<String> earlier) {
    }

    private Written write(Principal p, List<TicketDraft> drafts, Instant now, List<Customer> customers,
                          List<? extends SupportEvent> more,
                          @Nullable Function<Ticket, List<? extends SupportEvent>> derived,
                          String result, Map<CustomerId, Long> basedOn) {
        List<Ticket> after;
        List<TicketWrite> writes;
        List<SupportEvent> events = new ArrayList<>(drafts.size() * 2 + more.size());
        if (drafts.size() == 1) {
            // the common step: immutable lists from the start, which the change set keeps instead of copying
            TicketDraft d = drafts.get(0);
            Ticket t = d.build(now);
            after = List.of(t);
            writes = List.of(d.write(t, p, now));
            d.events(t, events);
        } else {
            after = new ArrayList<>(drafts.size());
            writes = new ArrayList<>(drafts.size());
            for (TicketDraft d : drafts) {
                Ticket t = d.build(now);
                after.add(t);
                writes.add(d.write(t, p, now));
            }
            for (int i = 0; i < drafts.size(); i++) {
                drafts.get(i).events(after.get(i), events);
            }
        }
        events.addAll(more);
        if (derived != null) {
            events.addAll(derived.apply(after.get(0)));
        }
        Map<IdempotencyKey, String> claims = claims(p.tenantId(), result);
        List<IdempotencyKey> inbound = PENDING_CLAIMS.get();
        if (inbound != null && !after.isEmpty()) {
            claims = new HashMap<>(claims);
            String stored = after.get(0).id().value() + "#" + after.get(0).messageCount();
            for (IdempotencyKey key : inbound) {
                claims.put(key, stored);
            }
        }
        return new Written(after, commitChanges(new ChangeSet(writes, customers, events, claims, basedOn)));
    }

    /**
     * Refuses a step of a redelivered handling whose step claim an earlier delivery's call of another kind holds (a
     * feedback write such as a survey request), before the step counts as done: the stored result names nothing of
     * the desk, and every later step of the handling would land on the number of another call. A desk step's result is
     * the id of a ticket or customer it wrote (which are never removed); a feedback write's names its kind
     * ({@link StepClaims#resultOf}), or, written by an earlier version, names no ticket or customer.
     *
     * @throws HandlingStepMismatchException if another kind of call holds the step
     */
    private void requireDeskStep(IdempotencyKey step, String held) {
        Optional<String> other = StepClaims.notADeskStep(held);
        if (other.isPresent()) {
            throw StepClaims.mismatch(step, A_DESK_STEP, other.get());
        }
        boolean desk;
        try {
            desk = store.ticket(TicketId.of(held)).isPresent() || store.customer(CustomerId.of(held)).isPresent();
        } catch (ValidationException notAnId) {
            desk = false;
        }
        if (!desk) {
            throw StepClaims.mismatch(step, A_DESK_STEP, "a call that is not a desk step");
        }
    }

    /** @return the step claim among a change set's claims, if a subscriber's handling makes it */
    private static @Nullable IdempotencyKey stepClaim(Map<IdempotencyKey, String> claims) {
        for (IdempotencyKey key : claims.keySet()) {
            if (key.scope().startsWith(StepClaims.SCOPE_PREFIX)) {
                return key;
            }
        }
        return null;
    }

    /** The claim a step made by a subscriber must hold, so a redelivered event does not repeat the step. */
    static Map<IdempotencyKey, String> claims(TenantId tenantId, String result) {
        IdempotencyKey key = SubscriberRunner.stepKey(tenantId);
        return key == null ? Map.of() : Map.of(key, result);
    }

    /**
     * Commits a change set and delivers its events to the subscribers (on this thread when delivery is
     * synchronous). A change set a subscriber already committed for the same event is not written again.
     *
     * @return the stored result when a subscriber's redelivered step was committed before, else empty
     */
    Optional<String> commitChanges(ChangeSet changes) {
        try {
            store.commit(changes);
        } catch (DuplicateRequestException e) {
            if (!e.scope().startsWith(StepClaims.SCOPE_PREFIX)) {
                throw e;
            }
            IdempotencyKey step = stepClaim(changes.claims());
            if (step != null) {
                requireDeskStep(step, e.existingResult());
            }
            LOG.debug("a redelivered event's step was already committed ({})", e.scope());
            SubscriberRunner.stepDone();
            return Optional.of(e.existingResult());
        }
        SubscriberRunner.stepDone();
        // an inbound claim is held until a commit succeeds (a step retried after a version conflict claims it
        // again) and never passed on to the steps subscribers make below
        if (PENDING_CLAIMS.get() != null) {
            // set to null rather than removed: a removed entry makes every later get() on this thread insert it again
            PENDING_CLAIMS.set(null);
        }
        dispatch.committed();
        return Optional.empty();
    }
}
