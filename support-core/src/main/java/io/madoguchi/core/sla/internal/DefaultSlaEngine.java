package io.madoguchi.core.sla.internal;

import static io.madoguchi.core.sla.internal.TicketState.DUE;
import static io.madoguchi.core.sla.internal.TicketState.ELAPSED;
import static io.madoguchi.core.sla.internal.TicketState.NONE;
import static io.madoguchi.core.sla.internal.TicketState.START;
import static io.madoguchi.core.sla.internal.TicketState.STOP;
import static io.madoguchi.core.sla.internal.TicketState.TARGET;
import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ConflictException;
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
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.time.Scheduler;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.sla.SlaTicket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link SlaEngine}. Every cycle's elapsed time and due instant are derived from the
 * ticket's status timeline and the applicable target, so a change of status, priority or policy
 * recomputes them exactly (no stale due times). Running cycles sit in one {@link DueHeap} keyed by
 * their next firing instant (the next warning, else the breach). Thread-safe (one lock).
 */
public final class DefaultSlaEngine implements SlaEngine {

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
    private final Map<TenantId, Map<TicketId, TicketState>> tickets = new HashMap<>();
    private TicketState[] bySeq = new TicketState[1024];
    private int[] freeSeqs = new int[16];
    private int freeCount;
    private int nextSeq;
    private int size;
    private final DueHeap heap;
    private final BitSet breachedSeqs = new BitSet();
    private final List<Compiled> registry = new ArrayList<>();
    private List<Compiled> current = List.of();
    private List<SlaEvent> outEvents = new ArrayList<>();
    private List<Runnable> outActions = new ArrayList<>();
    private long armedAt = NEVER;
    private Scheduler.@Nullable Cancellable armed;
    private boolean closed;

    /**
     * @param clock the clock
     * @param scheduler wakes the engine up; null for none
     * @param policies the ordered policies
     * @param warningLeads lead times, positive and distinct
     * @param actions escalation actions
     * @param listeners initial listeners
     */
    public DefaultSlaEngine(Clock clock, @Nullable Scheduler scheduler, List<SlaPolicy> policies,
                            List<Duration> warningLeads, SlaActions actions, List<SlaListener> listeners) {
        this.clock = requireNonNull(clock, "clock");
        this.scheduler = scheduler;
        this.leads = warningLeads.stream().mapToLong(Duration::toMillis).map(l -> -l).sorted().map(l -> -l).toArray();
        this.actions = requireNonNull(actions, "actions");
        this.listeners = new CopyOnWriteArrayList<>(listeners);
        this.heap = new DueHeap(this::moved);
        this.current = compile(policies);
    }

