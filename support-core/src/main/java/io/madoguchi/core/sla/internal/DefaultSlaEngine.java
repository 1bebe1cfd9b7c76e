package io.madoguchi.core.sla.internal;

import static io.madoguchi.core.sla.internal.TicketState.DUE;
import static io.madoguchi.core.sla.internal.TicketState.ELAPSED;
import static io.madoguchi.core.sla.internal.TicketState.NONE;
import static io.madoguchi.core.sla.internal.TicketState.START;
import static io.madoguchi.core.sla.internal.TicketState.STOP;
import static io.madoguchi.core.sla.internal.TicketState.TARGET;
import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.DuplicateRequestException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.sla.EscalationAction;
import io.madoguchi.core.sla.PolicyApplication;
import io.madoguchi.core.sla.SlaActions;
import io.madoguchi.core.sla.SlaCycle;
import io.madoguchi.core.sla.SlaDue;
import io.madoguchi.core.sla.SlaEngine;
import io.madoguchi.core.sla.SlaEscalation;
import io.madoguchi.core.sla.SlaEvent;
import io.madoguchi.core.sla.SlaInput;
import io.madoguchi.core.sla.SlaListener;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.sla.SlaPolicy;
import io.madoguchi.core.sla.SlaTicket;
import io.madoguchi.core.sla.store.SlaDueRow;
import io.madoguchi.core.sla.store.SlaState;
import io.madoguchi.core.sla.store.SlaStore;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link SlaEngine}. Every cycle's elapsed time and due instant are derived from the ticket's status
 * timeline and the applicable target, so a change of status, priority or policy recomputes them exactly (no stale
 * due times). The engine keeps nothing about tickets in its fields: each operation loads the ticket's state from
 * the {@link SlaStore}, changes it and saves it back with the version it read (retrying on a conflict), and the
 * store's due index (every warning and breach not fired yet) is what the engine fires from and arms its scheduler
 * on. A warning or breach is recorded in the {@link EventLog} together with the claim
 * {@code (tenant, "sla", row.claimKey())}, so it fires once across restarts and several engines on one store.
 * Engines sharing a store divide the due rows through {@link SlaStore#lease}: each fires from the rows leased to it,
 * and a row leased by an engine that died is taken over once its lease ran out.
 * Thread-safe (one lock per engine; engines on one store coordinate through versions and claims).
 */
public final class DefaultSlaEngine implements SlaEngine {

    /** The idempotency-claim scope of warnings and breaches. */
    public static final String CLAIM_SCOPE = "sla";

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSlaEngine.class);
    private static final long NEVER = Long.MAX_VALUE;
    private static final BusinessCalendar ALWAYS = BusinessCalendar.twentyFourSeven(java.time.ZoneOffset.UTC);
    private static final int MERGED = 6;
    private static final int CLOSED = TicketStatus.CLOSED.ordinal();
    private static final int SOLVED = TicketStatus.SOLVED.ordinal();
    private static final SlaMetric[] METRICS = SlaMetric.values();
    private static final TicketStatus[] STATUSES = TicketStatus.values();
    private static final SlaCycle.StopReason[] REASONS = SlaCycle.StopReason.values();
    private static final int FRT = SlaMetric.FIRST_REPLY_TIME.ordinal();
    private static final int NRT = SlaMetric.NEXT_REPLY_TIME.ordinal();
    private static final int PU = SlaMetric.PERIODIC_UPDATE.ordinal();
    private static final int ATTEMPTS = 64;
    private static final int BATCH = 512;
    private static final Duration RETRY = Duration.ofMinutes(1);
    /** COUNTS[metric][statusCode]: whether the metric's clock runs in that status. */
    private static final boolean[][] COUNTS = new boolean[METRICS.length][8];

    static {
        for (SlaMetric m : METRICS) {
            for (TicketStatus s : STATUSES) {
                COUNTS[m.ordinal()][s.ordinal()] = m.countsIn(s);
            }
        }
    }

    /** A policy with its targets flattened for fast lookup. */
    private record Compiled(int id, SlaPolicy policy, long[] targets, BusinessCalendar[] calendars) {
        static Compiled of(int id, SlaPolicy policy) {
            int p = Priority.values().length;
            long[] targets = new long[METRICS.length * p];
            BusinessCalendar[] calendars = new BusinessCalendar[targets.length];
            for (SlaMetric m : METRICS) {
                for (Priority pr : Priority.values()) {
                    int i = m.ordinal() * p + pr.ordinal();
                    targets[i] = policy.target(m, pr).map(Duration::toMillis).orElse(-1L);
                    calendars[i] = policy.calendarFor(m, pr);
                }
            }
            return new Compiled(id, policy, targets, calendars);
        }

        long target(int metric, Priority priority) {
            return targets[metric * Priority.values().length + priority.ordinal()];
        }

        BusinessCalendar calendar(int metric, Priority priority) {
            return calendars[metric * Priority.values().length + priority.ordinal()];
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Clock clock;
    private final @Nullable Scheduler scheduler;
    private final long[] leads;
    private final SlaActions actions;
    private final List<SlaListener> listeners;
    private final SlaStore store;
    private final EventLog log;
    private final String owner;
    private final Duration leaseFor;
    private final List<Compiled> registry = new ArrayList<>();
    private List<Compiled> current = List.of();
    /** Events of the operation in progress; dropped if its save conflicts. */
    private final List<SlaEvent> attempt = new ArrayList<>();
    private List<SlaEvent> outEvents = new ArrayList<>();
    private List<Runnable> outActions = new ArrayList<>();
    private long armedAt = NEVER;
    private Scheduler.@Nullable Cancellable armed;
    private boolean closed;

    /**
     * Builds an engine over a store; if the store already tracks tickets (a restart, or another engine), their
     * clocks continue and the scheduler is armed from the store's due index.
     *
     * @param clock the clock
     * @param scheduler wakes the engine up; null for none
     * @param policies the ordered policies (a stored ticket's policy is found again by its name)
     * @param warningLeads lead times, positive and distinct
     * @param actions escalation actions carried out in this process after a firing
     * @param listeners initial listeners
     * @param store the SLA state and due index
     * @param log where SLA events and the firing claims are appended
     * @param owner this engine's name in the due rows' leases; null for a random one
     * @param leaseFor how long a lease on due rows holds: after that, another engine on the store fires them
     * @throws IllegalArgumentException if {@code leaseFor} is not positive
     */
    public DefaultSlaEngine(Clock clock, @Nullable Scheduler scheduler, List<SlaPolicy> policies,
                            List<Duration> warningLeads, SlaActions actions, List<SlaListener> listeners,
                            SlaStore store, EventLog log, @Nullable String owner, Duration leaseFor) {
        this.clock = requireNonNull(clock, "clock");
        this.scheduler = scheduler;
        this.leads = warningLeads.stream().mapToLong(Duration::toMillis).map(l -> -l).sorted().map(l -> -l).toArray();
        this.actions = requireNonNull(actions, "actions");
        this.listeners = new CopyOnWriteArrayList<>(listeners);
        this.store = requireNonNull(store, "store");
        this.log = requireNonNull(log, "log");
        this.owner = owner == null ? "sla-" + UUID.randomUUID() : owner;
        if (leaseFor.isNegative() || leaseFor.isZero()) {
            throw new IllegalArgumentException("leaseFor must be positive, was " + leaseFor);
        }
        this.leaseFor = leaseFor;
        this.current = compile(policies);
        lock.lock();
        try {
            arm(false);
        } finally {
            lock.unlock();
        }
    }

    private List<Compiled> compile(List<SlaPolicy> policies) {
        var names = new HashSet<String>();
        for (SlaPolicy p : policies) {
            if (!names.add(p.name())) {
                throw ValidationException.of("policies", "two policies are named '" + p.name() + "'");
            }
        }
        List<Compiled> list = new ArrayList<>();
        for (SlaPolicy p : policies) {
            Compiled c = Compiled.of(registry.size(), p);
            registry.add(c);
            list.add(c);
        }
        return List.copyOf(list);
    }

    /** The policy a stored name refers to: the current one of that name, else the latest known; -1 if none. */
    private int policyId(@Nullable String name) {
        if (name == null) {
            return -1;
        }
        for (Compiled c : current) {
            if (c.policy().name().equals(name)) {
                return c.id();
            }
        }
        for (int i = registry.size() - 1; i >= 0; i--) {
            if (registry.get(i).policy().name().equals(name)) {
                return i;
            }
        }
        LOG.warn("SLA policy '{}' of a stored ticket is not configured; its clocks wait for the next input", name);
        return -1;
    }

    // ---------------------------------------------------------------- state <-> store

    private TicketState load(SlaState st) {
        TicketState s = new TicketState(st.version(), st.facts(), st.createdAt().toEpochMilli(), st.timeline().size(),
            st.cycles().size() + 1, st.policyHistory());
        for (SlaState.StatusSpan span : st.timeline()) {
            int code = span.status() == null ? MERGED : span.status().ordinal();
            s.appendLogEntry(span.from().toEpochMilli() << 3 | code);
        }
        s.position = st.position();
        s.flags = st.firstReplyDone() ? TicketState.FLAG_FIRST_REPLY_DONE : 0;
        s.unansweredSince = st.unansweredSince() == null ? NONE : st.unansweredSince().toEpochMilli();
        s.lastAgentReplyAt = st.lastAgentReplyAt() == null ? NONE : st.lastAgentReplyAt().toEpochMilli();
        s.lastInputAt = st.lastInputAt().toEpochMilli();
        for (SlaState.Cycle c : st.cycles()) {
            int i = s.addCycle(c.start().toEpochMilli(), c.target().toMillis(), c.metric().ordinal());
            s.set(i, STOP, c.stoppedAt() == null ? NONE : c.stoppedAt().toEpochMilli());
            s.set(i, DUE, c.dueAt() == null ? NEVER : c.dueAt().toEpochMilli());
            s.set(i, ELAPSED, c.elapsedAtStop().toMillis());
            s.setWarnings(i, Math.min(c.warningsFired(), 15));
            if (c.breached()) {
                s.setBreached(i);
            }
            if (c.stopReason() != null) {
                s.setStopReason(i, c.stopReason().ordinal());
            }
        }
        s.policyId = st.policyHistory().isEmpty() ? -1
            : policyId(st.policyHistory().get(st.policyHistory().size() - 1).policyName());
        return s;
    }

    private SlaState snapshot(TicketState s) {
        List<SlaState.StatusSpan> timeline = new ArrayList<>(s.logSize);
        for (int k = 0; k < s.logSize; k++) {
            int code = TicketState.logStatus(s.log[k]);
            timeline.add(new SlaState.StatusSpan(Instant.ofEpochMilli(TicketState.logMillis(s.log[k])),
                code == MERGED ? null : STATUSES[code]));
        }
        List<SlaState.Cycle> cycles = new ArrayList<>(s.cycleCount);
        List<SlaDueRow> due = new ArrayList<>();
        for (int i = 0; i < s.cycleCount; i++) {
            int metric = s.metric(i);
            long stop = s.get(i, STOP);
            long dueAt = s.get(i, DUE);
            int reason = s.stopReason(i);
            cycles.add(new SlaState.Cycle(METRICS[metric], Instant.ofEpochMilli(s.get(i, START)),
                stop == NONE ? null : Instant.ofEpochMilli(stop), reason < 0 ? null : REASONS[reason],
                Duration.ofMillis(s.get(i, TARGET)), instantOrNull(dueAt), Duration.ofMillis(s.get(i, ELAPSED)),
                s.warnings(i), s.breached(i)));
            if (s.active(i) && !s.breached(i) && s.policyId >= 0 && dueAt != NEVER) {
                Instant breach = Instant.ofEpochMilli(dueAt);
                for (int w = s.warnings(i); w < leads.length; w++) {
                    due.add(new SlaDueRow(s.facts.tenant(), s.facts.id(), METRICS[metric], i, SlaDueRow.Kind.WARNING,
                        Instant.ofEpochMilli(dueAt - leads[w]), breach));
                }
                due.add(new SlaDueRow(s.facts.tenant(), s.facts.id(), METRICS[metric], i, SlaDueRow.Kind.BREACH,
                    breach, breach));
            }
        }
        return new SlaState(s.version + 1, s.facts, s.position, (s.flags & TicketState.FLAG_FIRST_REPLY_DONE) != 0,
            Instant.ofEpochMilli(s.createdAt), instantOrNull(s.unansweredSince),
            instantOrNull(s.lastAgentReplyAt), Instant.ofEpochMilli(s.lastInputAt), timeline, cycles,
            s.history, due);
    }

    /** Saves a changed state; false if another engine saved first (the caller loads again and retries). */
    private boolean save(TicketState s, int attemptNo) {
        return save(s, snapshot(s), attemptNo);
    }

    private boolean save(TicketState s, SlaState next, int attemptNo) {
        try {
            store.save(next, s.version);
            return true;
        } catch (ConflictException e) {
            if (attemptNo >= ATTEMPTS) {
                throw e;
            }
            return false;
        }
    }

    private TicketState require(TenantId tenant, TicketId ticket) {
        return load(requireState(tenant, ticket));
    }

    private SlaState requireState(TenantId tenant, TicketId ticket) {
        return store.state(tenant, ticket).orElseThrow(
            () -> new NotFoundException("ticket " + ticket + " is not tracked by the SLA engine"));
    }

    // ---------------------------------------------------------------- inputs

    @Override
    public void apply(SlaInput input) {
        applyInput(input, 0);
    }

    @Override
    public boolean apply(SlaInput input, long position) {
        if (position <= 0) {
            throw ValidationException.of("position", "must be positive, was " + position);
        }
        return applyInput(input, position);
    }

    private boolean applyInput(SlaInput input, long position) {
        requireNonNull(input, "input");
        long at = millis(input.at());
        boolean applied = false;
        lock.lock();
        try {
            for (int n = 0; ; n++) {
                attempt.clear();
                Optional<SlaState> stored = store.state(input.tenant(), input.ticket());
                if (position > 0 && stored.isPresent() && stored.get().position() >= position) {
                    LOG.debug("SLA input from log position {} was already applied", position);
                    break;
                }
                TicketState s;
                if (input instanceof SlaInput.Created created) {
                    if (stored.isPresent()) {
                        throw new ConflictException(
                            "ticket " + input.ticket() + " is already tracked by the SLA engine");
                    }
                    s = create(created.facts(), at);
                } else if (input instanceof SlaInput.Resumed resumed) {
                    if (stored.isPresent()) {
                        throw new ConflictException(
                            "ticket " + input.ticket() + " is already tracked by the SLA engine");
                    }
                    s = resume(resumed);
                } else {
                    s = load(stored.orElseThrow(() -> new NotFoundException(
                        "ticket " + input.ticket() + " is not tracked by the SLA engine")));
                    change(s, input, at);
                }
                s.position = Math.max(s.position, position);
                if (save(s, n)) {
                    publish();
                    applied = true;
                    break;
                }
            }
            arm(false);
        } finally {
            attempt.clear();
            lock.unlock();
        }
        dispatch();
        return applied;
    }

    /** Appends the operation's events to the log and queues them for the listeners. */
    private void publish() {
        if (attempt.isEmpty()) {
            return;
        }
        List<SlaEvent> events = List.copyOf(attempt);
        attempt.clear();
        log.append(events, Map.of());
        outEvents.addAll(events);
    }

    private void change(TicketState s, SlaInput input, long at) {
        if (at < s.lastInputAt) {
            throw ValidationException.of("at", "is before the ticket's last SLA input at "
                + Instant.ofEpochMilli(s.lastInputAt) + ", was " + input.at());
        }
        s.lastInputAt = at;
        if (terminal(s)) {
            LOG.debug("ignoring {} on ticket {} whose clocks have stopped for good",
                input.getClass().getSimpleName(), s.facts.id());
        } else if (input instanceof SlaInput.CustomerMessage) {
            customerMessage(s, at);
        } else if (input instanceof SlaInput.AgentReply) {
            agentReply(s, at);
        } else if (input instanceof SlaInput.BotReply) {
            botReply(s, at);
        } else if (input instanceof SlaInput.StatusChanged changed) {
            statusChanged(s, changed.status().ordinal(), at);
        } else if (input instanceof SlaInput.Reopened) {
            statusChanged(s, TicketStatus.OPEN.ordinal(), at);
        } else if (input instanceof SlaInput.FactsChanged changed) {
            factsChanged(s, changed.facts(), at);
        } else if (input instanceof SlaInput.Merged) {
            stopAll(s, at, SlaCycle.StopReason.MERGED);
            s.appendStatus(at, MERGED);
        }
    }

    private static long millis(Instant instant) {
        try {
            long ms = instant.toEpochMilli();
            if (Math.abs(ms) > (1L << 58)) {
                throw new ArithmeticException();
            }
            return ms;
        } catch (ArithmeticException e) {
            throw ValidationException.of("at", "is out of range, was " + instant);
        }
    }

    private TicketState create(SlaTicket facts, long at) {
        TicketState s = new TicketState(0, facts, at, facts.status().ordinal());
        if (!facts.status().isUnsolved()) {
            s.flags |= TicketState.FLAG_FIRST_REPLY_DONE;
        }
        evaluate(s, at);
        return s;
    }

    /**
     * Replays a ticket's timeline from its creation into one new state. What the replay would announce happened
     * before tracking resumed (and was announced then, if the engine tracked the ticket): it is dropped, and the
     * state tracking resumes with is announced instead, as a creation announces its own.
     */
    private TicketState resume(SlaInput.Resumed resumed) {
        TicketState s = create(resumed.created().facts(), millis(resumed.created().at()));
        for (SlaInput input : resumed.since()) {
            change(s, input, millis(input.at()));
        }
        attempt.clear();
        Instant at = resumed.at();
        emit(new SlaEvent.PolicyApplied(s.facts.tenant(), s.facts.id(),
            s.policyId < 0 ? "" : registry.get(s.policyId).policy().name(), at));
        for (int i = 0; i < s.cycleCount; i++) {
            if (s.active(i)) {
                emit(new SlaEvent.CycleStarted(s.facts.tenant(), s.facts.id(), METRICS[s.metric(i)],
                    Duration.ofMillis(s.get(i, TARGET)), instantOrNull(s.get(i, DUE)),
                    Instant.ofEpochMilli(s.get(i, START))));
            }
        }
        return s;
    }

    private void customerMessage(TicketState s, long at) {
        if ((s.flags & TicketState.FLAG_FIRST_REPLY_DONE) == 0 || s.unansweredSince != NONE) {
            return;
        }
        s.unansweredSince = at;
        startCycle(s, NRT, at, at);
    }

    private void agentReply(TicketState s, long at) {
        if ((s.flags & TicketState.FLAG_FIRST_REPLY_DONE) == 0) {
            s.flags |= TicketState.FLAG_FIRST_REPLY_DONE;
            stopActive(s, FRT, at, SlaCycle.StopReason.FULFILLED);
        }
        if (s.unansweredSince != NONE) {
            s.unansweredSince = NONE;
            stopActive(s, NRT, at, SlaCycle.StopReason.FULFILLED);
        }
        stopActive(s, PU, at, SlaCycle.StopReason.FULFILLED);
        s.lastAgentReplyAt = at;
        if (STATUSES[s.status()].isUnsolved()) {
            startCycle(s, PU, at, at);
        }
    }

    private void botReply(TicketState s, long at) {
        if ((s.flags & TicketState.FLAG_FIRST_REPLY_DONE) == 0 && s.policyId >= 0
            && registry.get(s.policyId).policy().botAnswerCountsAsFirstReply()) {
            s.flags |= TicketState.FLAG_FIRST_REPLY_DONE;
            stopActive(s, FRT, at, SlaCycle.StopReason.FULFILLED);
        }
    }

    private void statusChanged(TicketState s, int status, long at) {
        int old = s.status();
        if (old == status) {
            return;
        }
        s.appendStatus(at, status);
        s.facts = s.facts.withStatus(STATUSES[status]);
        if (status == SOLVED || status == CLOSED) {
            s.flags |= TicketState.FLAG_FIRST_REPLY_DONE;
            s.unansweredSince = NONE;
            s.lastAgentReplyAt = NONE;
            stopAll(s, at, status == SOLVED ? SlaCycle.StopReason.SOLVED : SlaCycle.StopReason.CLOSED);
            return;
        }
        if (old == SOLVED) {
            for (SlaMetric m : METRICS) {
                int i = s.lastCycle(m.ordinal());
                if (m.resumesOnReopen() && i >= 0 && !s.active(i)
                    && s.stopReason(i) == SlaCycle.StopReason.SOLVED.ordinal()) {
                    s.set(i, STOP, NONE);
                    s.set(i, TicketState.META, s.get(i, TicketState.META) & ~(7L << 8));
                    refresh(s, i);
                    emit(new SlaEvent.CycleStarted(s.facts.tenant(), s.facts.id(), m,
                        Duration.ofMillis(s.get(i, TARGET)), instantOrNull(s.get(i, DUE)), Instant.ofEpochMilli(at)));
                }
            }
            reconcile(s, at);
            return;
        }
        for (int i = 0; i < s.cycleCount; i++) {
            if (!s.active(i)) {
                continue;
            }
            int m = s.metric(i);
            refresh(s, i);
            if (COUNTS[m][old] && !COUNTS[m][status]) {
                emit(new SlaEvent.CyclePaused(s.facts.tenant(), s.facts.id(), METRICS[m], Instant.ofEpochMilli(at)));
            } else if (!COUNTS[m][old] && COUNTS[m][status]) {
                emit(new SlaEvent.CycleResumed(s.facts.tenant(), s.facts.id(), METRICS[m],
                    Instant.ofEpochMilli(s.get(i, DUE)), Instant.ofEpochMilli(at)));
            }
        }
    }

    private void factsChanged(TicketState s, SlaTicket facts, long at) {
        if (facts.status().ordinal() != s.status()) {
            statusChanged(s, facts.status().ordinal(), at);
            if (terminal(s)) {
                s.facts = facts;
                return;
            }
        }
        s.facts = facts;
        evaluate(s, at);
    }

    private static boolean terminal(TicketState s) {
        int st = s.status();
        return st == CLOSED || st == MERGED;
    }

    /** Finds the applicable policy, records a change in the history, and brings the cycles in line. */
    private void evaluate(TicketState s, long at) {
        int id = -1;
        for (Compiled c : current) {
            if (c.policy().matches(s.facts)) {
                id = c.id();
                break;
            }
        }
        if (id != s.policyId || s.history.isEmpty()) {
            for (int i = 0; i < s.cycleCount; i++) {
                if (s.active(i) && (id < 0 || registry.get(id).target(s.metric(i), s.facts.priority()) < 0)) {
                    stopCycle(s, i, at, SlaCycle.StopReason.POLICY_CHANGED);
                }
            }
            s.policyId = id;
            s.history.add(new PolicyApplication(Instant.ofEpochMilli(at),
                id < 0 ? null : registry.get(id).policy().name()));
            emit(new SlaEvent.PolicyApplied(s.facts.tenant(), s.facts.id(),
                id < 0 ? "" : registry.get(id).policy().name(), Instant.ofEpochMilli(at)));
        }
        reconcile(s, at);
    }

    private long target(TicketState s, int metric) {
        return s.policyId < 0 ? -1 : registry.get(s.policyId).target(metric, s.facts.priority());
    }

    private BusinessCalendar calendar(TicketState s, int metric) {
        return s.policyId < 0 ? ALWAYS : registry.get(s.policyId).calendar(metric, s.facts.priority());
    }

    /** Updates active cycles' targets, stops those that lost their target, starts those that gained one. */
    private void reconcile(TicketState s, long at) {
        boolean active = s.status() < SOLVED;
        for (SlaMetric m : METRICS) {
            int metric = m.ordinal();
            long target = target(s, metric);
            int i = s.activeCycle(metric);
            if (i >= 0) {
                if (target < 0) {
                    stopCycle(s, i, at, SlaCycle.StopReason.POLICY_CHANGED);
                } else {
                    s.set(i, TARGET, target);
                    refresh(s, i);
                }
            } else if (target >= 0 && active) {
                long start = logicalStart(s, metric);
                if (start != NONE) {
                    startCycle(s, metric, start, at);
                }
            }
        }
    }

    /** When a cycle of {@code metric} would have started, if one is owed now; NONE otherwise. */
    private static long logicalStart(TicketState s, int metric) {
        if (metric == FRT) {
            return (s.flags & TicketState.FLAG_FIRST_REPLY_DONE) == 0 ? s.createdAt : NONE;
        } else if (metric == NRT) {
            return s.unansweredSince;
        } else if (metric == PU) {
            return s.lastAgentReplyAt;
        }
        return s.createdAt;
    }

    private void startCycle(TicketState s, int metric, long start, long at) {
        long target = target(s, metric);
        if (target < 0) {
            return;
        }
        int i = s.addCycle(start, target, metric);
        refresh(s, i);
        emit(new SlaEvent.CycleStarted(s.facts.tenant(), s.facts.id(), METRICS[metric], Duration.ofMillis(target),
            instantOrNull(s.get(i, DUE)), Instant.ofEpochMilli(start)));
    }

    private void stopActive(TicketState s, int metric, long at, SlaCycle.StopReason reason) {
        int i = s.activeCycle(metric);
        if (i >= 0) {
            stopCycle(s, i, at, reason);
        }
    }

    private void stopAll(TicketState s, long at, SlaCycle.StopReason reason) {
        for (int i = 0; i < s.cycleCount; i++) {
            if (s.active(i)) {
                stopCycle(s, i, at, reason);
            }
        }
    }

    private void stopCycle(TicketState s, int i, long at, SlaCycle.StopReason reason) {
        int metric = s.metric(i);
        long elapsed = elapsed(s, metric, s.get(i, START), at, calendar(s, metric));
        s.set(i, STOP, at);
        s.set(i, ELAPSED, elapsed);
        s.setStopReason(i, reason.ordinal());
        emit(new SlaEvent.CycleStopped(s.facts.tenant(), s.facts.id(), METRICS[metric], reason,
            Duration.ofMillis(elapsed), s.breached(i), Instant.ofEpochMilli(at)));
    }

    /** Recomputes a cycle's due instant (the due index rows are derived from it when the state is saved). */
    private void refresh(TicketState s, int i) {
        if (!s.active(i) || s.policyId < 0) {
            return;
        }
        int metric = s.metric(i);
        s.set(i, DUE, due(s, metric, s.get(i, START), s.get(i, TARGET), calendar(s, metric)));
    }

    private long nextFire(long due, int warningsFired) {
        return warningsFired < leads.length ? due - leads[warningsFired] : due;
    }

    /**
     * The instant at which {@code target} of counted time has passed since {@code start}, walking the
     * status timeline; NEVER if the clock is paused now and has not reached the target.
     */
    private static long due(TicketState s, int metric, long start, long target, BusinessCalendar cal) {
        long acc = 0;
        for (int k = 0; k < s.logSize; k++) {
            long a = Math.max(TicketState.logMillis(s.log[k]), start);
            long b = k + 1 < s.logSize ? TicketState.logMillis(s.log[k + 1]) : NEVER;
            if (b <= a || !COUNTS[metric][TicketState.logStatus(s.log[k])]) {
                continue;
            }
            long need = target - acc;
            Instant from = Instant.ofEpochMilli(a);
            if (b == NEVER) {
                return cal.addBusinessTime(from, Duration.ofMillis(need)).toEpochMilli();
            }
            long d = cal.businessTimeBetween(from, Instant.ofEpochMilli(b)).toMillis();
            if (d >= need) {
                return cal.addBusinessTime(from, Duration.ofMillis(need)).toEpochMilli();
            }
            acc += d;
        }
        return NEVER;
    }

    /** Counted time in {@code [start, end)}. */
    private static long elapsed(TicketState s, int metric, long start, long end, BusinessCalendar cal) {
        long acc = 0;
        for (int k = 0; k < s.logSize; k++) {
            long a = Math.max(TicketState.logMillis(s.log[k]), start);
            long b = Math.min(k + 1 < s.logSize ? TicketState.logMillis(s.log[k + 1]) : NEVER, end);
            if (b > a && COUNTS[metric][TicketState.logStatus(s.log[k])]) {
                acc += cal.businessTimeBetween(Instant.ofEpochMilli(a), Instant.ofEpochMilli(b)).toMillis();
            }
        }
        return acc;
    }

    // ---------------------------------------------------------------- firing

    @Override
    public int fireDue() {
        return fireDue(clock.instant());
    }

    @Override
    public int fireDue(Instant now) {
        long t = millis(now);
        Instant until = Instant.ofEpochMilli(t);
        int fired = 0;
        lock.lock();
        try {
            Set<SlaDueRow> tried = new HashSet<>();
            while (true) {
                // rows leased to another engine are skipped until their lease runs out
                List<SlaDueRow> rows = store.lease(until, BATCH, owner, clock.instant(), leaseFor);
                Set<List<Object>> tickets = new LinkedHashSet<>();
                for (SlaDueRow row : rows) {
                    if (tried.add(row)) {
                        tickets.add(List.of(row.tenant(), row.ticket()));
                    }
                }
                if (tickets.isEmpty()) {
                    break;
                }
                for (List<Object> key : tickets) {
                    fired += fireTicket((TenantId) key.get(0), (TicketId) key.get(1), t);
                }
            }
            arm(true);
        } finally {
            attempt.clear();
            lock.unlock();
        }
        dispatch();
        return fired;
    }

    /**
     * Fires what is due on one ticket: each firing is appended to the log with its claim first (a claim already
     * held means another engine, or an earlier life of this one, fired it), then recorded in the state.
     *
     * @return how many warnings and breaches this engine fired
     */
    private int fireTicket(TenantId tenant, TicketId ticket, long now) {
        int fired = 0;
        // cycle -> warnings fired (leads.length + 1 for the breach), kept across attempts
        Map<Integer, Integer> marks = new HashMap<>();
        for (int n = 0; ; n++) {
            Optional<SlaState> stored = store.state(tenant, ticket);
            if (stored.isEmpty()) {
                return fired;
            }
            TicketState s = load(stored.get());
            boolean changed = false;
            for (Map.Entry<Integer, Integer> m : marks.entrySet()) {
                changed |= mark(s, m.getKey(), m.getValue());
            }
            if (s.policyId >= 0) {
                for (int i = 0; i < s.cycleCount; i++) {
                    long due = s.get(i, DUE);
                    if (!s.active(i) || s.breached(i) || due == NEVER || nextFire(due, s.warnings(i)) > now) {
                        continue;
                    }
                    int mark = fire(s, i, now);
                    marks.put(i, mark);
                    if (!attempt.isEmpty()) {
                        fired++;
                    }
                    attempt.clear();
                    changed |= mark(s, i, mark);
                }
            }
            // a state saved by an engine with other leads or policies may hold rows this engine does not fire:
            // saving derives them again, so the due index never keeps a row that nothing fires
            SlaState next = snapshot(s);
            if (!changed && next.due().equals(stored.get().due())) {
                return fired;
            }
            if (save(s, next, n)) {
                return fired;
            }
        }
    }

    /** Records in the state that a cycle's warnings (or, past the last lead, its breach) fired; whether it changed. */
    private boolean mark(TicketState s, int i, int warnings) {
        if (i >= s.cycleCount || s.breached(i) || s.warnings(i) >= warnings) {
            return false;
        }
        if (warnings > leads.length) {
            s.setBreached(i);
            s.setWarnings(i, leads.length);
        } else {
            s.setWarnings(i, warnings);
        }
        return true;
    }

    /**
     * Appends the warning or breach that cycle {@code i} has due, with its escalations, under its claim; leaves the
     * appended events in {@link #attempt} (empty if the claim was already held).
     *
     * @return the mark to record: warnings fired, or {@code leads.length + 1} for the breach
     */
    private int fire(TicketState s, int i, long now) {
        int metric = s.metric(i);
        long due = s.get(i, DUE);
        SlaPolicy policy = registry.get(s.policyId).policy();
        SlaEvent event;
        SlaEscalation.When when;
        SlaDueRow row;
        int mark;
        TenantId tenant = s.facts.tenant();
        TicketId ticket = s.facts.id();
        Instant dueAt = Instant.ofEpochMilli(due);
        if (due <= now) {
            event = new SlaEvent.Breached(tenant, ticket, METRICS[metric], policy.name(), dueAt);
            when = SlaEscalation.When.BREACH;
            row = new SlaDueRow(tenant, ticket, METRICS[metric], i, SlaDueRow.Kind.BREACH, dueAt, dueAt);
            mark = leads.length + 1;
        } else {
            int w = s.warnings(i);
            while (w + 1 < leads.length && due - leads[w + 1] <= now) {
                w++;
            }
            Instant at = Instant.ofEpochMilli(due - leads[w]);
            event = new SlaEvent.Warning(tenant, ticket, METRICS[metric], Duration.ofMillis(leads[w]), dueAt, at);
            when = SlaEscalation.When.WARNING;
            row = new SlaDueRow(tenant, ticket, METRICS[metric], i, SlaDueRow.Kind.WARNING, at, dueAt);
            mark = w + 1;
        }
        List<SlaEvent> events = new ArrayList<>();
        events.add(event);
        List<EscalationAction> todo = new ArrayList<>();
        for (SlaEscalation e : policy.escalations()) {
            if (e.on() == when && e.appliesTo(METRICS[metric])) {
                for (EscalationAction a : e.actions()) {
                    todo.add(a);
                    events.add(new SlaEvent.EscalationRequested(tenant, ticket, METRICS[metric], policy.name(), when,
                        a, dueAt, event.at()));
                }
            }
        }
        attempt.clear();
        try {
            log.append(events, Map.of(new IdempotencyKey(tenant, CLAIM_SCOPE, row.claimKey()), "fired"));
        } catch (DuplicateRequestException e) {
            LOG.debug("{} of ticket {} was already fired by another engine", row.kind(), ticket);
            return mark;
        }
        attempt.addAll(events);
        outEvents.addAll(events);
        for (EscalationAction a : todo) {
            outActions.add(() -> perform(a, event));
        }
        return mark;
    }

    private void perform(EscalationAction action, SlaEvent cause) {
        TenantId tenant = cause.tenant();
        TicketId ticket = cause.ticket();
        if (action instanceof EscalationAction.RaisePriority raise) {
            actions.raisePriority(tenant, ticket, raise.to());
        } else if (action instanceof EscalationAction.Reassign reassign) {
            actions.reassign(tenant, ticket, reassign.group());
        } else if (action instanceof EscalationAction.AddTag tag) {
            actions.addTag(tenant, ticket, tag.tag());
        } else if (action instanceof EscalationAction.Notify notify) {
            actions.notify(tenant, ticket, notify.recipient(), cause);
        }
    }

    private void emit(SlaEvent event) {
        attempt.add(event);
    }

    /** Delivers events and escalation actions collected under the lock, outside it. */
    private void dispatch() {
        List<SlaEvent> events;
        List<Runnable> todo;
        lock.lock();
        try {
            if (outEvents.isEmpty() && outActions.isEmpty()) {
                return;
            }
            events = outEvents;
            todo = outActions;
            outEvents = new ArrayList<>();
            outActions = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        for (SlaEvent e : events) {
            for (SlaListener l : listeners) {
                try {
                    l.on(e);
                } catch (RuntimeException ex) {
                    LOG.warn("SLA listener {} failed on {}", l, e.getClass().getSimpleName(), ex);
                }
            }
        }
        for (Runnable r : todo) {
            try {
                r.run();
            } catch (RuntimeException ex) {
                LOG.warn("SLA escalation action failed", ex);
            }
        }
    }

    /**
     * Arms the scheduler for the earliest row of the due index, if that is sooner than what is armed.
     *
     * @param afterFiring whether this engine just fired what was due: a row still due then is leased to another
     *     engine, so the engine looks again once that lease has run out rather than at once
     */
    private void arm(boolean afterFiring) {
        if (scheduler == null || closed) {
            return;
        }
        long min = store.nextDue().map(Instant::toEpochMilli).orElse(NEVER);
        long now = clock.millis();
        if (afterFiring && min <= now) {
            min = now + leaseFor.toMillis();
        }
        if (min < armedAt) {
            if (armed != null) {
                armed.cancel();
            }
            armedAt = min;
            armed = scheduler.schedule(Instant.ofEpochMilli(min), this::wake);
        }
    }

    private void wake() {
        lock.lock();
        try {
            armedAt = NEVER;
            armed = null;
        } finally {
            lock.unlock();
        }
        try {
            fireDue(clock.instant());
        } catch (RuntimeException e) {
            // the store or the log failed: what is due stays in the due index; try again in a minute
            LOG.warn("SLA engine could not fire what is due; retrying in {}", RETRY, e);
            lock.lock();
            try {
                if (scheduler != null && !closed && armed == null) {
                    Instant retry = clock.instant().plus(RETRY);
                    armedAt = retry.toEpochMilli();
                    armed = scheduler.schedule(retry, this::wake);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    // ---------------------------------------------------------------- queries and housekeeping

    @Override
    public void setPolicies(List<SlaPolicy> policies) {
        requireNonNull(policies, "policies");
        long now = clock.millis();
        lock.lock();
        try {
            current = compile(List.copyOf(policies));
            TenantId afterTenant = null;
            TicketId afterTicket = null;
            while (true) {
                List<SlaState> page = store.states(afterTenant, afterTicket, BATCH);
                for (SlaState st : page) {
                    reevaluate(st.tenant(), st.ticket(), now);
                }
                if (page.size() < BATCH) {
                    break;
                }
                afterTenant = page.get(page.size() - 1).tenant();
                afterTicket = page.get(page.size() - 1).ticket();
            }
            arm(false);
        } finally {
            attempt.clear();
            lock.unlock();
        }
        dispatch();
    }

    private void reevaluate(TenantId tenant, TicketId ticket, long now) {
        for (int n = 0; ; n++) {
            attempt.clear();
            Optional<SlaState> stored = store.state(tenant, ticket);
            if (stored.isEmpty()) {
                return;
            }
            TicketState s = load(stored.get());
            if (terminal(s)) {
                return;
            }
            evaluate(s, Math.max(now, s.lastInputAt));
            if (save(s, n)) {
                publish();
                return;
            }
        }
    }

    @Override
    public List<SlaPolicy> policies() {
        lock.lock();
        try {
            return current.stream().map(Compiled::policy).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<SlaCycle> cycles(TenantId tenant, TicketId ticket) {
        long now = clock.millis();
        lock.lock();
        try {
            TicketState s = require(tenant, ticket);
            List<SlaCycle> out = new ArrayList<>(s.cycleCount);
            for (int i = 0; i < s.cycleCount; i++) {
                int metric = s.metric(i);
                long start = s.get(i, START);
                long stop = s.get(i, STOP);
                boolean active = stop == NONE;
                long elapsed = active ? elapsed(s, metric, start, Math.max(now, start), calendar(s, metric))
                    : s.get(i, ELAPSED);
                int reason = s.stopReason(i);
                out.add(new SlaCycle(METRICS[metric], Instant.ofEpochMilli(start),
                    active ? null : Instant.ofEpochMilli(stop), reason < 0 ? null : REASONS[reason],
                    Duration.ofMillis(s.get(i, TARGET)), instantOrNull(s.get(i, DUE)), Duration.ofMillis(elapsed),
                    active && !COUNTS[metric][s.status()], s.breached(i)));
            }
            return List.copyOf(out);
        } finally {
            lock.unlock();
        }
    }

    private static @Nullable Instant instantOrNull(long millis) {
        return millis == NEVER || millis == NONE ? null : Instant.ofEpochMilli(millis);
    }

    @Override
    public List<PolicyApplication> policyHistory(TenantId tenant, TicketId ticket) {
        return requireState(tenant, ticket).policyHistory();
    }

    @Override
    public List<SlaDue> dueBefore(Instant until) {
        millis(until);
        List<SlaDue> out = new ArrayList<>();
        for (SlaDueRow row : store.due(until, Integer.MAX_VALUE)) {
            if (row.kind() == SlaDueRow.Kind.BREACH) {
                out.add(new SlaDue(row.tenant(), row.ticket(), row.metric(), row.dueAt(), false));
            }
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }

    private static final Comparator<SlaDue> ORDER = Comparator.comparing(SlaDue::dueAt)
        .thenComparing(d -> d.tenant().value()).thenComparing(SlaDue::ticket).thenComparing(SlaDue::metric);

    @Override
    public List<SlaDue> breached() {
        List<SlaDue> out = new ArrayList<>();
        for (SlaState st : store.breached()) {
            for (SlaState.Cycle c : st.cycles()) {
                if (c.active() && c.breached() && c.dueAt() != null) {
                    out.add(new SlaDue(st.tenant(), st.ticket(), c.metric(), c.dueAt(), true));
                }
            }
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }

    @Override
    public boolean isBreached(TenantId tenant, TicketId ticket) {
        return requireState(tenant, ticket).breached();
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, store.count());
    }

    @Override
    public void forget(TenantId tenant, TicketId ticket) {
        store.remove(requireNonNull(tenant, "tenant"), requireNonNull(ticket, "ticket"));
    }

    @Override
    public void addListener(SlaListener listener) {
        listeners.add(requireNonNull(listener, "listener"));
    }

    @Override
    public boolean removeListener(SlaListener listener) {
        return listeners.remove(requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (armed != null) {
                armed.cancel();
                armed = null;
            }
            armedAt = NEVER;
        } finally {
            lock.unlock();
        }
    }
}
