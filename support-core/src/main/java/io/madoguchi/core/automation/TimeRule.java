package io.madoguchi.core.automation;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.sla.TicketCondition;
import java.time.Duration;
import java.util.List;

/**
 * A time-based automation: when a ticket meets the condition and {@code after} has passed (in the
 * calendar's open hours) since the chosen moment, the actions run, once per condition period (the
 * period starts anew when that moment changes, for example when the status changes again). Immutable.
 *
 * @param name the rule's name, unique among time rules
 * @param condition which tickets it looks at (for example {@code statusIn(PENDING)})
 * @param since the moment time is counted from
 * @param after how long after it the rule fires; positive
 * @param calendar the calendar time counts in ({@link BusinessCalendar#twentyFourSeven} for calendar hours)
 * @param actions what it does, in order
 */
public record TimeRule(String name, TicketCondition condition, Since since, Duration after, BusinessCalendar calendar,
                       List<RuleAction> actions) {

    /** The moment a time rule counts from. */
    public enum Since {
        /** The ticket's creation. */
        CREATED,
        /** The last status change. */
        STATUS_CHANGED,
        /** The last change of any kind. */
        UPDATED
    }

    /**
     * @param name the rule's name, unique among time rules
     * @param condition which tickets it looks at (for example {@code statusIn(PENDING)})
     * @param since the moment time is counted from
     * @param after how long after it the rule fires; positive
     * @param calendar the calendar time counts in ({@link BusinessCalendar#twentyFourSeven} for calendar hours)
     * @param actions what it does, in order
     * @throws NullPointerException if a component is null
     * @throws ValidationException if the name is blank, {@code after} is not positive or there are no actions
     */
    public TimeRule {
        requireNonNull(name, "name");
        requireNonNull(condition, "condition");
        requireNonNull(since, "since");
        requireNonNull(after, "after");
        requireNonNull(calendar, "calendar");
        actions = List.copyOf(actions);
        if (name.isBlank()) {
            throw ValidationException.of("name", "must not be blank");
        }
        if (after.isNegative() || after.isZero()) {
            throw ValidationException.of("after", "must be positive, was " + after);
        }
        if (actions.isEmpty()) {
            throw ValidationException.of("actions", "time rule '" + name + "' needs at least one action");
        }
    }
}
