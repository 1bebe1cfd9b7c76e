package io.madoguchi.core.internal;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.store.CheckpointStore;
import io.madoguchi.core.store.IdempotencyKey;

/**
 * The idempotency claims of the desk steps a subscriber makes while it handles an event: scope
 * {@value #SCOPE_PREFIX} followed by the subscriber's name, key the event's position, {@code '/'} and the step's
 * number. The subscriber runner makes them; the event logs read them back to keep the claims of an event the
 * subscriber has not finished (beyond its checkpoint, or parked), which a later redelivery needs to find.
 * Thread-safe (stateless).
 */
public final class StepClaims {

    /** What the scope of a step claim starts with; the subscriber's name follows. */
    public static final String SCOPE_PREFIX = "subscriber:";

    private StepClaims() {
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
