package io.madoguchi.core.sla;

import io.madoguchi.core.time.Scheduler;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.sla.internal.DefaultSlaEngine;
import io.madoguchi.core.sla.store.InMemorySlaStore;
import io.madoguchi.core.sla.store.SlaStore;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.memory.InMemoryCheckpointStore;
import io.madoguchi.core.store.memory.InMemoryEventLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The SLA engine: tracks every ticket's metric clocks under the first matching policy, fires warnings
 * and breaches exactly once when they fall due, and answers "what breaches when".
 *
 * <p>Its state lives in an {@link SlaStore} (each ticket's timeline and cycles, and the due index) and its events
 * go to an {@link EventLog}: an engine built again over the same store and log (after a restart, or a second
 * instance) continues the same clocks with the same due times, and arms its scheduler from the due index. Each
 * warning and breach is appended to the log together with an idempotency claim for its due row, so it is recorded
 * once in total however many engines or lives try; the escalations it causes are appended with it as
 * {@link SlaEvent.EscalationRequested} events. Policies are found again by name: give every engine on one store
 * the same policies.
 *
 * <pre>{@code
 * SlaEngine sla = SlaEngine.builder()
 *     .clock(clock)
 *     .scheduler(Scheduler.executor(executor, clock))
 *     .policies(List.of(SlaPolicy.builder("標準")
 *         .calendar(japaneseCalendar)
 *         .target(SlaMetric.FIRST_REPLY_TIME, Priority.URGENT, Duration.ofHours(1), SlaPolicy.Hours.BUSINESS)
 *         .build()))
 *     .listener(event -> log.info("{}", event))
 *     .build();
 * sla.apply(new SlaInput.Created(facts, createdAt));
 * }</pre>
 *
 * <p>Thread-safe: every operation of one engine runs under one lock; engines on one store coordinate through
 * state versions and claims. Listeners and {@link SlaActions} are called after the lock is released, on the
 * calling thread; they are in-process observers (not called again after a crash): anything that must happen reads
 * the event log.
 */
public interface SlaEngine extends AutoCloseable {

    /**
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Applies one timeline input; inputs for one ticket must come in time order.
     *
     * @param input the input
     * @throws ConflictException if a {@link SlaInput.Created} or {@link SlaInput.Resumed} names a ticket already
     *     tracked
     * @throws NotFoundException if another input names a ticket not tracked
     * @throws ValidationException if the input is older than the ticket's last input
     */
    void apply(SlaInput input);

    /**
     * Applies one input read from the event log at {@code position}, unless the ticket's stored state has already
     * taken an input from that position or a later one (a redelivered event), so a subscriber may apply the same
     * event twice without effect. Inputs for one ticket must come in log order.
     *
     * @param input the input
     * @param position the log position of the event the input was made from; positive
     * @return whether it was applied (false for a redelivery)
     * @throws ConflictException if a {@link SlaInput.Created} or {@link SlaInput.Resumed} names a ticket already
     *     tracked
     * @throws NotFoundException if another input names a ticket not tracked
     * @throws ValidationException if the position is not positive, or the input is older than the ticket's last
     *     input
     */
    boolean apply(SlaInput input, long position);

    /**
     * Replaces the ordered policy list and evaluates every active ticket again at the clock's instant;
     * each ticket's policy history records the change.
     *
     * @param policies the policies, first match wins
     * @throws ValidationException if two policies share a name
     */
    void setPolicies(List<SlaPolicy> policies);

    /**
     * @return the current policies, in order
     */
    List<SlaPolicy> policies();

    /**
     * Fires every warning and breach due at or before {@code now}. Idempotent: each fires once.
     *
     * @param now the instant to fire up to
     * @return how many warnings and breaches fired
     */
    int fireDue(Instant now);

    /**
     * @return {@link #fireDue(Instant)} at the clock's instant
     */
    int fireDue();

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @return every cycle of every metric, oldest first, as of the clock's instant
     * @throws NotFoundException if the ticket is not tracked
     */
    List<SlaCycle> cycles(TenantId tenant, TicketId ticket);

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @return which policy applied from when, oldest first
     * @throws NotFoundException if the ticket is not tracked
     */
    List<PolicyApplication> policyHistory(TenantId tenant, TicketId ticket);

    /**
     * @param until an instant
     * @return active cycles that have not breached yet and breach at or before {@code until}, soonest first
     */
    List<SlaDue> dueBefore(Instant until);

    /**
     * @return active breached cycles (solved, closed and merged tickets never appear), oldest breach first
     */
    List<SlaDue> breached();

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @return whether the ticket has an active breached cycle
     */
    boolean isBreached(TenantId tenant, TicketId ticket);

    /**
     * @return how many tickets are tracked
     */
    int size();

    /**
     * Stops tracking a ticket (for example once it is archived); does nothing if it is not tracked. The engine
     * forgets nothing by itself: its stores keep every ticket until this is called. Should an input of a ticket
     * still being worked on come later, track it again with {@link SlaInput.Resumed} (as
     * {@link io.madoguchi.core.integration.DeskBridge} does from the desk's history), not with a
     * {@link SlaInput.Created} at the input's time, or its clocks restart then.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     */
    void forget(TenantId tenant, TicketId ticket);

    /**
     * @param listener receives every event from now on
     */
    void addListener(SlaListener listener);

    /**
     * @param listener a listener added before
     * @return whether it was registered
     */
    boolean removeListener(SlaListener listener);

    /** Cancels the scheduled wake-up; {@link #fireDue(Instant)} still works. */
    @Override
    void close();

    /** Builds an {@link SlaEngine}. Not thread-safe. */
    final class Builder {
        private static final Duration DEFAULT_LEASE = Duration.ofMinutes(1);
        private @Nullable Clock clock;
        private @Nullable Scheduler scheduler;
        private @Nullable List<SlaPolicy> policies;
        private @Nullable List<Duration> warningLeads;
        private @Nullable SlaActions actions;
        private @Nullable SlaStore store;
        private @Nullable EventLog eventLog;
        private @Nullable String owner;
        private @Nullable Duration leaseFor;
        private final List<SlaListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param value the clock (required)
         * @return this
         * @throws ValidationException naming the setting if it was already set
         */
        public Builder clock(Clock value) {
            requireNonNull(value, "clock");
            if (clock != null) {
                throw ValidationException.of("clock", "was already set; each setting is made once");
            }
            clock = value;
            return this;
        }

        /**
         * @param value wakes the engine up when something falls due (required);
         *     {@link Scheduler#none()} if the host calls {@link #fireDue()} itself
         * @return this
         * @throws ValidationException naming the setting if it was already set
         */
        public Builder scheduler(Scheduler value) {
            requireNonNull(value, "scheduler");
            if (scheduler != null) {
                throw ValidationException.of("scheduler", "was already set; each setting is made once");
            }
            scheduler = value;
            return this;
        }

        /**
         * @param value the ordered policies; none by default
         * @return this
         * @throws ValidationException naming the setting if it was already set
         */
        public Builder policies(List<SlaPolicy> value) {
            requireNonNull(value, "policies");
            if (policies != null) {
                throw ValidationException.of("policies", "were already set; each setting is made once");
            }
            policies = List.copyOf(value);
            return this;
        }

        /**
         * @param leads how long before a breach to warn; 15 minutes by default; none for no warnings
         * @return this
         * @throws ValidationException naming the setting if it was already set
         */
        public Builder warningLeads(Duration... leads) {
            if (warningLeads != null) {
                throw ValidationException.of("warningLeads", "were already set; each setting is made once");
            }
            warningLeads = List.of(leads);
            return this;
        }

        /**
         * @param value where tickets' SLA state and the due index live; a new {@link InMemorySlaStore} by default.
         *     Pass the same store to the engine built after a restart.
         * @return this
         * @throws ValidationException naming the setting if it was already set
         */
        public Builder store(SlaStore value) {
            requireNonNull(value, "store");
            if (store != null) {
                throw ValidationException.of("store", "was already set; each setting is made once");
            }
            store = value;
            return this;
        }

        /**
         * @param value where SLA events and the claims of fired warnings and breaches are appended: the desk store's
         *     event log when the engine is attached to a desk ({@link io.madoguchi.core.integration.DeskBridge} reads
         *     escalations from it); by
         *     default a private in-memory log that keeps the last
         *     {@value io.madoguchi.core.store.memory.InMemoryEventLog#DEFAULT_RETAINED_EVENTS} events
         * @return this
         * @throws ValidationException naming the setting if it was already set
         */
        public Builder eventLog(EventLog value) {
            requireNonNull(value, "eventLog");
            if (eventLog != null) {
                throw ValidationException.of("eventLog", "was already set; each setting is made once");
            }
            eventLog = value;
            return this;
        }

        /**
         * @param value this engine's name in the leases it takes on due rows (see {@link SlaStore#lease}), e.g. the
         *     host instance's name; a random name by default
         * @return this
         * @throws ValidationException naming the setting if it was already set or is blank
         */
        public Builder owner(String value) {
            requireNonNull(value, "owner");
            if (owner != null) {
                throw ValidationException.of("owner", "was already set; each setting is made once");
            }
            if (value.isBlank()) {
                throw ValidationException.of("owner", "must not be blank");
            }
            owner = value;
            return this;
        }

        /**
         * @param value how long this engine holds the due rows it leases before firing them; when it dies holding
         *     them, another engine on the same store fires them after this long. One minute by default
         * @return this
         * @throws ValidationException naming the setting if it was already set or is not positive
         */
        public Builder leaseFor(Duration value) {
            requireNonNull(value, "leaseFor");
            if (leaseFor != null) {
                throw ValidationException.of("leaseFor", "was already set; each setting is made once");
            }
            if (value.isNegative() || value.isZero()) {
                throw ValidationException.of("leaseFor", "must be positive, was " + value);
            }
            leaseFor = value;
            return this;
        }

        /**
         * @param value carries out escalation actions in this process, after the warning or breach was recorded
         *     (at most once: not again after a crash). By default they are only visible as
         *     {@link SlaEvent.EscalationRequested} events; on a desk, {@link io.madoguchi.core.integration.DeskBridge}
         *     carries those out exactly
         *     once, so do not give the engine {@link io.madoguchi.core.integration.DeskBridge}'s actions as well
         * @return this
         * @throws ValidationException naming the setting if it was already set
         */
        public Builder actions(SlaActions value) {
            requireNonNull(value, "actions");
            if (actions != null) {
                throw ValidationException.of("actions", "were already set; each setting is made once");
            }
            actions = value;
            return this;
        }

        /**
         * @param listener receives every event
         * @return this
         */
        public Builder listener(SlaListener listener) {
            listeners.add(requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @return the engine
         * @throws ValidationException if the clock or the scheduler is missing, a warning lead is not positive or
         *     repeated, there are more than 14 leads, or two policies share a name
         */
        public SlaEngine build() {
            List<io.madoguchi.core.Violation> missing = new ArrayList<>();
            if (clock == null) {
                missing.add(new io.madoguchi.core.Violation("clock", "is required"));
            }
            if (scheduler == null) {
                missing.add(new io.madoguchi.core.Violation("scheduler", "is required: Scheduler.executor(...) fires "
                    + "warnings and breaches on time; Scheduler.none() if you call fireDue() yourself"));
            }
            if (!missing.isEmpty()) {
                throw new ValidationException(missing);
            }
            Clock clock = requireNonNull(this.clock, "clock"); // a missing clock is listed above
            List<Duration> leads = warningLeads == null ? List.of(Duration.ofMinutes(15)) : warningLeads;
            if (leads.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
                throw ValidationException.of("warningLeads", "must be positive, were " + leads);
            }
            if (leads.stream().distinct().count() != leads.size()) {
                throw ValidationException.of("warningLeads", "must not repeat, were " + leads);
            }
            if (leads.size() > 14) {
                throw ValidationException.of("warningLeads", "at most 14 leads, were " + leads.size());
            }
            return new DefaultSlaEngine(clock, scheduler, policies == null ? List.of() : policies, leads,
                actions == null ? SlaActions.NONE : actions, listeners,
                store == null ? new InMemorySlaStore() : store,
                eventLog == null ? new InMemoryEventLog(new InMemoryCheckpointStore(), clock) : eventLog, owner,
                leaseFor == null ? DEFAULT_LEASE : leaseFor);
        }
    }
}
