package io.madoguchi.core.internal;

import io.madoguchi.core.HandlingStepMismatchException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.store.CheckpointStore;
import io.madoguchi.core.store.IdempotencyKey;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The idempotency claims of the steps a subscriber makes while it handles an event: scope {@value #SCOPE_PREFIX}
 * followed by the subscriber's name, key the event's position, {@code '/'} and the step's number. The subscriber
 * runner says which event the current thread handles ({@link #enter}); every desk step made then claims the next
 * key, and so does every other write of the handling that appends to the event log with claims of its own and is kept
 * from repeating by that claim alone (a survey invitation's scheduling or a complaint's event, for example): such a
 * claim ages out after the store's claim retention, while the step claim beside it is kept until the event is
 * finished, so a redelivery of the event, however late, finds the step done and does not append again. The event logs
 * read step claims back to keep those of an event the subscriber has not finished (beyond its checkpoint, or parked).
 * A desk step's claim holds the id of the ticket or customer it wrote; another write's holds its kind
 * ({@link #resultOf}). So a call of a redelivered handling that finds its step taken tells a step its own kind of call
 * made from one another kind made, and refuses the latter ({@link #mismatch}): the handling made other calls, or the
 * same ones in another order, than on an earlier delivery. Thread-safe (a thread's handling is its own).
 *
 * <p>Other appends take no step: one whose store moves a state with it that refuses the repeat (an invitation is
 * marked sent only from SCHEDULED, a completed improvement action is final) needs none, and one made from due work in
 * a store rather than from the event (SLA warnings and breaches, time rules, the bot's no-verdict wait) must not take
 * one: a redelivery finds other work due, whose append would collide with the first delivery's step claim and be lost.
 * Taking a step, or ceasing to, also renumbers the steps after it in handlings already under way.
 */
public final class StepClaims {

    /** What the scope of a step claim starts with; the subscriber's name follows. */
    public static final String SCOPE_PREFIX = "subscriber:";

    /**
     * What the result of a step claim held by a write that is not a desk step starts with; the write's kind follows.
     * Ids have no control characters, so no desk step's result (a ticket's or a customer's id) starts with it.
     */
    private static final char NOT_A_DESK_STEP = '\u0001';

    private static final ThreadLocal<@Nullable Handling> HANDLING = new ThreadLocal<>();

    private StepClaims() {
    }

    /**
     * The event a subscriber handles on a thread, and how many steps it made for it so far. Not thread-safe: one
     * thread's.
     */
    public static final class Handling {
        private final String subscriber;
        private long position;
        private int steps;

        /**
         * @param subscriber the subscriber's name
         * @param position the position of the event it handles
         */
        public Handling(String subscriber, long position) {
            this.subscriber = subscriber;
            this.position = position;
        }

        /**
         * Starts the handling of another event, from step 1 (to reuse one object per subscriber).
         *
         * @param at the position of the event
         */
        public void restart(long at) {
            position = at;
            steps = 0;
        }
    }

    /**
     * Says what the current thread handles from now on, until {@link #leave}.
     *
     * @param handling the handling, or null while the thread handles nothing of a durable subscriber
     * @return what it handled before, to give back to {@link #leave}
     */
    public static @Nullable Handling enter(@Nullable Handling handling) {
        Handling outer = HANDLING.get();
        HANDLING.set(handling);
        return outer;
    }

    /**
     * Ends a handling started by {@link #enter}.
     *
     * @param outer what {@link #enter} returned
     */
    public static void leave(@Nullable Handling outer) {
        HANDLING.set(outer);
    }

    /**
     * @param tenantId the tenant of the step's writes
     * @return the claim the current thread's next step must hold, if a subscriber is handling an event on it
     */
    public static @Nullable IdempotencyKey next(TenantId tenantId) {
        Handling h = HANDLING.get();
        return h == null ? null : key(tenantId, h.subscriber, h.position, h.steps + 1);
    }

    /**
     * Counts a step of the current thread's handling as made (committed now, or found committed before), so the next
     * one claims the next key; does nothing outside a handling. A step retried after a conflict keeps its number.
     */
    public static void done() {
        Handling h = HANDLING.get();
        if (h != null) {
            h.steps++;
        }
    }

    /**
     * @param tenantId the tenant of the step's writes
     * @param subscriber the subscriber's name
     * @param position the position of the event it handles
     * @param step the step's number within that handling, from 1
     * @return the claim the step must hold
     */
    public static IdempotencyKey key(TenantId tenantId, String subscriber, long position, int step) {
        return new IdempotencyKey(tenantId, SCOPE_PREFIX + subscriber, position + "/" + step);
    }

    /**
     * @param kind what kind of write that is not a desk step holds a step claim, in words that name no customer's data
     *     (for example {@code "a survey request"})
     * @return the result its step claim holds, which a later delivery's call on that step recognises
     *     ({@link #notADeskStep})
     */
    public static String resultOf(String kind) {
        return NOT_A_DESK_STEP + kind;
    }

    /**
     * @param result the result a step claim holds
     * @return the kind of write that is not a desk step ({@link #resultOf}) that holds it, if such a write does; empty
     *     for a desk step's result
     */
    public static Optional<String> notADeskStep(String result) {
        return !result.isEmpty() && result.charAt(0) == NOT_A_DESK_STEP ? Optional.of(result.substring(1))
            : Optional.empty();
    }

    /**
     * @param stepKey the claim of the step a call found taken ({@link #next})
     * @param call what kind of call found it taken
     * @param takenBy what kind of call an earlier delivery made on it
     * @return the exception that says the handling's calls differ between its deliveries
     */
    public static HandlingStepMismatchException mismatch(IdempotencyKey stepKey, String call, String takenBy) {
        String key = stepKey.key();
        int slash = key.indexOf('/');
        return new HandlingStepMismatchException(stepKey.scope().substring(SCOPE_PREFIX.length()),
            Long.parseLong(key.substring(0, slash)), Integer.parseInt(key.substring(slash + 1)), call, takenBy);
    }

    /**
     * @param key a claim
     * @param checkpoints the subscribers' checkpoints and parked events
     * @return whether {@code key} is a step claim made for an event its subscriber has not finished: one beyond the
     *     subscriber's checkpoint (still being handled or retried, or handled before a crash that kept the
     *     checkpoint back), or one it has parked and not yet redelivered or dropped. A redelivery of such an event
     *     needs the claim, however late it comes.
     */
    public static boolean ofUnfinishedEvent(IdempotencyKey key, CheckpointStore checkpoints) {
        if (!key.scope().startsWith(SCOPE_PREFIX)) {
            return false;
        }
        int slash = key.key().indexOf('/');
        if (slash <= 0) {
            return false;
        }
        long position;
        try {
            position = Long.parseLong(key.key(), 0, slash, 10);
        } catch (NumberFormatException e) {
            return false;
        }
        String subscriber = key.scope().substring(SCOPE_PREFIX.length());
        Long checkpoint = checkpoints.checkpoints().get(subscriber);
        return (checkpoint != null && position > checkpoint) || checkpoints.isParked(subscriber, position);
    }
}
