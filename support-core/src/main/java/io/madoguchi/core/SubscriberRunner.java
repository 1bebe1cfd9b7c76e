package io.madoguchi.core;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.RetryPolicy;
import io.madoguchi.core.internal.StepClaims;
import io.madoguchi.core.internal.SubscriberNames;
import io.madoguchi.core.store.CheckpointStore;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.ParkedEvent;
import io.madoguchi.core.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the committed log to subscribers, each from its checkpoint, in log order, one event at a time per
 * subscriber. A failing event is retried with backoff (woken through the scheduler, never sleeping) and parked
 * after the last attempt. While a subscriber handles an event, every desk step it makes claims the idempotency key
 * {@code (tenant, "subscriber:" + name, position + "/" + n)} ({@link StepClaims}), so a redelivered event does not
 * repeat a step that was already committed; so does a log append with claims of its own that the handling makes
 * outside the desk (a survey's or a complaint's event). {@code n} counts the steps the handling made, including
 * those that changed nothing, so it is the same on redelivery as long as the subscriber makes the same steps for the
 * same event; a subscriber whose
 * steps depend on state that its own earlier steps change should make them one compound step
 * ({@code SupportDesk.apply(p, ticket, version, commands)}). The store keeps the claims of a parked event's steps
 * past its claim retention for as long as the event stays parked, so {@link #redeliver} repeats none of them however
 * late it is called. Listeners ({@code addListener}) are subscribers
 * without a durable checkpoint: they see events committed after they were added, and a failure is logged and
 * skipped. Thread-safe.
 */
final class SubscriberRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriberRunner.class);
    private static final int BATCH = 256;
    private static final long UNKNOWN = -1;
    /** How long a subscriber lease lasts: an instance that dies while delivering holds it at most this long. */
    private static final Duration LEASE = Duration.ofSeconds(60);
    /**
     * How long a redelivery's claim on its parked event lasts when the desk has a scheduler, which renews it every
     * {@link #RENEW_EVERY} while the handling runs: the longest an instance that dies while redelivering keeps the
     * event from the bounds and from other redeliveries.
     */
    static final Duration RENEWED_CLAIM = Duration.ofMinutes(5);
    /** How often a running redelivery renews its claim: a third of it, so one late or failed renewal loses nothing. */
    static final Duration RENEW_EVERY = RENEWED_CLAIM.dividedBy(3);
    /**
     * How long a redelivery's claim lasts on a desk without a scheduler, where nothing renews it while the handling
     * runs: longer than any handling should take.
     */
    static final Duration REDELIVERY = Duration.ofHours(1);

    private final EventLog log;
    private final CheckpointStore checkpoints;
    private final Clock clock;
    private final @Nullable Scheduler scheduler;
    private final RetryPolicy retry;
    private final CopyOnWriteArrayList<Sub> subs = new CopyOnWriteArrayList<>();
    /** This runner's name for subscriber leases (unique per desk instance). */
    private final String owner = "desk-" + UUID.randomUUID();
    /** Numbers this runner's redeliveries, so each claims its event under its own name. */
    private final AtomicLong redeliveries = new AtomicLong();

    private final class Sub {
        final EventSubscriber subscriber;
        final String name;
        final boolean durable;
        final ReentrantLock lock = new ReentrantLock();
        /** Reused for each event this subscriber handles (one at a time, under {@link #lock}). */
        final StepClaims.Handling handling;
        /** A listener's checkpoint; for a durable subscriber the stored checkpoint as last known, or UNKNOWN. */
        volatile long position;
        volatile long blockedUntil = Long.MIN_VALUE;
        long failingPosition = -1;
        int failures;

        Sub(EventSubscriber subscriber, String name, boolean durable, long position) {
            this.subscriber = subscriber;
            this.name = name;
            this.durable = durable;
            this.position = position;
            this.handling = new StepClaims.Handling(name, 0);
        }

        /**
         * The checkpoint as this instance last read or wrote it; re-read from the store after another instance
         * moved it (a failed compare-and-set), so a store on a database is not asked on every commit.
         */
        long checkpoint() {
            if (!durable) {
                return position;
            }
            long known = position;
            if (known < 0) {
                known = checkpoints.checkpoint(name);
                position = known;
            }
            return known;
        }

        void forget() {
            position = UNKNOWN;
        }
    }

    SubscriberRunner(EventLog log, CheckpointStore checkpoints, Clock clock, @Nullable Scheduler scheduler,
                     RetryPolicy retry) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.scheduler = scheduler;
        this.retry = retry;
    }

    /**
     * @param tenantId the tenant of the step's writes
     * @return the idempotency key the current desk step must claim, if it is made by a subscriber
     */
    static @Nullable IdempotencyKey stepKey(TenantId tenantId) {
        return StepClaims.next(tenantId);
    }

    /**
     * Counts a committed (or already committed) step of the current subscriber, so its next step claims the next
     * key. Steps retried after a version conflict keep their number.
     */
    static void stepDone() {
        StepClaims.done();
    }

    void subscribe(EventSubscriber subscriber) {
        requireNonNull(subscriber, "subscriber");
        String name = requireNonNull(subscriber.name(), "name");
        SubscriberNames.check(name, "a subscriber's name " + SubscriberNames.RULE);
        synchronized (subs) {
            for (Sub s : subs) {
                if (s.durable && s.name.equals(name)) {
                    throw ValidationException.of("name", "a subscriber named " + name + " is already subscribed");
                }
            }
            checkpoints.register(name);
            subs.add(new Sub(subscriber, name, true, UNKNOWN));
        }
    }

    boolean unsubscribe(String name) {
        return subs.removeIf(s -> s.durable && s.name.equals(name));
    }

    void addListener(EventSubscriber listener) {
        follow(listener, log.head());
    }

    /**
     * Adds a subscriber without a durable checkpoint (a listener, or a follower of the whole log) that reads the log
     * after {@code afterPosition}; it takes no subscriber name.
     */
    void follow(EventSubscriber reader, long afterPosition) {
        requireNonNull(reader, "reader");
        long head = log.head();
        if (afterPosition < 0 || afterPosition > head) {
            throw ValidationException.of("afterPosition", "must be between 0 and the log's head " + head + ", was "
                + afterPosition);
        }
        subs.add(new Sub(reader, "listener", false, afterPosition));
    }

    boolean removeListener(Object listener) {
        return subs.removeIf(s -> !s.durable && s.subscriber.equals(listener));
    }

    List<String> names() {
        return subs.stream().filter(s -> s.durable).map(s -> s.name).toList();
    }

    /** Delivers what is pending to every subscriber that is not waiting for a retry. */
    void drain() {
        for (Sub s : subs) {
            drain(s);
        }
    }

    private void drain(Sub s) {
        int emptyReads = 0;
        boolean lookForDropped = false;
        while (true) {
            if (s.lock.isHeldByCurrentThread() || !s.lock.tryLock()) {
                return;
            }
            // of several instances on one store, the one holding the lease delivers; it looks for new events after
            // giving the lease back, so an event committed by an instance that found the lease taken is not left
            boolean leased = !s.durable || checkpoints.tryLease(s.name, owner, LEASE);
            boolean readNothing = false;
            try {
                if (leased) {
                    if (s.durable) {
                        s.forget(); // another instance may have moved it while it held the lease
                    }
                    readNothing = process(s, lookForDropped);
                }
            } finally {
                try {
                    if (leased && s.durable) {
                        checkpoints.releaseLease(s.name, owner);
                    }
                } finally {
                    s.lock.unlock();
                }
            }
            if (!leased) {
                s.forget(); // the holder moves the checkpoint: read it again next time
                return;
            }
            if (blocked(s) || log.head() <= s.checkpoint()) {
                return;
            }
            if (readNothing) {
                // nothing read, yet the head is beyond the checkpoint: the log dropped the events after it (a reader
                // without a checkpoint, or a new subscriber), or they were appended just after the read. Look once;
                // a store whose reads keep missing what its head says is not read again and again here
                if (++emptyReads > 1) {
                    return;
                }
                lookForDropped = true;
            }
        }
    }

    private boolean blocked(Sub s) {
        return s.blockedUntil != Long.MIN_VALUE && clock.millis() < s.blockedUntil;
    }

    /**
     * Delivers the log after the subscriber's checkpoint in batches. The checkpoint is read once and moved once per
     * batch (not per event): a store on a database then pays one read and one write per batch. Events handled but
     * not yet passed when the process dies are delivered again, which the subscribers' claims make harmless.
     *
     * @param lookForDropped whether an earlier read found nothing although the head is beyond the checkpoint: an
     *     empty read then looks for events the log dropped after the checkpoint ({@link #skipDropped})
     * @return whether the read after the checkpoint found nothing
     */
    private boolean process(Sub s, boolean lookForDropped) {
        if (blocked(s)) {
            return false;
        }
        long cp = s.checkpoint();
        while (true) {
            List<EventEnvelope> batch = log.read(cp, BATCH);
            // positions are dense, so a first position beyond cp + 1 means the log dropped events after cp; a reader
            // without a checkpoint does not hold pruning back (a subscriber does, once registered)
            if (batch.isEmpty() ? lookForDropped : !s.durable && batch.get(0).position() > cp + 1) {
                lookForDropped = false;
                long next = skipDropped(s, cp, batch);
                if (next < 0) {
                    return false;
                }
                if (next != cp && batch.isEmpty()) {
                    cp = next;
                    continue;
                }
                cp = next;
            }
            if (batch.isEmpty()) {
                return true;
            }
            long done = cp;
            for (int i = 0; i < batch.size(); i++) {
                EventEnvelope e = batch.get(i);
                RuntimeException failure = handle(s, e);
                if (failure != null) {
                    if (done != cp && !move(s, cp, done)) {
                        return false;
                    }
                    if (!failed(s, e, done, failure)) {
                        return false;
                    }
                    // parked (or a listener's failure skipped): the checkpoint is now at e
                    cp = e.position();
                    done = cp;
                    continue;
                }
                done = e.position();
            }
            // done == cp when the batch's last event was parked: park() has already moved the checkpoint onto it
            if (done != cp && !move(s, cp, done)) {
                return false;
            }
            if (batch.size() < BATCH) {
                // the log held no more: not asking again saves a read per subscriber and commit; an event appended
                // meanwhile is seen by drain, which compares the head with the checkpoint after the lock is given back
                return false;
            }
            cp = done;
        }
    }

    /**
     * Moves a reader past the events the log dropped after its position, if it did: positions below the oldest
     * retained one (the built-in stores' positions have no gaps, so each was an event; a gap above it is a store's
     * own and is read over as before). A reader without a checkpoint (a follower or listener, which does not hold
     * pruning back) is told ({@link EventSubscriber#missed}) with one warning, unless it started at 0, which asks for
     * the retained log. A subscriber's unread events are never dropped once it is registered: one that finds nothing
     * to read after its checkpoint is new to a log that dropped events before, and starts at the retained log.
     *
     * @param batch what was read after {@code cp}
     * @return the position to go on after: {@code cp} if nothing was dropped after it; -1 if another instance moved
     *     the subscriber's checkpoint (stop and re-read)
     */
    private long skipDropped(Sub s, long cp, List<EventEnvelope> batch) {
        long oldest = log.oldest();
        long next = batch.isEmpty() ? oldest : Math.min(oldest, batch.get(0).position());
        if (next <= cp + 1) {
            return cp;
        }
        long to = next - 1;
        if (s.durable) {
            if (cp > 0) {
                LOG.warn("subscriber {} finds no events at positions {} to {}: the log no longer retains them",
                    s.name, cp + 1, to);
            }
            return move(s, cp, to) ? to : -1;
        }
        if (cp > 0) {
            LOG.warn("follower {} ({}) missed the events at positions {} to {}: the log dropped them before it read "
                + "them (a follower does not hold back pruning)", s.subscriber.name(),
                s.subscriber.getClass().getName(), cp + 1, to);
            try {
                s.subscriber.missed(cp, next);
            } catch (RuntimeException ex) {
                LOG.warn("follower {} ({}) failed on being told it missed positions {} to {}", s.subscriber.name(),
                    s.subscriber.getClass().getName(), cp + 1, to, ex);
            }
        }
        s.position = to;
        return to;
    }

    /** @return the subscriber's failure, or null when it handled the event */
    private @Nullable RuntimeException handle(Sub s, EventEnvelope e) {
        StepClaims.Handling h = null;
        if (s.durable) {
            h = s.handling;
            h.restart(e.position());
        }
        StepClaims.Handling outer = StepClaims.enter(h);
        try {
            s.subscriber.handle(e);
        } catch (RuntimeException ex) {
            return ex;
        } finally {
            StepClaims.leave(outer);
        }
        s.failures = 0;
        s.failingPosition = -1;
        s.blockedUntil = Long.MIN_VALUE;
        return null;
    }

    /** @return whether the checkpoint moved; false when another instance moved it first (stop and re-read) */
    private boolean move(Sub s, long from, long to) {
        if (!s.durable) {
            s.position = to;
            return true;
        }
        try {
            checkpoints.advance(s.name, from, to);
            s.position = to;
            return true;
        } catch (ConflictException raced) {
            LOG.debug("subscriber {} was moved past {} by another instance", s.name, from);
            s.forget();
            return false;
        }
    }

    private boolean failed(Sub s, EventEnvelope e, long cp, RuntimeException ex) {
        if (!s.durable) {
            LOG.warn("desk listener {} failed on {} (listeners are not retried)", s.subscriber.getClass().getName(),
                e, ex);
            move(s, cp, e.position());
            return true;
        }
        if (s.failingPosition != e.position()) {
            s.failingPosition = e.position();
            s.failures = 0;
        }
        s.failures++;
        String error = ex.getClass().getName() + ": " + ex.getMessage();
        if (s.failures >= retry.maxAttempts()) {
            LOG.error("subscriber {} parked {} after {} attempts", s.name, e, s.failures, ex);
            try {
                checkpoints.park(new ParkedEvent(s.name, e.position(), e.type(), error, s.failures, clock.instant()),
                    cp);
                s.position = e.position();
            } catch (ConflictException raced) {
                LOG.debug("subscriber {} was moved past {} by another instance", s.name, cp);
                s.forget();
                s.failures = 0;
                s.failingPosition = -1;
                return false;
            }
            s.failures = 0;
            s.failingPosition = -1;
            s.blockedUntil = Long.MIN_VALUE;
            return true;
        }
        Instant next = clock.instant().plus(retry.backoff(s.failures));
        s.blockedUntil = next.toEpochMilli();
        LOG.warn("subscriber {} failed on {} (attempt {} of {}); retrying at {}", s.name, e, s.failures,
            retry.maxAttempts(), next, ex);
        if (scheduler != null) {
            scheduler.schedule(next, () -> drain(s));
        }
        return false;
    }

    /**
     * Delivers one parked event again to its subscriber, now, on this thread. The event is first claimed on the store
     * ({@link CheckpointStore#claimRedelivery}), for every instance sharing it: while the handling runs, the store's
     * bounds of size and age do not drop the event (which would release the claims of the steps the handling makes,
     * so they could be made again) and no other redelivery of it runs. With a scheduler the claim lasts
     * {@link #RENEWED_CLAIM} and is renewed every {@link #RENEW_EVERY} until the handling ends, however long it takes;
     * without one it lasts {@link #REDELIVERY} and is renewed only once this subscriber's lock is taken. A claim lost
     * meanwhile (it expired, and another redelivery claimed the event or the age bound dropped it) is reported, and
     * the event is not finished over the other redelivery.
     *
     * @return whether the subscriber handled it (it is then no longer parked); false if it failed again (it stays
     *     parked)
     * @throws NotFoundException if the subscriber is unknown, or the event is not parked or no longer in the log
     * @throws ConflictException if another redelivery of the event, on this or another instance, is running
     * @throws RedeliveryClaimLostException if this redelivery's claim was lost while the handling ran
     */
    boolean redeliver(String name, long position) {
        Sub s = subs.stream().filter(x -> x.durable && x.name.equals(name)).findFirst()
            .orElseThrow(() -> new NotFoundException("no subscriber named " + name + " is subscribed"));
        String claimant = owner + "/redelivery-" + redeliveries.incrementAndGet();
        Duration ttl = renewing() ? RENEWED_CLAIM : REDELIVERY;
        // claimed before the wait for the lock, so a second admin is told at once that it is being redelivered
        claimForRedelivery(name, position, claimant, ttl);
        Renewal renewal = new Renewal(name, position, claimant);
        boolean handled = false;
        RuntimeException failure = null;
        try {
            renewal.start();
            List<EventEnvelope> found = log.read(position - 1, 1);
            if (found.isEmpty() || found.get(0).position() != position) {
                throw new NotFoundException("the event at position " + position + " is no longer in the log");
            }
            s.lock.lock();
            try {
                claimForRedelivery(name, position, claimant, ttl); // the wait for the lock may have been long: renew
                StepClaims.Handling outer = StepClaims.enter(new StepClaims.Handling(name, position));
                try {
                    s.subscriber.handle(found.get(0));
                    handled = true;
                } catch (RuntimeException ex) {
                    failure = ex;
                } finally {
                    StepClaims.leave(outer);
                }
            } finally {
                s.lock.unlock();
            }
        } finally {
            renewal.stop();
            if (!handled || renewal.lost()) {
                checkpoints.releaseRedelivery(name, position, claimant); // nothing if the claim is no longer its own
            }
        }
        if (renewal.lost()) {
            throw lost(name, position, outcome(failure), failure);
        }
        if (failure != null) {
            LOG.warn("subscriber {} failed again on parked event {}", name, position, failure);
            return false;
        }
        if (!checkpoints.finishRedelivery(name, position, claimant)) {
            // handled, but the claim expired meanwhile, unrenewed: another redelivery claimed it (and removes it
            // when it ends), or the age bound dropped the event
            throw lost(name, position, "handled", null);
        }
        return true;
    }

    private static String outcome(@Nullable RuntimeException failure) {
        return failure == null ? "handled" : "failed again";
    }

    private static RedeliveryClaimLostException lost(String name, long position, String outcome,
                                                     @Nullable RuntimeException failure) {
        RedeliveryClaimLostException e = new RedeliveryClaimLostException(name, position, outcome);
        if (failure != null) {
            e.addSuppressed(failure);
        }
        LOG.warn("subscriber {}'s redelivery of parked event {} lost its claim while the handling ran ({} then)", name,
            position, outcome);
        return e;
    }

    /** @return whether a redelivery's claim is renewed while its handling runs: the desk has a scheduler that runs */
    private boolean renewing() {
        return scheduler != null && !(scheduler instanceof Scheduler.NoScheduler);
    }

    /**
     * Renews a redelivery's claim every {@link #RENEW_EVERY} through the desk's scheduler, from {@link #start} until
     * {@link #stop}, and notes when the claim is found lost (another redelivery holds it, or the event is no longer
     * parked); then it stops renewing. A renewal that fails on the store is logged and tried again at the next turn.
     * Thread-safe: a renewal runs on the scheduler's thread; {@link #stop} waits for one that is running, so none
     * renews the claim after the redelivery has given it back.
     */
    private final class Renewal implements Runnable {
        private final String name;
        private final long position;
        private final String claimant;
        private Scheduler.@Nullable Cancellable next;
        private boolean stopped;
        private boolean lost;

        Renewal(String name, long position, String claimant) {
            this.name = name;
            this.position = position;
            this.claimant = claimant;
        }

        synchronized void start() {
            if (renewing()) {
                scheduleNext();
            }
        }

        private void scheduleNext() {
            next = requireNonNull(scheduler).schedule(clock.instant().plus(RENEW_EVERY), this);
        }

        @Override
        public synchronized void run() {
            if (stopped || lost) {
                return;
            }
            try {
                if (!checkpoints.claimRedelivery(name, position, claimant, RENEWED_CLAIM)) {
                    lost = true;
                }
            } catch (ConflictException taken) {
                lost = true;
            } catch (RuntimeException e) {
                // the claim lasts two more turns: the next renewal tries again
                LOG.warn("renewing subscriber {}'s claim on parked event {} failed ({}); trying again in {}", name,
                    position, e.getClass().getSimpleName(), RENEW_EVERY);
            }
            if (lost) {
                LOG.warn("subscriber {}'s redelivery of parked event {} lost its claim: it expired before a renewal "
                    + "and another redelivery claimed the event, or the age bound dropped it", name, position);
                return;
            }
            scheduleNext();
        }

        synchronized void stop() {
            stopped = true;
            if (next != null) {
                next.cancel();
                next = null;
            }
        }

        synchronized boolean lost() {
            return lost;
        }
    }

    private void claimForRedelivery(String name, long position, String claimant, Duration ttl) {
        if (!checkpoints.claimRedelivery(name, position, claimant, ttl)) {
            throw new NotFoundException("subscriber " + name + " has no parked event at position " + position);
        }
    }
}
