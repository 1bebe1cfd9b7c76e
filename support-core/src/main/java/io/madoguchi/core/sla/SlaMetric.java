package io.madoguchi.core.sla;

import io.madoguchi.core.ticket.TicketStatus;

import java.util.EnumSet;
import java.util.Set;

/**
 * The preset SLA metrics (Zendesk's names). Each is a clock in the general JSM shape: a start
 * condition, a pause condition (the statuses in {@link #pausedIn()}) and a stop condition; a solved,
 * closed or merged ticket never counts time.
 *
 * <table>
 * <caption>Start, pause and stop of each metric</caption>
 * <tr><th>metric</th><th>a cycle starts</th><th>paused while</th><th>a cycle stops</th></tr>
 * <tr><td>first reply</td><td>ticket created</td><td>-</td><td>first public agent reply; solved</td></tr>
 * <tr><td>next reply</td><td>oldest unanswered customer message after the first reply</td><td>-</td>
 *     <td>public agent reply; solved</td></tr>
 * <tr><td>periodic update</td><td>public agent reply</td><td>pending</td><td>next public agent reply; solved</td></tr>
 * <tr><td>requester wait</td><td>ticket created</td><td>pending</td><td>solved (reopen resumes)</td></tr>
 * <tr><td>agent work</td><td>ticket created</td><td>pending, on-hold</td><td>solved (reopen resumes)</td></tr>
 * <tr><td>total resolution</td><td>ticket created</td><td>-</td><td>solved (reopen resumes)</td></tr>
 * </table>
 */
public enum SlaMetric {
    /** Time from creation to the first public agent reply. */
    FIRST_REPLY_TIME(Set.of(), false),
    /** Time from the oldest unanswered customer message to the next public agent reply; one cycle per round. */
    NEXT_REPLY_TIME(Set.of(), false),
    /** Time between public agent replies. */
    PERIODIC_UPDATE(Set.of(TicketStatus.PENDING), false),
    /** Time the requester waits: new, open and on-hold count. */
    REQUESTER_WAIT_TIME(Set.of(TicketStatus.PENDING), true),
    /** Time agents work: new and open count. */
    AGENT_WORK_TIME(Set.of(TicketStatus.PENDING, TicketStatus.ON_HOLD), true),
    /** Time from creation to solved, without the time a reopened ticket spent solved. */
    TOTAL_RESOLUTION_TIME(Set.of(), true);

    private final Set<TicketStatus> pausedIn;
    private final boolean resumesOnReopen;
    private final int pauseMask;

    SlaMetric(Set<TicketStatus> pausedIn, boolean resumesOnReopen) {
        this.pausedIn = pausedIn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(pausedIn));
        this.resumesOnReopen = resumesOnReopen;
        int mask = 0;
        for (TicketStatus s : pausedIn) {
            mask |= 1 << s.ordinal();
        }
        this.pauseMask = mask;
    }

    /**
     * @return the active statuses in which this metric's clock is paused
     */
    public Set<TicketStatus> pausedIn() {
        return pausedIn;
    }

    /**
     * @return whether a reopened ticket resumes the cycle that solving stopped (resolution metrics)
     */
    public boolean resumesOnReopen() {
        return resumesOnReopen;
    }

    /**
     * @param status a status
     * @return whether this metric's clock counts time while a ticket has this status
     */
    public boolean countsIn(TicketStatus status) {
        return status.isUnsolved() && (pauseMask & (1 << status.ordinal())) == 0;
    }
}
