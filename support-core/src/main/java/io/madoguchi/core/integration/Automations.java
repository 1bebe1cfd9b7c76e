package io.madoguchi.core.integration;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.AccessDeniedException;
import io.madoguchi.core.DuplicateRequestException;
import io.madoguchi.core.IllegalTransitionException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.automation.AutomationActions;
import io.madoguchi.core.automation.AutomationEvent;
import io.madoguchi.core.automation.AutomationStore;
import io.madoguchi.core.automation.ChainResult;
import io.madoguchi.core.automation.InMemoryAutomationStore;
import io.madoguchi.core.automation.RuleAction;
import io.madoguchi.core.automation.TimeRule;
import io.madoguchi.core.automation.TimeRuleFired;
import io.madoguchi.core.automation.TrackedTicket;
import io.madoguchi.core.automation.Trigger;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TicketEvent;
import io.madoguchi.core.internal.SubscriberNames;
import io.madoguchi.core.sla.SlaTicket;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p><b>On a desk</b> (built with {@link Builder#desk}), the automations are a subscriber of the desk's event log:
 * subscribe them with {@link SupportDesk#subscribe} (under a stable {@link Builder#name}). Triggers run on each
 * committed ticket event, and their actions are desk steps by system principal {@value DeskBridge#AUTOMATION}, made
 * exactly once even when an event is delivered again. Changes made by that principal start no new chain. A time
 * rule that is due is appended to the log as a {@link TimeRuleFired} event with a claim on (engine, ticket, rule,
 * period), so it fires once per period across restarts and instances, and its actions are carried out as desk steps
 * when the automations read the event back. Time rules do not run on closed tickets. Do not also pass these
 * automations to {@link DeskBridge#attach}, or triggers run twice.
 *
 * <pre>{@code
 * Automations automations = Automations.builder()
 *     .trigger(Trigger.of("解約検知",
 *         RuleCondition.on(CREATED).and(RuleCondition.ticket(TicketCondition.channelIs(Channel.LINE)))
 *             .and(RuleCondition.textContains("解約")),
 *         new RuleAction.AddTag("churn-risk"), new RuleAction.SetPriority(Priority.HIGH)))
 *     .timeRule(remindPending)
 *     .desk(desk).eventLog(deskStore.eventLog()).store(automationStore)
 *     .build();
 * desk.subscribe(automations);
 * automations.runEvery(scheduler, desk.clock(), Duration.ofMinutes(10));
 * }</pre>
 *
 * <p>Without a desk, {@link #onEvent} and {@link #runTimeRules} carry out actions through the configured
 * {@link AutomationActions}; a time rule's period is then marked in the store before its actions run (at most
 * once).
 *
 * <p>What time rules need (each tracked ticket and the period each rule last fired in) lives in an
 * {@link AutomationStore}; build the restarted engine on the same store and no time rule fires again in a period it
 * already fired in. Thread-safe: rules are evaluated under a lock; actions are carried out after it is released, on
 * the calling thread.
 */
public final class Automations implements EventSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(Automations.class);
    private static final int PAGE = 500;
    private static final String CLAIM_SCOPE = "automation";

    private final List<Trigger> triggers;
    private final List<TimeRule> timeRules;
    private final AutomationActions actions;
    private final int maxChainDepth;
    private final AutomationStore store;
    private final String name;
    private final @Nullable SupportDesk desk;
    private final @Nullable EventLog log;
    private final ThreadLocal<Boolean> performing = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private record Step(SlaTicket before, RuleAction action, String rule) {
    }

    private Automations(Builder b) {
        this.triggers = List.copyOf(b.triggers);
        this.timeRules = List.copyOf(b.timeRules);
        this.desk = b.desk;
        SupportDesk d = b.desk;
        if (d != null) {
            this.actions = DeskBridge.automationActions(d);
        } else {
            this.actions = b.actions == null ? (t, a, r) -> { } : b.actions;
        }
        this.maxChainDepth = b.maxChainDepth;
        this.store = b.store != null ? b.store
            : new InMemoryAutomationStore(d != null ? d.clock() : Clock.systemUTC());
        this.name = b.name;
        this.log = b.eventLog;
    }

    /**
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the name under which the automations' place in the event log is kept */
    @Override
    public String name() {
        return name;
    }

    /** @return the store that keeps what the time rules need */
    public AutomationStore store() {
        return store;
    }

    /**
     * Handles one committed event of the desk's log: runs the triggers on a ticket event (or only records it, if the
     * automations' own principal caused it) and carries out a {@link TimeRuleFired} of these automations. An action
     * that can never succeed on its ticket (a status it cannot take, a macro that is gone) is logged and left out; any
     * other failure is thrown, so the desk delivers the event again, and the steps already made for it are not
     * repeated.
     *
     * @param envelope the event
     * @throws IllegalStateException if the automations were built without a desk
     * @throws RuntimeException an action's failure that may succeed if tried again, such as a
     *     {@link io.madoguchi.core.store.StoreException}
     */
    @Override
    public void handle(EventEnvelope envelope) {
        SupportDesk d = desk;
        if (d == null) {
            throw new IllegalStateException("automations built without a desk read no event log");
        }
        if (envelope.event() instanceof TimeRuleFired fired) {
            if (fired.engine().equals(name)) {
                carryOut(d, fired);
            }
            return;
        }
        if (!(envelope.event() instanceof TicketEvent te) || isFirstMessage(te)) {
            return;
        }
        AutomationEvent ae = AutomationEvent.of(te, DeskBridge.facts(te.ticket()));
        if (ae != null) {
            Principal p = te.principal();
            if (p.kind() == Principal.Kind.SYSTEM && DeskBridge.AUTOMATION.equals(p.id())) {
                observe(ae);
            } else {
                onEvent(ae);
            }
        }
        if (te instanceof StatusChanged changed && changed.to() == TicketStatus.CLOSED) {
            forget(te.tenantId(), te.ticketId());
        }
    }

    /** The desk reports a new ticket's first message again as MessageAdded; TicketCreated already covers it. */
    private static boolean isFirstMessage(TicketEvent event) {
        return event instanceof MessageAdded && event.ticket().messageCount() == 1;
    }

    /**
     * Runs the triggers for one event and carries out what fired. An action that can never succeed on its ticket
     * ({@link ValidationException}, {@link IllegalTransitionException}, {@link AccessDeniedException},
     * {@link NotFoundException}) is logged and left out; any other failure ends the actions and is thrown, so the
     * caller (a subscriber such as {@link DeskBridge}) has the event delivered again.
     *
     * @param event the event
     * @return what fired; empty when the event belongs to a chain already running on this thread
     * @throws RuntimeException an action's failure that may succeed if tried again, such as a
     *     {@link io.madoguchi.core.store.StoreException}
     */
    public ChainResult onEvent(AutomationEvent event) {
        requireNonNull(event, "event");
        List<Step> steps = new ArrayList<>();
        ChainResult result;
        synchronized (this) {
            TrackedTicket t = track(event.ticket(), event.at(), event.kind() == AutomationEvent.Kind.CREATED);
            if (performing.get()) {
                return new ChainResult(event.ticket(), List.of(), false);
            }
            result = chain(event, event.ticket(), steps);
            if (!result.ticket().equals(t.facts())) {
                store.save(t.seen(result.ticket(), event.at()));
            }
        }
        perform(steps, true);
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
        track(event.ticket(), event.at(), event.kind() == AutomationEvent.Kind.CREATED);
    }

    /**
     * Runs every time rule against every tracked ticket at {@code now}; a time rule fires once per
     * condition period. Changes it makes run the triggers as an {@code UPDATED} chain. On a desk the firing is
     * appended to the log and the actions are carried out when the automations read it back (with synchronous
     * delivery, before this returns). Without a desk a period is marked before its actions run, so nothing tries a
     * failed action again: the other actions still run, and the first failure that was not an input error is thrown
     * after them.
     *
     * @param now the instant to evaluate at
     * @return one result per ticket something fired on
     * @throws RuntimeException without a desk, the first action's failure that was not an input error
     */
    public List<ChainResult> runTimeRules(Instant now) {
        requireNonNull(now, "now");
        List<Step> steps = new ArrayList<>();
        List<ChainResult> results = new ArrayList<>();
        synchronized (this) {
            TrackedTicket after = null;
            while (true) {
                List<TrackedTicket> page = store.page(after, PAGE);
                for (TrackedTicket t : page) {
                    ChainResult r = runTimeRules(t, now, steps);
                    if (r != null) {
                        results.add(r);
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
                after = page.get(page.size() - 1);
            }
        }
        perform(steps, false);
        SupportDesk d = desk;
        if (d != null && !results.isEmpty()) {
            d.processEvents();
        }
        return List.copyOf(results);
    }

    private @Nullable ChainResult runTimeRules(TrackedTicket t, Instant now, List<Step> steps) {
        SlaTicket working = t.facts();
        List<String> fired = new ArrayList<>();
        for (TimeRule rule : timeRules) {
            Instant since = switch (rule.since()) {
                case CREATED -> t.createdAt();
                case STATUS_CHANGED -> t.statusSince();
                case UPDATED -> t.updatedAt();
            };
            if (since.equals(t.fired().get(rule.name())) || !rule.condition().test(working)) {
                continue;
            }
            if (rule.calendar().businessTimeBetween(since, now).compareTo(rule.after()) < 0) {
                continue;
            }
            if (!claim(t, rule, since, now)) {
                continue;
            }
            fired.add(rule.name());
            for (RuleAction a : rule.actions()) {
                if (desk == null) {
                    steps.add(new Step(working, a, rule.name()));
                }
                working = a.applyTo(working);
            }
        }
        if (fired.isEmpty()) {
            return null;
        }
        if (desk != null) {
            // the actions and the chain they start run when the automations read the firing back from the log
            return new ChainResult(working, fired, false);
        }
        boolean truncated = false;
        if (!working.equals(t.facts())) {
            ChainResult chained = chain(new AutomationEvent(AutomationEvent.Kind.UPDATED, working, "", now), working,
                steps);
            fired.addAll(chained.fired());
            truncated = chained.truncated();
            working = chained.ticket();
            SlaTicket result = working;
            store.find(t.tenant(), t.ticket()).ifPresent(current -> store.save(current.seen(result, now)));
        }
        return new ChainResult(working, fired, truncated);
    }

    /**
     * Claims a time rule's firing in a period: in the log on a desk (a claim no restart or other instance can take
     * again), in the store otherwise.
     *
     * @return whether this caller fires it
     */
    private boolean claim(TrackedTicket t, TimeRule rule, Instant since, Instant now) {
        SupportDesk d = desk;
        if (d == null) {
            return store.markFired(t.tenant(), t.ticket(), rule.name(), since);
        }
        IdempotencyKey key = new IdempotencyKey(t.tenant(), CLAIM_SCOPE,
            name + "/" + t.ticket().value() + "/" + rule.name() + "/" + since);
        try {
            requireNonNull(log).append(List.of(new TimeRuleFired(t.tenant(), t.ticket(), now, name, rule.name(),
                since)), Map.of(key, rule.name()));
        } catch (DuplicateRequestException already) {
            store.markFired(t.tenant(), t.ticket(), rule.name(), since);
            return false;
        }
        store.markFired(t.tenant(), t.ticket(), rule.name(), since);
        return true;
    }

    /** Carries out a fired time rule read back from the log: its actions, then the triggers, as desk steps. */
    private void carryOut(SupportDesk d, TimeRuleFired fired) {
        Optional<TimeRule> rule = timeRules.stream().filter(r -> r.name().equals(fired.rule())).findFirst();
        if (rule.isEmpty()) {
            LOG.warn("time rule '{}' fired on ticket {} is no longer configured; nothing to do", fired.rule(),
                fired.ticket().value());
            return;
        }
        Ticket ticket;
        try {
            ticket = d.ticket(d.system(fired.tenantId(), DeskBridge.AUTOMATION), fired.ticket());
        } catch (NotFoundException | AccessDeniedException e) {
            LOG.warn("time rule '{}' fired on ticket {}, which is gone", fired.rule(), fired.ticket().value());
            return;
        }
        if (ticket.status() == TicketStatus.CLOSED) {
            return;
        }
        List<Step> steps = new ArrayList<>();
        synchronized (this) {
            SlaTicket working = DeskBridge.facts(ticket);
            TrackedTicket t = track(working, fired.occurredAt(), false);
            for (RuleAction a : rule.get().actions()) {
                steps.add(new Step(working, a, fired.rule()));
                working = a.applyTo(working);
            }
            if (!working.equals(t.facts())) {
                working = chain(new AutomationEvent(AutomationEvent.Kind.UPDATED, working, "", fired.occurredAt()),
                    working, steps).ticket();
            }
        }
        perform(steps, true);
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
    public void forget(TenantId tenant, TicketId ticket) {
        store.remove(requireNonNull(tenant, "tenant"), requireNonNull(ticket, "ticket"));
    }

    private TrackedTicket track(SlaTicket ticket, Instant at, boolean created) {
        Optional<TrackedTicket> known = store.find(ticket.tenant(), ticket.id());
        TrackedTicket t = known.isEmpty() || created ? TrackedTicket.startingAt(ticket, at)
            : known.get().seen(ticket, at);
        if (known.isEmpty() || !known.get().equals(t)) {
            store.save(t);
        }
        return t;
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

    /**
     * Carries out the steps in order. An action that can never succeed on its ticket (a {@link ValidationException},
     * {@link IllegalTransitionException}, {@link AccessDeniedException} or {@link NotFoundException}) is logged and
     * left out. Any other failure (a {@link io.madoguchi.core.store.StoreException}, a
     * {@link io.madoguchi.core.ConflictException}, ...) may succeed if tried again, so it is thrown: the subscriber
     * runner then delivers the event again, and the steps already committed for it are not repeated (their claims
     * hold) while the failed one and those after it are made.
     *
     * @param stopAtFailure whether the first such failure ends the steps at once; false only where nothing will try
     *     the steps again (time rules without a desk, whose periods are marked before their actions run), so the
     *     other tickets' actions still run and the first failure is thrown after them
     */
    private void perform(List<Step> steps, boolean stopAtFailure) {
        if (steps.isEmpty()) {
            return;
        }
        boolean outer = !performing.get();
        performing.set(Boolean.TRUE);
        RuntimeException failure = null;
        try {
            for (Step s : steps) {
                try {
                    actions.perform(s.before(), s.action(), s.rule());
                } catch (ValidationException | IllegalTransitionException | AccessDeniedException
                         | NotFoundException e) {
                    LOG.warn("automation action {} of rule '{}' cannot be carried out on ticket {}; left out",
                        s.action().getClass().getSimpleName(), s.rule(), s.before().id(), e);
                } catch (RuntimeException e) {
                    // a redelivered event must make the same steps in the same order (each claims the next key)
                    if (stopAtFailure) {
                        throw e;
                    }
                    LOG.warn("automation action {} of rule '{}' failed on ticket {}",
                        s.action().getClass().getSimpleName(), s.rule(), s.before().id(), e);
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        } finally {
            if (outer) {
                performing.remove();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Builds {@link Automations}. Not thread-safe. */
    public static final class Builder {
        private final List<Trigger> triggers = new ArrayList<>();
        private final List<TimeRule> timeRules = new ArrayList<>();
        private @Nullable AutomationActions actions;
        private int maxChainDepth = 10;
        private boolean depthSet;
        private @Nullable SupportDesk desk;
        private @Nullable AutomationStore store;
        private @Nullable EventLog eventLog;
        private String name = "automations";
        private final java.util.Set<String> set = new java.util.HashSet<>();

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

        private void once(String setting) {
            if (!set.add(setting)) {
                throw new IllegalStateException(setting + " was already set");
            }
        }

        /**
         * @param value the desk the automations read the event log of and act on (as system principal
         *     {@value DeskBridge#AUTOMATION}); subscribe the built automations with {@link SupportDesk#subscribe}
         * @return this
         * @throws IllegalStateException if set twice
         */
        public Builder desk(SupportDesk value) {
            once("desk");
            this.desk = requireNonNull(value, "desk");
            return this;
        }

        /**
         * @param value the event log of the desk's store ({@code deskStore.eventLog()}): due time rules are
         *     appended to it; required with a desk
         * @return this
         * @throws IllegalStateException if set twice
         */
        public Builder eventLog(EventLog value) {
            once("eventLog");
            this.eventLog = requireNonNull(value, "eventLog");
            return this;
        }

        /**
         * @param value where tracked tickets and fired periods are kept; share it (or a persistent store) with the
         *     engine that replaces this one after a restart. By default a new {@link InMemoryAutomationStore} on the
         *     desk's clock (the system clock without a desk)
         * @return this
         * @throws IllegalStateException if set twice
         */
        public Builder store(AutomationStore value) {
            once("store");
            this.store = requireNonNull(value, "store");
            return this;
        }

        /**
         * @param value the subscriber name ({@code automations} by default): 1 to 89 letters, digits, '.', '-' or
         *     '_'; keep it stable, a restarted host resumes under it and time rules are claimed under it
         * @return this
         * @throws IllegalStateException if set twice
         * @throws ValidationException if malformed
         */
        public Builder name(String value) {
            once("name");
            requireNonNull(value, "name");
            this.name = SubscriberNames.check(value, SubscriberNames.RULE);
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
         * @throws ValidationException if two triggers or two time rules share a name, the depth is not positive,
         *     both a desk and actions are set (on a desk, actions are desk steps), or a desk but no event log
         */
        public Automations build() {
            List<io.madoguchi.core.Violation> violations = new ArrayList<>();
            if (maxChainDepth < 1) {
                violations.add(new io.madoguchi.core.Violation("maxChainDepth", "must be positive, was "
                        + maxChainDepth));
            }
            var names = new HashSet<String>();
            triggers.stream().map(Trigger::name).filter(n -> !names.add(n))
                .forEach(n -> violations.add(new io.madoguchi.core.Violation("triggers", "two are named '" + n + "'")));
            names.clear();
            timeRules.stream().map(TimeRule::name).filter(n -> !names.add(n))
                .forEach(n -> violations.add(new io.madoguchi.core.Violation("timeRules",
                    "two are named '" + n + "'")));
            if (desk != null && actions != null) {
                violations.add(new io.madoguchi.core.Violation("actions", "are desk steps when a desk is set"));
            }
            if (desk != null && eventLog == null) {
                violations.add(new io.madoguchi.core.Violation("eventLog",
                    "is required with a desk: the event log of the desk's store (deskStore.eventLog())"));
            }
            if (!violations.isEmpty()) {
                throw new ValidationException(violations);
            }
            return new Automations(this);
        }
    }
}
