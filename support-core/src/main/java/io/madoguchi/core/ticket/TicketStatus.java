package io.madoguchi.core.ticket;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The status of a ticket, with the explicit table of allowed transitions ({@link #canTransitionTo}). Immutable and
 * thread-safe.
 *
 * <pre>
 * from \ to   new  open pending on_hold solved closed
 * new          -    yes   yes     yes     yes    no
 * open         no   -     yes     yes     yes    no
 * pending      no   yes   -       yes     yes    no
 * on_hold      no   yes   yes     -       yes    no
 * solved       no   yes   no      no      -      yes
 * closed       no   no    no      no      no     -
 * </pre>
 * A transition to the same status is never a change and is refused. A solved ticket reopens (to open); a closed
 * ticket is final: a later customer reply opens a linked follow-up ticket instead.
 */
public enum TicketStatus {
    /** Created, nobody has worked on it yet. */
    NEW,
    /** Being worked on by the desk. */
    OPEN,
    /** Waiting on the customer. */
    PENDING,
    /** Waiting on a third party. */
    ON_HOLD,
    /** The desk considers it answered; the customer may still reopen it by replying. */
    SOLVED,
    /** Final. */
    CLOSED;

    /** Computed once: a label is written into every audit entry, so it is not a new string each time. */
    private final String label = name().toLowerCase(Locale.ROOT);

    private Set<TicketStatus> targets = Set.of();

    static {
        NEW.targets = EnumSet.of(OPEN, PENDING, ON_HOLD, SOLVED);
        OPEN.targets = EnumSet.of(PENDING, ON_HOLD, SOLVED);
        PENDING.targets = EnumSet.of(OPEN, ON_HOLD, SOLVED);
        ON_HOLD.targets = EnumSet.of(OPEN, PENDING, SOLVED);
        SOLVED.targets = EnumSet.of(OPEN, CLOSED);
        CLOSED.targets = EnumSet.noneOf(TicketStatus.class);
    }

    /**
     * @param target the status to move to
     * @return whether the table allows moving from this status to {@code target}
     */
    public boolean canTransitionTo(TicketStatus target) {
        return targets.contains(target);
    }

    /** @return whether the ticket is still being worked on (new, open, pending or on-hold) */
    public boolean isUnsolved() {
        return this != SOLVED && this != CLOSED;
    }

    /** @return the lower-case name used in audit entries and text output, for example {@code on_hold} */
    public String label() {
        return label;
    }
}
