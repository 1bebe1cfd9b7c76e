package io.madoguchi.channels.outbox;

import static java.util.Objects.requireNonNull;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.OutboundMessage;
import io.madoguchi.channels.SendResult;
import io.madoguchi.channels.event.ChannelEvent;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.DuplicateRequestException;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.time.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends outbox rows, never on the thread that committed the reply: every attempt and every retry delay runs through
 * the {@link Scheduler} seam, driven by Failsafe. Per request it sends up to the channel's messages-per-request
 * parts with a provider idempotency key derived from the row and the part (the same on every retry and after a
 * restart); retries with exponential backoff and jitter, never sooner than the provider's {@code Retry-After}; keeps
 * a circuit breaker per endpoint (its open time measured on the injected clock); and dead-letters the row after the
 * last attempt or a permanent refusal, with a {@link ChannelEvent.DeliveryDeadLettered} event that the
 * {@link OutboxSubscriber} turns into an internal note on the ticket. Every attempt is recorded in the row before the
 * request goes out and leases it, so a crashed sender's rows come due again ({@link #resume()}). Each write is a
 * compare-and-set on the version this sender last wrote, so once another sender (another host instance on the same
 * database) has taken a row over, this one neither sends it nor writes it again. Optional rate limits per channel and
 * per endpoint ({@link RateLimit}, on the injected clock) delay requests through the scheduler. Thread-safe.
 */
