package io.madoguchi.core.sla.internal;

import io.madoguchi.core.sla.PolicyApplication;
import io.madoguchi.core.sla.SlaTicket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One ticket's SLA state while the engine works on it: instants are epoch milliseconds in primitive longs, the
 * status timeline and the cycles are packed into long arrays. Loaded from and saved back to the
 * {@link io.madoguchi.core.sla.store.SlaStore} for each operation; never shared between threads.
 */
final class TicketState {

    static final long NONE = Long.MIN_VALUE;

    /** Cycle layout: start, stop, due, target, meta, elapsed at stop. */
    static final int STRIDE = 6;
    static final int START = 0;
    static final int STOP = 1;
    static final int DUE = 2;
    static final int TARGET = 3;
    static final int META = 4;
    static final int ELAPSED = 5;

    static final int FLAG_FIRST_REPLY_DONE = 1;

    /** The stored version this state was loaded from; 0 for a new ticket. */
    final long version;
    /** The highest log position applied. */
    long position;
    SlaTicket facts;
    int policyId = -1;
    int flags;
    long createdAt;
    long unansweredSince = NONE;
    long lastAgentReplyAt = NONE;
    long lastInputAt;
    /** Status timeline: entries {@code millis << 3 | statusCode}, oldest first. */
    long[] log;
    int logSize;
    long[] cycles;
    int cycleCount;
    /** Policy history, by policy name. */
    final List<PolicyApplication> history;

    TicketState(long version, SlaTicket facts, long createdAt, int status) {
        this.version = version;
        this.facts = facts;
        this.createdAt = createdAt;
        this.lastInputAt = createdAt;
        this.log = new long[] {createdAt << 3 | status};
        this.logSize = 1;
        this.cycles = new long[STRIDE * 3];
        this.history = new ArrayList<>(2);
    }

    /** A state to be filled from a stored one: an empty timeline, no cycles. */
    TicketState(long version, SlaTicket facts, long createdAt, int timelineSize, int cycleCapacity,
                List<PolicyApplication> history) {
        this.version = version;
        this.facts = facts;
        this.createdAt = createdAt;
        this.log = new long[Math.max(1, timelineSize)];
        this.cycles = new long[STRIDE * Math.max(1, cycleCapacity)];
        this.history = new ArrayList<>(history);
    }

    int status() {
        return (int) (log[logSize - 1] & 7);
    }

    static long logMillis(long entry) {
        return entry >> 3;
    }

    static int logStatus(long entry) {
        return (int) (entry & 7);
    }

    void appendStatus(long at, int status) {
        if (logMillis(log[logSize - 1]) == at) {
            log[logSize - 1] = at << 3 | status;
            return;
        }
        if (logSize == log.length) {
            log = Arrays.copyOf(log, logSize + Math.max(2, logSize >> 1));
        }
        log[logSize++] = at << 3 | status;
    }

    int addCycle(long start, long target, int metric) {
        if ((cycleCount + 1) * STRIDE > cycles.length) {
            cycles = Arrays.copyOf(cycles, cycles.length + STRIDE * Math.max(1, cycleCount >> 1));
        }
        int i = cycleCount++;
        int b = i * STRIDE;
        cycles[b + START] = start;
        cycles[b + STOP] = NONE;
        cycles[b + DUE] = Long.MAX_VALUE;
        cycles[b + TARGET] = target;
        cycles[b + META] = metric;
        cycles[b + ELAPSED] = 0;
        return i;
    }

    void appendLogEntry(long entry) {
        log[logSize++] = entry;
    }

    long get(int cycle, int field) {
        return cycles[cycle * STRIDE + field];
    }

    void set(int cycle, int field, long value) {
        cycles[cycle * STRIDE + field] = value;
    }

    // meta: bits 0-2 metric, 3-6 warnings fired, 7 breached, 8-10 stop reason + 1
    int metric(int cycle) {
        return (int) (get(cycle, META) & 7);
    }

    int warnings(int cycle) {
        return (int) ((get(cycle, META) >>> 3) & 15);
    }

    void setWarnings(int cycle, int n) {
        set(cycle, META, (get(cycle, META) & ~(15L << 3)) | ((long) n << 3));
    }

    boolean breached(int cycle) {
        return (get(cycle, META) & (1L << 7)) != 0;
    }

    void setBreached(int cycle) {
        set(cycle, META, get(cycle, META) | (1L << 7));
    }

    boolean active(int cycle) {
        return get(cycle, STOP) == NONE;
    }

    int stopReason(int cycle) {
        return (int) ((get(cycle, META) >>> 8) & 7) - 1;
    }

    void setStopReason(int cycle, int reason) {
        set(cycle, META, (get(cycle, META) & ~(7L << 8)) | ((long) (reason + 1) << 8));
    }

    /** The active cycle of {@code metric}, or -1. */
    int activeCycle(int metric) {
        for (int i = cycleCount - 1; i >= 0; i--) {
            if (metric(i) == metric && active(i)) {
                return i;
            }
        }
        return -1;
    }

    /** The latest cycle of {@code metric}, or -1. */
    int lastCycle(int metric) {
        for (int i = cycleCount - 1; i >= 0; i--) {
            if (metric(i) == metric) {
                return i;
            }
        }
        return -1;
    }
}