    private void moved(long ref, int position) {
        bySeq[(int) (ref >>> 32)].setHeapPosition((int) ref, position);
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

    // ---------------------------------------------------------------- inputs

    @Override
    public void apply(SlaInput input) {
        requireNonNull(input, "input");
        long at = millis(input.at());
        lock.lock();
        try {
            if (input instanceof SlaInput.Created created) {
                create(created.facts(), at);
            } else {
                TicketState s = require(input.tenant(), input.ticket());
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
                updateBreachedBit(s);
            }
            arm();
        } finally {
            lock.unlock();
        }
        dispatch();
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

    private void create(SlaTicket facts, long at) {
        Map<TicketId, TicketState> ofTenant = tickets.computeIfAbsent(facts.tenant(), t -> new HashMap<>());
        if (ofTenant.containsKey(facts.id())) {
            throw new ConflictException("ticket " + facts.id() + " is already tracked by the SLA engine");
        }
        int seq = freeCount > 0 ? freeSeqs[--freeCount] : nextSeq++;
        if (seq >= bySeq.length) {
            bySeq = Arrays.copyOf(bySeq, bySeq.length + (bySeq.length >> 1));
        }
        TicketState s = new TicketState(seq, facts, at, facts.status().ordinal());
        bySeq[seq] = s;
        ofTenant.put(facts.id(), s);
        size++;
        if (!facts.status().isUnsolved()) {
            s.flags |= TicketState.FLAG_FIRST_REPLY_DONE;
        }
        evaluate(s, at);
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

    // ---------------------------------------------------------------- policies and cycles

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
        if (id != s.policyId || s.historySize == 0) {
            for (int i = 0; i < s.cycleCount; i++) {
                if (s.active(i) && (id < 0 || registry.get(id).target(s.metric(i), s.facts.priority()) < 0)) {
                    stopCycle(s, i, at, SlaCycle.StopReason.POLICY_CHANGED);
                }
            }
            s.policyId = id;
            s.appendHistory(at, id);
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
        unindex(s, i);
        emit(new SlaEvent.CycleStopped(s.facts.tenant(), s.facts.id(), METRICS[metric], reason,
            Duration.ofMillis(elapsed), s.breached(i), Instant.ofEpochMilli(at)));
    }

    private void unindex(TicketState s, int i) {
        int pos = s.heapPosition(i);
        if (pos >= 0) {
            heap.remove(pos);
        }
    }

    /** Recomputes a cycle's due instant and its place in the due index. */
    private void refresh(TicketState s, int i) {
        if (!s.active(i) || s.policyId < 0) {
            unindex(s, i);
            return;
        }
        int metric = s.metric(i);
        long due = due(s, metric, s.get(i, START), s.get(i, TARGET), calendar(s, metric));
        s.set(i, DUE, due);
        long key = s.breached(i) || due == NEVER ? NEVER : nextFire(due, s.warnings(i));
        int pos = s.heapPosition(i);
        if (key == NEVER) {
            if (pos >= 0) {
                heap.remove(pos);
            }
        } else if (pos >= 0) {
            heap.update(pos, key);
        } else {
            heap.add(key, (long) s.seq << 32 | i);
        }
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

    private void updateBreachedBit(TicketState s) {
        boolean any = false;
        if (!terminal(s)) {
            for (int i = 0; i < s.cycleCount && !any; i++) {
                any = s.active(i) && s.breached(i);
            }
        }
        breachedSeqs.set(s.seq, any);
    }

    // ---------------------------------------------------------------- firing

    @Override
    public int fireDue() {
        return fireDue(clock.instant());
    }

    @Override
    public int fireDue(Instant now) {
        long t = millis(now);
        int fired = 0;
        lock.lock();
        try {
            while (heap.size() > 0 && heap.minKey() <= t) {
                long ref = heap.minRef();
                TicketState s = bySeq[(int) (ref >>> 32)];
                fire(s, (int) ref, t);
                fired++;
            }
            arm();
        } finally {
            lock.unlock();
        }
        dispatch();
        return fired;
    }

    private void fire(TicketState s, int i, long now) {
        int metric = s.metric(i);
        long due = s.get(i, DUE);
        SlaPolicy policy = registry.get(s.policyId).policy();
        SlaEvent event;
        SlaEscalation.When when;
        if (due <= now) {
            s.setBreached(i);
            s.setWarnings(i, leads.length);
            breachedSeqs.set(s.seq);
            event = new SlaEvent.Breached(s.facts.tenant(), s.facts.id(), METRICS[metric], policy.name(),
                Instant.ofEpochMilli(due));
            when = SlaEscalation.When.BREACH;
        } else {
            int w = s.warnings(i);
            while (w + 1 < leads.length && due - leads[w + 1] <= now) {
                w++;
            }
            s.setWarnings(i, w + 1);
            event = new SlaEvent.Warning(s.facts.tenant(), s.facts.id(), METRICS[metric], Duration.ofMillis(leads[w]),
                Instant.ofEpochMilli(due), Instant.ofEpochMilli(due - leads[w]));
            when = SlaEscalation.When.WARNING;
        }
        refresh(s, i);
        emit(event);
        for (SlaEscalation e : policy.escalations()) {
            if (e.on() == when && e.appliesTo(METRICS[metric])) {
                for (EscalationAction a : e.actions()) {
                    outActions.add(() -> perform(a, event));
                }
            }
        }
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
        outEvents.add(event);
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

    private void arm() {
        if (scheduler == null || closed) {
            return;
        }
        long min = heap.size() == 0 ? NEVER : heap.minKey();
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
        fireDue(clock.instant());
    }

    // ---------------------------------------------------------------- queries and housekeeping

    @Override
    public void setPolicies(List<SlaPolicy> policies) {
        requireNonNull(policies, "policies");
        long now = clock.millis();
        lock.lock();
        try {
            current = compile(List.copyOf(policies));
            for (int seq = 0; seq < nextSeq; seq++) {
                TicketState s = bySeq[seq];
                if (s != null && !terminal(s)) {
                    evaluate(s, Math.max(now, s.lastInputAt));
                    updateBreachedBit(s);
                }
            }
            arm();
        } finally {
            lock.unlock();
        }
        dispatch();
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
        return millis == NEVER ? null : Instant.ofEpochMilli(millis);
    }

    @Override
    public List<PolicyApplication> policyHistory(TenantId tenant, TicketId ticket) {
        lock.lock();
        try {
            TicketState s = require(tenant, ticket);
            List<PolicyApplication> out = new ArrayList<>(s.historySize);
            for (int k = 0; k < s.historySize; k++) {
                int id = s.historyPolicy(k);
                out.add(new PolicyApplication(Instant.ofEpochMilli(s.historyAt(k)),
                    id < 0 ? null : registry.get(id).policy().name()));
            }
            return List.copyOf(out);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<SlaDue> dueBefore(Instant until) {
        long bound = millis(until);
        List<SlaDue> out = new ArrayList<>();
        lock.lock();
        try {
            heap.forEachAtMost(bound, ref -> {
                TicketState s = bySeq[(int) (ref >>> 32)];
                int i = (int) ref;
                long due = s.get(i, DUE);
                if (due <= bound) {
                    out.add(new SlaDue(s.facts.tenant(), s.facts.id(), METRICS[s.metric(i)],
                        Instant.ofEpochMilli(due), false));
                }
            });
        } finally {
            lock.unlock();
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }

    private static final Comparator<SlaDue> ORDER = Comparator.comparing(SlaDue::dueAt)
        .thenComparing(d -> d.tenant().value()).thenComparing(SlaDue::ticket).thenComparing(SlaDue::metric);

    @Override
    public List<SlaDue> breached() {
        List<SlaDue> out = new ArrayList<>();
        lock.lock();
        try {
            for (int seq = breachedSeqs.nextSetBit(0); seq >= 0; seq = breachedSeqs.nextSetBit(seq + 1)) {
                TicketState s = bySeq[seq];
                for (int i = 0; i < s.cycleCount; i++) {
                    if (s.active(i) && s.breached(i)) {
                        out.add(new SlaDue(s.facts.tenant(), s.facts.id(), METRICS[s.metric(i)],
                            Instant.ofEpochMilli(s.get(i, DUE)), true));
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }

    @Override
    public boolean isBreached(TenantId tenant, TicketId ticket) {
        lock.lock();
        try {
            return breachedSeqs.get(require(tenant, ticket).seq);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void forget(TenantId tenant, TicketId ticket) {
        lock.lock();
        try {
            Map<TicketId, TicketState> ofTenant = tickets.get(tenant);
            TicketState s = ofTenant == null ? null : ofTenant.remove(ticket);
            if (s == null) {
                return;
            }
            for (int i = 0; i < s.cycleCount; i++) {
                unindex(s, i);
            }
            breachedSeqs.clear(s.seq);
            bySeq[s.seq] = null;
            if (freeCount == freeSeqs.length) {
                freeSeqs = Arrays.copyOf(freeSeqs, freeCount * 2);
            }
            freeSeqs[freeCount++] = s.seq;
            size--;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void addListener(SlaListener listener) {
        listeners.add(requireNonNull(listener, "listener"));
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

    private TicketState require(TenantId tenant, TicketId ticket) {
        Map<TicketId, TicketState> ofTenant = tickets.get(tenant);
        TicketState s = ofTenant == null ? null : ofTenant.get(ticket);
        if (s == null) {
            throw new NotFoundException("ticket " + ticket + " is not tracked by the SLA engine");
        }
        return s;
    }
}
