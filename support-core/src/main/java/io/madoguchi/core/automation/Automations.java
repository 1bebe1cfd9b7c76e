package io.madoguchi.core.automation;

import io.madoguchi.core.ticket.Priority;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.sla.SlaTicket;
import io.madoguchi.core.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs triggers on ticket events and time rules on time, in rule order, with loop prevention
 * (Zendesk's model): in one event chain every trigger fires at most once; after a trigger changes the
 * ticket the pass starts again from the first trigger, at most {@code maxChainDepth} times. Events
 * that arrive on the thread that is carrying out a chain's actions belong to that chain: they update
 * what the engine knows about the ticket but start no chain of their own.
 *
 * <pre>{@code
 * Automations automations = Automations.builder()
 *     .trigger(Trigger.of("解約検知",
 *         RuleCondition.on(CREATED).and(RuleCondition.ticket(TicketCondition.channelIs(Channel.LINE)))
 *             .and(RuleCondition.textContains("解約")),
 *         new RuleAction.AddTag("churn-risk"), new RuleAction.SetPriority(Priority.HIGH)))
 *     .actions(desk::perform)
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe: rules are evaluated under a lock; actions are carried out after it is released, on
 * the calling thread.
 */
public final class Automations {

    private static final Logger LOG = LoggerFactory.getLogger(Automations.class);
    private static final long NONE = Long.MIN_VALUE;

    private final List<Trigger> triggers;
    private final List<TimeRule> timeRules;
    private final AutomationActions actions;
    private final int maxChainDepth;
    private final Map<TenantId, Map<TicketId, Tracked>> tickets = new HashMap<>();
    private final ThreadLocal<Boolean> performing = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private static final class Tracked {
        SlaTicket ticket;
        long createdAt;
        long statusSince;
        long updatedAt;
        final long[] firedPeriod;

        Tracked(SlaTicket ticket, long at, int timeRules) {
            this.ticket = ticket;
            this.createdAt = at;
            this.statusSince = at;
            this.updatedAt = at;
            this.firedPeriod = new long[timeRules];
            Arrays.fill(firedPeriod, NONE);
        }
    }

    private record Step(SlaTicket before, RuleAction action, String rule) {
    }

    private Automations(Builder b) {
        this.triggers = List.copyOf(b.triggers);
        this.timeRules = List.copyOf(b.timeRules);
        this.actions = b.actions == null ? (t, a, r) -> { } : b.actions;
        this.maxChainDepth = b.maxChainDepth;
    }

    /**
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the triggers for one event and carries out what fired.
     *
     * @param event the event
     * @return what fired; empty when the event belongs to a chain already running on this thread
     */
    public ChainResult onEvent(AutomationEvent event) {
        requireNonNull(event, "event");
        long at = event.at().toEpochMilli();
        List<Step> steps = new ArrayList<>();
        ChainResult result;
        synchronized (this) {
            Tracked t = track(event.ticket(), at, event.kind() == AutomationEvent.Kind.CREATED);
            if (performing.get()) {
                return new ChainResult(event.ticket(), List.of(), false);
            }
            result = chain(event, event.ticket(), steps);
            settle(t, result.ticket(), at);
        }
        perform(steps);
        return result;
    }

    /**
     * Records an event without running triggers: for changes the automations' own actions caused
     * (for example events a desk delivers after the action returned), so they start no new chain.
     *
     * @param event the event
     */
    public synchronized void observe(AutomationEvent event) {
        requireNonNull(event, "event");
        track(event.ticket(), event.at().toEpochMilli(), event.kind() == AutomationEvent.Kind.CREATED);
    }

    /**
     * Runs every time rule against every known ticket at {@code now}; a time rule fires once per
     * condition period. Changes it makes run the triggers as an {@code UPDATED} chain.
     *
     * @param now the instant to evaluate at
     * @return one result per ticket something fired on
     */
    public List<ChainResult> runTimeRules(Instant now) {
        long at = now.toEpochMilli();
        List<Step> steps = new ArrayList<>();
        List<ChainResult> results = new ArrayList<>();
        synchronized (this) {
            for (Map<TicketId, Tracked> ofTenant : tickets.values()) {
                for (Tracked t : ofTenant.values()) {
                    ChainResult r = runTimeRules(t, now, at, steps);
                    if (r != null) {
                        results.add(r);
                    }
                }
            }
        }
        perform(steps);
        return List.copyOf(results);
    }

    private @Nullable ChainResult runTimeRules(Tracked t, Instant now, long at, List<Step> steps) {
        SlaTicket working = t.ticket;
        List<String> fired = new ArrayList<>();
        for (int r = 0; r < timeRules.size(); r++) {
            TimeRule rule = timeRules.get(r);
            long since = switch (rule.since()) {
                case CREATED -> t.createdAt;
                case STATUS_CHANGED -> t.statusSince;
                case UPDATED -> t.updatedAt;
            };
            if (t.firedPeriod[r] == since || !rule.condition().test(working)) {
                continue;
            }
            if (rule.calendar().businessTimeBetween(Instant.ofEpochMilli(since), now).compareTo(rule.after()) < 0) {
                continue;
            }
            t.firedPeriod[r] = since;
            fired.add(rule.name());
            for (RuleAction a : rule.actions()) {
                steps.add(new Step(working, a, rule.name()));
                working = a.applyTo(working);
            }
        }
        if (fired.isEmpty()) {
            return null;
        }
        boolean truncated = false;
        if (!working.equals(t.ticket)) {
            ChainResult chained = chain(new AutomationEvent(AutomationEvent.Kind.UPDATED, working, "", now), working,
                steps);
            fired.addAll(chained.fired());
            truncated = chained.truncated();
            working = chained.ticket();
            settle(t, working, at);
        }
        return new ChainResult(working, fired, truncated);
    }

    /**
     * Runs the time rules every {@code period} through a scheduler (Zendesk runs automations hourly).
     *
     * @param scheduler the scheduler, for example the SLA engine's
     * @param clock the clock the period is measured on
     * @param period how often; positive
     * @return a handle that stops the repetition
     * @throws ValidationException if {@code period} is not positive
     */
    public Scheduler.Cancellable runEvery(Scheduler scheduler, Clock clock, Duration period) {
        requireNonNull(scheduler, "scheduler");
        requireNonNull(clock, "clock");
        if (period.isNegative() || period.isZero()) {
            throw ValidationException.of("period", "must be positive, was " + period);
        }
        Repeat repeat = new Repeat(scheduler, clock, period);
        repeat.arm();
        return repeat::cancel;
    }

    private final class Repeat implements Runnable {
        private final Scheduler scheduler;
        private final Clock clock;
        private final Duration period;
        private Scheduler.@Nullable Cancellable next;
        private boolean cancelled;

        Repeat(Scheduler scheduler, Clock clock, Duration period) {
            this.scheduler = scheduler;
            this.clock = clock;
            this.period = period;
        }

        synchronized void arm() {
            if (!cancelled) {
                next = scheduler.schedule(clock.instant().plus(period), this);
            }
        }

        synchronized void cancel() {
            cancelled = true;
            if (next != null) {
                next.cancel();
            }
        }

        @Override
        public void run() {
            try {
                runTimeRules(clock.instant());
            } finally {
                arm();
            }
        }
    }

    /**
     * Stops tracking a ticket for time rules; does nothing if it is not tracked.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     */
    public synchronized void forget(TenantId tenant, TicketId ticket) {
        Map<TicketId, Tracked> ofTenant = tickets.get(tenant);
        if (ofTenant != null) {
            ofTenant.remove(ticket);
        }
    }

    private Tracked track(SlaTicket ticket, long at, boolean created) {
        Map<TicketId, Tracked> ofTenant = tickets.computeIfAbsent(ticket.tenant(), k -> new HashMap<>());
        Tracked t = ofTenant.get(ticket.id());
        if (t == null || created) {
            t = new Tracked(ticket, at, timeRules.size());
            ofTenant.put(ticket.id(), t);
            return t;
        }
        settle(t, ticket, at);
        return t;
    }

    private static void settle(Tracked t, SlaTicket now, long at) {
        if (now.status() != t.ticket.status()) {
            t.statusSince = at;
        }
        if (!now.equals(t.ticket)) {
            t.updatedAt = at;
        }
        t.ticket = now;
    }

    private ChainResult chain(AutomationEvent event, SlaTicket start, List<Step> steps) {
        SlaTicket working = start;
        boolean[] fired = new boolean[triggers.size()];
        List<String> names = new ArrayList<>();
        int depth = 0;
        while (true) {
            boolean changed = false;
            for (int i = 0; i < triggers.size() && !changed; i++) {
                Trigger trigger = triggers.get(i);
                if (fired[i] || !trigger.condition().test(event, working)) {
                    continue;
                }
                fired[i] = true;
                names.add(trigger.name());
                SlaTicket before = working;
                for (RuleAction a : trigger.actions()) {
                    steps.add(new Step(working, a, trigger.name()));
                    working = a.applyTo(working);
                }
                changed = !working.equals(before);
            }
            if (!changed) {
                return new ChainResult(working, names, false);
            }
            if (++depth >= maxChainDepth) {
                LOG.warn("automation chain on ticket {} stopped at depth {} after rules {}", start.id(), depth, names);
                return new ChainResult(working, names, true);
            }
        }
    }

    private void perform(List<Step> steps) {
        if (steps.isEmpty()) {
            return;
        }
        boolean outer = !performing.get();
        performing.set(Boolean.TRUE);
        try {
            for (Step s : steps) {
                try {
                    actions.perform(s.before(), s.action(), s.rule());
                } catch (RuntimeException e) {
                    LOG.warn("automation action {} of rule '{}' failed on ticket {}", s.action().getClass().getSimpleName(),
                        s.rule(), s.before().id(), e);
                }
            }
        } finally {
            if (outer) {
                performing.remove();
            }
        }
    }

    /** Builds {@link Automations}. Not thread-safe. */
    public static final class Builder {
        private final List<Trigger> triggers = new ArrayList<>();
        private final List<TimeRule> timeRules = new ArrayList<>();
        private @Nullable AutomationActions actions;
        private int maxChainDepth = 10;
        private boolean depthSet;

        private Builder() {
        }

        /**
         * @param trigger a trigger; triggers run in the order added
         * @return this
         */
        public Builder trigger(Trigger trigger) {
            triggers.add(requireNonNull(trigger, "trigger"));
            return this;
        }

        /**
         * @param rule a time rule; time rules run in the order added
         * @return this
         */
        public Builder timeRule(TimeRule rule) {
            timeRules.add(requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * @param value carries out actions; by default nothing is carried out (results only)
         * @return this
         * @throws IllegalStateException if set twice
         */
        public Builder actions(AutomationActions value) {
            requireNonNull(value, "actions");
            if (actions != null) {
                throw new IllegalStateException("actions were already set");
            }
            actions = value;
            return this;
        }

        /**
         * @param depth how many times a chain may restart after a change; 10 by default
         * @return this
         * @throws IllegalStateException if set twice
         */
        public Builder maxChainDepth(int depth) {
            if (depthSet) {
                throw new IllegalStateException("maxChainDepth was already set");
            }
            depthSet = true;
            maxChainDepth = depth;
            return this;
        }

        /**
         * @return the automations
         * @throws ValidationException if two triggers or two time rules share a name, or the depth is not positive
         */
        public Automations build() {
            List<io.madoguchi.core.Violation> violations = new ArrayList<>();
            if (maxChainDepth < 1) {
                violations.add(new io.madoguchi.core.Violation("maxChainDepth", "must be positive, was " + maxChainDepth));
            }
            var names = new HashSet<String>();
            triggers.stream().map(Trigger::name).filter(n -> !names.add(n))
                .forEach(n -> violations.add(new io.madoguchi.core.Violation("triggers", "two are named '" + n + "'")));
            names.clear();
            timeRules.stream().map(TimeRule::name).filter(n -> !names.add(n))
                .forEach(n -> violations.add(new io.madoguchi.core.Violation("timeRules", "two are named '" + n + "'")));
            if (!violations.isEmpty()) {
                throw new ValidationException(violations);
            }
            return new Automations(this);
        }
    }
}