public final class OutboxSender {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);

    private final OutboxStore store;
    private final EventLog eventLog;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Map<String, ChannelAdapter> adapters = new ConcurrentHashMap<>();
    private final @Nullable SupportDesk desk;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration lease;
    private final int breakerFailures;
    private final Duration breakerOpenFor;
    private final SplittableRandom random;
    private final FailsafeExecutor<Outcome> failsafe;
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** The version each row this sender is delivering had after its last write here: any other writer bumps it. */
    private final Map<Long, Long> held = new ConcurrentHashMap<>();
    /** Guards the hand-over between resume()'s claims and queued deliveries of the same rows. */
    private final Object flows = new Object();
    private final Map<String, TokenBucket> channelLimits;
    private final Map<String, TokenBucket> endpointLimits;

    private OutboxSender(Builder b) {
        this.store = b.store;
        this.eventLog = b.eventLog;
        this.scheduler = b.scheduler;
        this.clock = b.clock;
        for (ChannelAdapter a : b.adapters) {
            adapters.put(a.channel().name(), a);
        }
        this.desk = b.desk;
        this.maxAttempts = b.maxAttempts;
        this.baseDelay = b.baseDelay;
        this.maxDelay = b.maxDelay;
        this.lease = b.lease;
        this.breakerFailures = b.breakerFailures;
        this.breakerOpenFor = b.breakerOpenFor;
        this.random = new SplittableRandom(b.seed);
        this.channelLimits = buckets(b.channelLimits);
        this.endpointLimits = buckets(b.endpointLimits);
        this.failsafe = Failsafe.with(retryPolicy())
            .with(new FailsafeSchedulerAdapter(scheduler, clock, this::tickBreakers));
    }

    private static Map<String, TokenBucket> buckets(Map<String, RateLimit> limits) {
        Map<String, TokenBucket> out = new HashMap<>();
        limits.forEach((k, v) -> out.put(k, new TokenBucket(v)));
        return Map.copyOf(out);
    }

    /**
     * @param store the outbox store
     * @param eventLog the desk store's event log (delivery events are appended there)
     * @param scheduler where attempts and retry delays run
     * @param clock the clock
     * @return a builder: 8 attempts per request, backoff from 1 s doubling to at most 10 min with jitter, a
     *     5-minute lease, breakers that open after 5 failures in a row for 30 s
     */
    public static Builder builder(OutboxStore store, EventLog eventLog, Scheduler scheduler, Clock clock) {
        return new Builder(store, eventLog, scheduler, clock);
    }

    /**
     * @param channel a channel name
     * @return the adapter that sends on it, if any
     */
    public Optional<ChannelAdapter> adapter(String channel) {
        return Optional.ofNullable(adapters.get(channel));
    }

    /**
     * Schedules a row's delivery now, unless this sender is already delivering it.
     *
     * @param id the row's id
     */
    public void dispatch(long id) {
        if (inFlight.add(id)) {
            scheduler.schedule(clock.instant(), () -> start(id));
        }
    }

    /**
     * Claims and delivers every row that is due: pending rows whose next attempt has come and rows whose sender's
     * lease ran out (it crashed). The store leases each row to one sender ({@link OutboxStore#claimDue}), so senders
     * of several host instances on one database may all call it. Call it once at startup and then now and then
     * (every minute).
     *
     * @return how many rows this sender claimed
     */
    public int resume() {
        Instant now = now();
        List<OutboxRow> claimed = store.claimDue(now, now.plus(lease), 1_000);
        for (OutboxRow r : claimed) {
            boolean start;
            synchronized (flows) {
                held.put(r.id(), r.version());
                start = inFlight.add(r.id());
            }
            // when a queued dispatch() of the row is already here, its start() finds the claim and goes on with it
            if (start) {
                scheduler.schedule(clock.instant(), () -> {
                    try {
                        runBatch(r.id());
                    } catch (RuntimeException e) {
                        // nothing is lost: the row stays claimed (SENDING under its lease) in the store, and
                        // resume() on this or another sender takes it again when the lease runs out
                        release(r.id(), e);
                    }
                });
            }
        }
        return claimed.size();
    }

    private void start(long id) {
        try {
            OutboxRow row = store.get(id).orElse(null);
            if (row == null || row.finished() || adapters.get(row.channel().name()) == null) {
                release(id, new ConflictException("outbox row " + id + " has nothing to send here"));
                return;
            }
            if (row.status() == OutboxRow.Status.SENDING && row.nextAttemptAt().isAfter(clock.instant())) {
                if (claimedHere(row)) {
                    runBatch(id); // this sender's resume() claimed it after dispatch() had queued it
                } else {
                    // another sender holds the lease; look again when it ends
                    scheduler.schedule(row.nextAttemptAt(), () -> dispatch(id));
                }
                return;
            }
            OutboxRow leased = store.update(row.with(OutboxRow.Status.SENDING, now().plus(lease)));
            held.put(id, leased.version());
            runBatch(id);
        } catch (ConflictException e) {
            // written between the read and the update: by another sender, or by this sender's own resume()
            if (store.get(id).filter(this::claimedHere).isPresent()) {
                runBatch(id);
            }
        } catch (RuntimeException e) {
            // nothing is lost: the row stays in the store as it was (PENDING, or SENDING under its lease), this
            // sender looks again later, and resume() on any sender takes it once it is due
            LOG.warn("outbox row {} not started: {}", id, e.toString());
            retryLater(id);
        }
    }

    /**
     * @param id a row this sender is delivering
     * @return the row as stored
     * @throws ConflictException if another sender wrote it since this one did (it took the row over)
     */
    private OutboxRow mine(long id) {
        OutboxRow row = store.get(id).orElseThrow();
        Long version = held.get(id);
        if (version == null || row.version() != version) {
            throw new ConflictException("outbox row " + id + " was taken over by another sender");
        }
        return row;
    }

    /** Writes a row this sender holds and remembers the version it wrote. */
    private OutboxRow write(OutboxRow row) {
        OutboxRow stored = store.update(row);
        held.put(stored.id(), stored.version());
        return stored;
    }

    /**
     * Decides, atomically with {@link #resume()}'s claims, whether a queued delivery goes on: it does if this sender's
     * resume() claimed the row as it is now; otherwise the delivery ends here (and a later claim starts a new one).
     */
    private boolean claimedHere(OutboxRow row) {
        synchronized (flows) {
            Long version = held.get(row.id());
            if (version != null && version == row.version()) {
                return true;
            }
            held.remove(row.id());
            inFlight.remove(row.id());
            return false;
        }
    }

    /** Stops delivering a row here without touching it: another sender holds it, or it is finished. */
    private void release(long id, RuntimeException why) {
        if (!(why instanceof ConflictException)) {
            LOG.warn("outbox row {} released: {}", id, why.toString());
        }
        forget(id);
    }

    private void forget(long id) {
        synchronized (flows) {
            held.remove(id);
            inFlight.remove(id);
        }
    }

    private void runBatch(long id) {
        OutboxRow row = mine(id);
        ChannelAdapter adapter = adapterFor(row);
        // the provider idempotency key depends only on the row and its next parts: computed once per request
        String key = idempotencyKey(row);
        Breaker breaker = breakers.computeIfAbsent(adapter.endpoint(message(row, row.attempts() + 1, key)),
            this::breaker);
        failsafe.getStageAsync(() -> guarded(id, breaker, adapter, key))
            .whenComplete((o, ex) -> complete(id, o == null ? null : o.result(), ex));
    }

    /**
     * The retry policy of every row: the row travels in the {@link Outcome}, so one policy and one executor serve all
     * sends (building them per send cost more than the rest of the sender's own work).
     */
    private RetryPolicy<Outcome> retryPolicy() {
        return RetryPolicy.<Outcome>builder()
            .handleIf((o, ex) -> o != null && (o.result() == null || o.result() instanceof SendResult.Retry))
            .withMaxRetries(-1)
            .abortIf((o, ex) -> o != null && o.result() instanceof SendResult.Retry && o.attempts() >= maxAttempts)
            .abortIf((o, ex) -> ex != null)
            .withDelayFn(ctx -> delay(requireNonNull(ctx.getLastResult(), "outcome")))
            .onRetryScheduled(e -> retryScheduled(requireNonNull(e.getLastResult(), "outcome"), e.getDelay()))
            .build();
    }

    /**
     * One attempt behind the endpoint's circuit breaker (Failsafe's breaker used directly): while it is open the
     * outcome says so and the retry policy waits for it; otherwise the attempt's result or failure is recorded in it
     * (a {@link ConflictException}, another sender's row, is no failure of the endpoint: see {@link Breaker}).
     */
    private CompletableFuture<Outcome> guarded(long id, Breaker breaker, ChannelAdapter adapter, String key) {
        if (!breaker.policy.tryAcquirePermit()) {
            return CompletableFuture.completedFuture(new Outcome(id, breaker, 0, null));
        }
        try {
            return limited(id, breaker, adapter, key);
        } catch (RuntimeException e) {
            breaker.policy.recordException(e);
            throw e;
        }
    }

    /**
     * Runs the next attempt as soon as the channel's and the endpoint's rate limits allow: at once, or through the
     * scheduler when a limit makes it wait (the row's lease is extended to cover the wait).
     */
    private CompletableFuture<Outcome> limited(long id, Breaker breaker, ChannelAdapter adapter, String key) {
        Instant now = clock.instant();
        Instant at = now;
        TokenBucket perChannel = channelLimits.get(adapter.channel().name());
        if (perChannel != null) {
            at = max(at, perChannel.reserve(now));
        }
        if (!endpointLimits.isEmpty()) {
            OutboxRow row = mine(id);
            TokenBucket perEndpoint = endpointLimits.get(adapter.endpoint(message(row, row.attempts() + 1, key)));
            if (perEndpoint != null) {
                at = max(at, perEndpoint.reserve(now));
            }
        }
        if (!at.isAfter(now)) {
            return CompletableFuture.completedFuture(attempt(id, breaker, adapter, key));
        }
        write(mine(id).with(OutboxRow.Status.SENDING, at.plus(lease)));
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        scheduler.schedule(at, () -> {
            try {
                result.complete(attempt(id, breaker, adapter, key));
            } catch (RuntimeException e) {
                // to Failsafe, which aborts on an exception and hands it to complete()
                breaker.policy.recordException(e);
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private Outcome attempt(long id, Breaker breaker, ChannelAdapter adapter, String key) {
        OutboxRow row = mine(id);
        int n = row.attempts() + 1;
        OutboundMessage message = message(row, n, key);
        // recorded (and the lease renewed) before the request goes out; refused if another sender took the row
        row = write(row.withAttempt(n, row.context(), row.lastError())
            .with(OutboxRow.Status.SENDING, now().plus(lease)));
        append(new ChannelEvent.DeliveryAttempted(row.tenantId(), row.channel(), row.ticketId(), id, n, now()), null);
        SendResult result;
        try {
            result = requireNonNull(adapter.send(message), "send result");
        } catch (RuntimeException e) {
            // a plugin adapter that throws instead of answering: the row is retried like a transient failure
            result = new SendResult.Retry(e.getClass().getSimpleName(), null, true, null);
        }
        if (result instanceof SendResult.Retry r) {
            write(row.withAttempt(n, r.nextContext() != null ? r.nextContext() : row.context(), r.detail()));
        }
        breaker.policy.recordResult(result);
        return new Outcome(id, breaker, n, result);
    }

    private Duration delay(Outcome last) {
        if (last.result() == null) {
            Duration left = last.breaker().remaining(clock.instant());
            return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
        }
        int n = Math.max(1, last.attempts());
        long base = baseDelay.toMillis() << Math.min(n - 1, 30);
        long capped = Math.min(maxDelay.toMillis(), base <= 0 ? Long.MAX_VALUE : base);
        // "equal jitter": half fixed, half random, so two senders that failed together spread out
        long jittered;
        synchronized (random) {
            jittered = capped / 2 + random.nextLong(capped / 2 + 1);
        }
        Duration d = Duration.ofMillis(jittered);
        if (last.result() instanceof SendResult.Retry r && r.retryAfter() != null
            && r.retryAfter().compareTo(d) > 0) {
            d = r.retryAfter();
        }
        return d;
    }

    private void retryScheduled(Outcome last, Duration delay) {
        OutboxRow row = mine(last.id());
        Instant retryAt = now().plus(delay);
        write(row.with(OutboxRow.Status.SENDING, retryAt.plus(lease)));
        if (last.result() instanceof SendResult.Retry r) {
            append(new ChannelEvent.DeliveryFailed(row.tenantId(), row.channel(), row.ticketId(), row.id(),
                row.attempts(), r.detail(), retryAt, now()), null);
        }
    }

    private void complete(long id, @Nullable SendResult result, @Nullable Throwable ex) {
        try {
            if (ex != null || result == null) {
                Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                if (cause instanceof ConflictException conflict) {
                    release(id, conflict); // another sender took the row over: it is theirs now
                    return;
                }
                LOG.warn("outbox row {} interrupted: {}", id, String.valueOf(cause));
                retryLater(id);
                return;
            }
            OutboxRow row = mine(id);
            if (result instanceof SendResult.Sent) {
                OutboxRow next = row.withPartsSent(batch(row).size());
                if (next.partsSent() < next.parts().size()) {
                    write(next);
                    runBatch(id);
                    return;
                }
                // the last request: its parts and the SENT status in one compare-and-set write, not two
                row = write(next.with(OutboxRow.Status.SENT, now()));
                append(new ChannelEvent.DeliveryDelivered(row.tenantId(), row.channel(), row.ticketId(), id,
                    row.requests(), now()), new IdempotencyKey(row.tenantId(), "outbox:delivered", rowKey(row)));
                forget(id); // finished: nothing left to deliver (no exception built on every send for it)
                return;
            }
            deadLetter(row, result.detail());
            forget(id);
        } catch (ConflictException e) {
            release(id, e);
        } catch (RuntimeException e) {
            LOG.warn("outbox row {} not completed: {}", id, e.toString());
            retryLater(id);
        }
    }

    private void deadLetter(OutboxRow row, String detail) {
        OutboxRow dead = write(row.withAttempt(row.attempts(), row.context(), detail)
            .with(OutboxRow.Status.DEAD, now()));
        append(new ChannelEvent.DeliveryDeadLettered(dead.tenantId(), dead.channel(), dead.ticketId(), dead.id(),
            dead.attempts(), detail, now()),
            new IdempotencyKey(dead.tenantId(), "outbox:dead", rowKey(dead)));
        if (desk != null) {
            desk.processEvents();
        }
    }

    /**
     * The claim that makes a row's outcome event one event: its channel and id. Not the id alone: the channel outbox
     * and the webhook sender number their rows differently and their ids meet (in one store's namespaces, or in two
     * stores), and a webhook row's outcome at an id must not take the claim of a reply's at the same id, which would
     * drop the reply's {@code DeliveryDeadLettered} event and with it the agent's note.
     */
    private static String rowKey(OutboxRow row) {
        return row.channel().name() + ":" + row.id();
    }

    /** After an unexpected failure (a store error): pending again a base delay later, and dispatched then. */
    private void retryLater(long id) {
        Instant at = now().plus(baseDelay);
        try {
            OutboxRow row = mine(id);
            if (!row.finished()) {
                write(row.with(OutboxRow.Status.PENDING, at));
            }
        } catch (ConflictException e) {
            release(id, e); // taken over: not this sender's to put back
            return;
        } catch (RuntimeException e) {
            forget(id);
            // the store failed too: the row stays SENDING under its lease, and resume() takes it when that expires
            LOG.warn("outbox row {} left for its lease to run out: {}", id, e.toString());
            return;
        }
        forget(id);
        scheduler.schedule(at, () -> dispatch(id));
    }

    private List<String> batch(OutboxRow row) {
        ChannelAdapter adapter = adapterFor(row);
        int per = adapter.capabilities().messagesPerRequest();
        return row.parts().subList(row.partsSent(), Math.min(row.parts().size(), row.partsSent() + per));
    }

    /** The adapter for a row that start() found one for (adapters are fixed when the sender is built). */
    private ChannelAdapter adapterFor(OutboxRow row) {
        ChannelAdapter adapter = adapters.get(row.channel().name());
        if (adapter == null) {
            throw new IllegalStateException("no adapter for channel " + row.channel());
        }
        return adapter;
    }

    /** The provider idempotency key of a row's next request: the same on every retry and after a restart. */
    private static String idempotencyKey(OutboxRow row) {
        return UUID.nameUUIDFromBytes((row.tenantId().value() + "/" + row.id() + "/" + row.partsSent())
            .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private OutboundMessage message(OutboxRow row, int attempt, String key) {
        return new OutboundMessage(row.tenantId(), row.ticketId(), row.recipient(), batch(row), row.context(), key,
            attempt);
    }

    private void append(ChannelEvent event, @Nullable IdempotencyKey claim) {
        try {
            eventLog.append(List.of(event), claim == null ? Map.of() : Map.of(claim, event.type()));
        } catch (DuplicateRequestException e) {
            // recorded before: the row was completed by an earlier run
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    // ------------------------------------------------------------------ circuit breakers on the injected clock

    private Breaker breaker(String endpoint) {
        return new Breaker(endpoint);
    }

    private void tickBreakers() {
        Instant now = clock.instant();
        for (Breaker b : breakers.values()) {
            if (b.policy.isOpen() && !(b.remaining(now).compareTo(Duration.ZERO) > 0)) {
                b.policy.halfOpen();
            }
        }
    }

    /**
     * @param endpoint an endpoint name, for example {@code line:push}
     * @return whether its breaker is open (requests to it wait)
     */
    public boolean breakerOpen(String endpoint) {
        Breaker b = breakers.get(endpoint);
        return b != null && b.policy.isOpen();
    }

    /**
     * What one attempt came to, as the retry policy sees it.
     *
     * @param id the row
     * @param breaker its endpoint's breaker
     * @param attempts the attempts made on the row's current request, this one included
     * @param result the adapter's answer, or null if the breaker was open and nothing was sent
     */
    private record Outcome(long id, Breaker breaker, int attempts, @Nullable SendResult result) {
    }

    private final class Breaker {
        final String endpoint;
        final CircuitBreaker<SendResult> policy;
        volatile Instant openedAt = Instant.MIN;

        Breaker(String endpoint) {
            this.endpoint = endpoint;
            this.policy = CircuitBreaker.<SendResult>builder()
                // a row another sender took over says nothing about the endpoint
                .handleIf((r, ex) -> r instanceof SendResult.Retry || ex != null && !(ex instanceof ConflictException))
                .withFailureThreshold(breakerFailures)
                .withSuccessThreshold(1)
                // Failsafe measures its delay on System.nanoTime; the sender half-opens the breaker on its clock
                .withDelay(Duration.ofDays(3650))
                .onOpen(e -> openedAt = clock.instant())
                .build();
        }

        Duration remaining(Instant now) {
            return openedAt == Instant.MIN ? Duration.ZERO : Duration.between(now, openedAt.plus(breakerOpenFor));
        }

        @Override
        public String toString() {
            return "Breaker[" + endpoint + "]";
        }
    }

    /** Builds a sender. Not thread-safe. */
    public static final class Builder {
        private final OutboxStore store;
        private final EventLog eventLog;
        private final Scheduler scheduler;
        private final Clock clock;
        private final java.util.List<ChannelAdapter> adapters = new java.util.ArrayList<>();
        private @Nullable SupportDesk desk;
        private int maxAttempts = 8;
        private Duration baseDelay = Duration.ofSeconds(1);
        private Duration maxDelay = Duration.ofMinutes(10);
        private Duration lease = Duration.ofMinutes(5);
        private int breakerFailures = 5;
        private Duration breakerOpenFor = Duration.ofSeconds(30);
        private long seed = 0x6d61646fL;
        private final Map<String, RateLimit> channelLimits = new HashMap<>();
        private final Map<String, RateLimit> endpointLimits = new HashMap<>();

        private Builder(OutboxStore store, EventLog eventLog, Scheduler scheduler, Clock clock) {
            this.store = requireNonNull(store, "store");
            this.eventLog = requireNonNull(eventLog, "eventLog");
            this.scheduler = requireNonNull(scheduler, "scheduler");
            this.clock = requireNonNull(clock, "clock");
        }

        /**
         * @param adapters adapters that send
         * @return this builder
         */
        public Builder adapters(Collection<? extends ChannelAdapter> adapters) {
            this.adapters.addAll(adapters);
            return this;
        }

        /**
         * @param adapter an adapter that sends
         * @return this builder
         */
        public Builder adapter(ChannelAdapter adapter) {
            this.adapters.add(requireNonNull(adapter, "adapter"));
            return this;
        }

        /**
         * @param value the desk whose subscribers are run after a dead letter, so its note appears at once (with
         *     asynchronous delivery the host's own {@code processEvents} does it)
         * @return this builder
         */
        public Builder desk(SupportDesk value) {
            this.desk = requireNonNull(value, "desk");
            return this;
        }

        /**
         * @param value attempts per request before the row is dead-lettered; at least 1
         * @return this builder
         */
        public Builder maxAttempts(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = value;
            return this;
        }

        /**
         * @param base the first retry delay (doubled per attempt)
         * @param max the longest delay
         * @return this builder
         */
        public Builder backoff(Duration base, Duration max) {
            if (base.compareTo(Duration.ZERO) <= 0 || max.compareTo(base) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < base <= max");
            }
            this.baseDelay = base;
            this.maxDelay = max;
            return this;
        }

        /**
         * @param failures failures in a row that open an endpoint's breaker
         * @param openFor how long it stays open before one trial request
         * @return this builder
         */
        public Builder circuitBreaker(int failures, Duration openFor) {
            if (failures < 1 || openFor.compareTo(Duration.ZERO) <= 0) {
                throw new IllegalArgumentException("circuit breaker needs failures >= 1 and a positive open time");
            }
            this.breakerFailures = failures;
            this.breakerOpenFor = openFor;
            return this;
        }

        /**
         * Limits the requests on one channel (every endpoint and recipient together); none by default. A request
         * over the limit waits through the scheduler and is not counted as a failed attempt.
         *
         * @param channel the channel
         * @param limit its limit
         * @return this builder
         * @throws IllegalStateException if the channel's limit was set already
         */
        public Builder rateLimit(Channel channel, RateLimit limit) {
            requireNonNull(channel, "channel");
            requireNonNull(limit, "limit");
            if (channelLimits.putIfAbsent(channel.name(), limit) != null) {
                throw new IllegalStateException("the rate limit of channel " + channel + " was already set");
            }
            return this;
        }

        /**
         * Limits the requests to one endpoint, as the adapter names it ({@link ChannelAdapter#endpoint}, for example
         * {@code line:push} or {@code slack:chat.postMessage}); none by default. Applies with the channel's limit:
         * a request waits for both.
         *
         * @param endpoint the endpoint's name
         * @param limit its limit
         * @return this builder
         * @throws IllegalStateException if the endpoint's limit was set already
         * @throws IllegalArgumentException if the name is blank
         */
        public Builder endpointRateLimit(String endpoint, RateLimit limit) {
            requireNonNull(endpoint, "endpoint");
            requireNonNull(limit, "limit");
            if (endpoint.isBlank()) {
                throw new IllegalArgumentException("an endpoint name must not be blank");
            }
            if (endpointLimits.putIfAbsent(endpoint, limit) != null) {
                throw new IllegalStateException("the rate limit of endpoint " + endpoint + " was already set");
            }
            return this;
        }

        /**
         * @param value the seed of the jitter's random numbers
         * @return this builder
         */
        public Builder jitterSeed(long value) {
            this.seed = value;
            return this;
        }

        /** @return the sender */
        public OutboxSender build() {
            return new OutboxSender(this);
        }
    }
}
