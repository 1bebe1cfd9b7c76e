package io.madoguchi.channels.outbox;

import static java.util.Objects.requireNonNull;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.OutboundMessage;
import io.madoguchi.channels.SendResult;
import io.madoguchi.channels.event.ChannelEvent;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
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
 * request goes out and leases it, so a crashed sender's rows come due again ({@link #resume()}). Thread-safe.
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
    private final FailsafeSchedulerAdapter failsafeScheduler;
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

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
        this.failsafeScheduler = new FailsafeSchedulerAdapter(scheduler, clock, this::tickBreakers);
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
     * Dispatches every row that is due: pending rows whose next attempt has come and rows whose sender's lease ran
     * out (it crashed). Call it once at startup and then now and then (every minute).
     *
     * @return how many rows were dispatched
     */
    public int resume() {
        List<OutboxRow> due = store.due(clock.instant(), 1_000);
        for (OutboxRow r : due) {
            dispatch(r.id());
        }
        return due.size();
    }

    private void start(long id) {
        try {
            OutboxRow row = store.get(id).orElse(null);
            if (row == null || row.finished() || adapters.get(row.channel().name()) == null) {
                inFlight.remove(id);
                return;
            }
            if (row.status() == OutboxRow.Status.SENDING && row.nextAttemptAt().isAfter(clock.instant())) {
                // another sender holds the lease; look again when it ends
                inFlight.remove(id);
                scheduler.schedule(row.nextAttemptAt(), () -> dispatch(id));
                return;
            }
            store.update(row.with(OutboxRow.Status.SENDING, now().plus(lease)));
            runBatch(id);
        } catch (ConflictException e) {
            inFlight.remove(id);
        } catch (RuntimeException e) {
            LOG.warn("outbox row {} not started: {}", id, e.toString());
            retryLater(id);
        }
    }

    private void runBatch(long id) {
        OutboxRow row = store.get(id).orElseThrow();
        ChannelAdapter adapter = adapters.get(row.channel().name());
        Breaker breaker = breakers.computeIfAbsent(adapter.endpoint(message(row, row.attempts() + 1)), this::breaker);
        RetryPolicy<SendResult> retry = RetryPolicy.<SendResult>builder()
            .handleIf((r, ex) -> r instanceof SendResult.Retry || ex instanceof CircuitBreakerOpenException)
            .withMaxRetries(-1)
            .abortIf((r, ex) -> r instanceof SendResult.Retry && attemptsOf(id) >= maxAttempts)
            .abortIf((r, ex) -> ex != null && !(ex instanceof CircuitBreakerOpenException))
            .withDelayFn(ctx -> delay(id, ctx.getLastResult(), ctx.getLastException(), breaker))
            .onRetryScheduled(e -> retryScheduled(id, e.getLastResult(), e.getDelay()))
            .build();
        Failsafe.with(retry).compose(breaker.policy).with(failsafeScheduler)
            .getAsync(() -> attempt(id, adapter))
            .whenComplete((r, ex) -> complete(id, r, ex));
    }

    private int attemptsOf(long id) {
        return store.get(id).map(OutboxRow::attempts).orElse(maxAttempts);
    }

    private SendResult attempt(long id, ChannelAdapter adapter) {
        OutboxRow row = store.get(id).orElseThrow();
        int n = row.attempts() + 1;
        OutboundMessage message = message(row, n);
        row = store.update(row.withAttempt(n, row.context(), row.lastError())
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
            store.update(row.withAttempt(n, r.nextContext() != null ? r.nextContext() : row.context(), r.detail()));
        }
        return result;
    }

    private Duration delay(long id, @Nullable SendResult last, @Nullable Throwable ex, Breaker breaker) {
        if (ex instanceof CircuitBreakerOpenException) {
            Duration left = breaker.remaining(clock.instant());
            return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
        }
        int n = Math.max(1, attemptsOf(id));
        long base = baseDelay.toMillis() << Math.min(n - 1, 30);
        long capped = Math.min(maxDelay.toMillis(), base <= 0 ? Long.MAX_VALUE : base);
        // "equal jitter": half fixed, half random, so two senders that failed together spread out
        long jittered;
        synchronized (random) {
            jittered = capped / 2 + random.nextLong(capped / 2 + 1);
        }
        Duration d = Duration.ofMillis(jittered);
        if (last instanceof SendResult.Retry r && r.retryAfter() != null && r.retryAfter().compareTo(d) > 0) {
            d = r.retryAfter();
        }
        return d;
    }

    private void retryScheduled(long id, @Nullable SendResult last, Duration delay) {
        OutboxRow row = store.get(id).orElseThrow();
        Instant retryAt = now().plus(delay);
        store.update(row.with(OutboxRow.Status.SENDING, retryAt.plus(lease)));
        if (last instanceof SendResult.Retry r) {
            append(new ChannelEvent.DeliveryFailed(row.tenantId(), row.channel(), row.ticketId(), id, row.attempts(),
                r.detail(), retryAt, now()), null);
        }
    }

    private void complete(long id, @Nullable SendResult result, @Nullable Throwable ex) {
        try {
            if (ex != null || result == null) {
                Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                LOG.warn("outbox row {} interrupted: {}", id, String.valueOf(cause));
                retryLater(id);
                return;
            }
            OutboxRow row = store.get(id).orElseThrow();
            if (result instanceof SendResult.Sent) {
                int batch = batch(row).size();
                row = store.update(row.withPartsSent(batch));
                if (row.partsSent() < row.parts().size()) {
                    runBatch(id);
                    return;
                }
                store.update(row.with(OutboxRow.Status.SENT, now()));
                append(new ChannelEvent.DeliveryDelivered(row.tenantId(), row.channel(), row.ticketId(), id,
                    row.requests(), now()), new IdempotencyKey(row.tenantId(), "outbox:delivered", Long.toString(id)));
                inFlight.remove(id);
                return;
            }
            deadLetter(row, result.detail());
            inFlight.remove(id);
        } catch (RuntimeException e) {
            LOG.warn("outbox row {} not completed: {}", id, e.toString());
            retryLater(id);
        }
    }

    private void deadLetter(OutboxRow row, String detail) {
        OutboxRow dead = store.update(row.withAttempt(row.attempts(), row.context(), detail)
            .with(OutboxRow.Status.DEAD, now()));
        append(new ChannelEvent.DeliveryDeadLettered(dead.tenantId(), dead.channel(), dead.ticketId(), dead.id(),
            dead.attempts(), detail, now()),
            new IdempotencyKey(dead.tenantId(), "outbox:dead", Long.toString(dead.id())));
        if (desk != null) {
            desk.processEvents();
        }
    }

    /** After an unexpected failure (a store error): pending again a base delay later, and dispatched then. */
    private void retryLater(long id) {
        inFlight.remove(id);
        Instant at = now().plus(baseDelay);
        try {
            store.get(id).filter(r -> !r.finished())
                .ifPresent(r -> store.update(r.with(OutboxRow.Status.PENDING, at)));
        } catch (RuntimeException e) {
            // the store failed too: the row stays SENDING under its lease, and resume() takes it when that expires
            LOG.warn("outbox row {} left for its lease to run out: {}", id, e.toString());
            return;
        }
        scheduler.schedule(at, () -> dispatch(id));
    }

    private List<String> batch(OutboxRow row) {
        ChannelAdapter adapter = adapters.get(row.channel().name());
        int per = adapter.capabilities().messagesPerRequest();
        return row.parts().subList(row.partsSent(), Math.min(row.parts().size(), row.partsSent() + per));
    }

    private OutboundMessage message(OutboxRow row, int attempt) {
        String key = UUID.nameUUIDFromBytes((row.tenantId().value() + "/" + row.id() + "/" + row.partsSent())
            .getBytes(StandardCharsets.UTF_8)).toString();
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
        Breaker b = new Breaker(endpoint);
        b.policy = CircuitBreaker.<SendResult>builder()
            .handleIf((r, ex) -> r instanceof SendResult.Retry || ex != null)
            .withFailureThreshold(breakerFailures)
            .withSuccessThreshold(1)
            // Failsafe measures its delay on System.nanoTime; the sender half-opens the breaker on its clock instead
            .withDelay(Duration.ofDays(3650))
            .onOpen(e -> b.openedAt = clock.instant())
            .build();
        return b;
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

    private final class Breaker {
        final String endpoint;
        volatile CircuitBreaker<SendResult> policy;
        volatile Instant openedAt = Instant.MIN;

        Breaker(String endpoint) {
            this.endpoint = endpoint;
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
