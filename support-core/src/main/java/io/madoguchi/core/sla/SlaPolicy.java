package io.madoguchi.core.sla;

import io.madoguchi.core.ticket.Priority;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.calendar.BusinessCalendar;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An SLA policy: conditions that select tickets, a business calendar, targets per metric and
 * priority (each in business or calendar hours) and escalations. Policies are ordered in the engine;
 * the first that {@linkplain #matches matches} a ticket applies: its conditions hold and it has a target for the
 * ticket's priority. A policy with targets for some priorities only leaves tickets of the other priorities to the
 * next policy (and says so in the log when it is built); business-hour targets need a {@linkplain
 * Builder#calendar calendar}. Immutable and thread-safe.
 */
public final class SlaPolicy {

    /** Whether a target counts business hours (the policy's calendar) or calendar hours (24/7). */
    public enum Hours {
        /** Only time the policy's calendar is open counts. */
        BUSINESS,
        /** Every hour counts. */
        CALENDAR
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SlaPolicy.class);
    private static final BusinessCalendar ALWAYS = BusinessCalendar.twentyFourSeven(ZoneOffset.UTC);
    private static final int PRIORITIES = Priority.values().length;

    private final String name;
    private final TicketCondition condition;
    private final BusinessCalendar calendar;
    private final long[] targetMillis;
    private final boolean[] business;
    private final List<SlaEscalation> escalations;
    private final boolean botAnswerIsFirstReply;

    private SlaPolicy(Builder b) {
        this.name = b.name;
        this.condition = b.condition;
        this.calendar = b.calendar;
        this.targetMillis = b.targetMillis.clone();
        this.business = b.business.clone();
        this.escalations = List.copyOf(b.escalations);
        this.botAnswerIsFirstReply = b.botAnswerIsFirstReply;
    }

    /**
     * @return whether a public reply of the self-service bot fulfils the first reply time of this policy's tickets
     *     (see {@link Builder#botAnswerCountsAsFirstReply(boolean)})
     */
    public boolean botAnswerCountsAsFirstReply() {
        return botAnswerIsFirstReply;
    }

    /**
     * @param name the policy's name, unique within the engine
     * @return a builder
     * @throws NullPointerException if {@code name} is null
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * @return the calendar business-hour targets count in
     */
    public BusinessCalendar calendar() {
        return calendar;
    }

    /**
     * @param ticket a ticket's facts
     * @return whether this policy applies to it: it has a target for the ticket's priority and its conditions match
     *     (a policy with targets for some priorities only leaves tickets of the others to the next policy)
     */
    public boolean matches(SlaTicket ticket) {
        return hasTarget(ticket.priority()) && condition.test(ticket);
    }

    /**
     * @param priority a priority
     * @return whether the policy has a target for some metric at this priority
     */
    public boolean hasTarget(Priority priority) {
        for (SlaMetric m : SlaMetric.values()) {
            if (targetMillis[m.ordinal() * PRIORITIES + priority.ordinal()] >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param metric a metric
     * @param priority a priority
     * @return the target for it, if the policy has one
     */
    public Optional<Duration> target(SlaMetric metric, Priority priority) {
        long ms = targetMillis[metric.ordinal() * PRIORITIES + priority.ordinal()];
        return ms < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
    }

    /**
     * @param metric a metric
     * @param priority a priority
     * @return the calendar the target counts in: the policy's for business hours, else 24/7
     */
    public BusinessCalendar calendarFor(SlaMetric metric, Priority priority) {
        return business[metric.ordinal() * PRIORITIES + priority.ordinal()] ? calendar : ALWAYS;
    }

    /**
     * @return the escalations, in order
     */
    public List<SlaEscalation> escalations() {
        return escalations;
    }

    @Override
    public String toString() {
        return "SlaPolicy[" + name + "]";
    }

    /** Builds an {@link SlaPolicy}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private TicketCondition condition = TicketCondition.always();
        private boolean conditionSet;
        private BusinessCalendar calendar = ALWAYS;
        private boolean calendarSet;
        private final long[] targetMillis = new long[SlaMetric.values().length * PRIORITIES];
        private final boolean[] business = new boolean[targetMillis.length];
        private final List<SlaEscalation> escalations = new ArrayList<>();
        private boolean botAnswerIsFirstReply;
        private final List<Violation> violations = new ArrayList<>();

        private Builder(String name) {
            this.name = requireNonNull(name, "name");
            Arrays.fill(targetMillis, -1);
        }

        /**
         * @param when the conditions a ticket must meet; by default every ticket matches
         * @return this
         * @throws ValidationException naming the setting if it was already set
         */
        public Builder when(TicketCondition when) {
            requireNonNull(when, "when");
            if (conditionSet) {
                throw ValidationException.of("when", "conditions were already set; each setting is made once");
            }
            conditionSet = true;
            this.condition = when;
            return this;
        }

        /**
         * @param businessCalendar the calendar business-hour targets count in; required when a target counts
         *     {@link Hours#BUSINESS} hours
         * @return this
         * @throws ValidationException naming the setting if it was already set
         */
        public Builder calendar(BusinessCalendar businessCalendar) {
            requireNonNull(businessCalendar, "businessCalendar");
            if (calendarSet) {
                throw ValidationException.of("calendar", "was already set; each setting is made once");
            }
            calendarSet = true;
            this.calendar = businessCalendar;
            return this;
        }

        /**
         * Sets one target.
         *
         * @param metric the metric
         * @param priority the priority it applies to
         * @param target the goal; positive
         * @param hours business or calendar hours
         * @return this
         * @throws ValidationException naming the target if this metric and priority already have one
         */
        public Builder target(SlaMetric metric, Priority priority, Duration target, Hours hours) {
            requireNonNull(metric, "metric");
            requireNonNull(priority, "priority");
            requireNonNull(target, "target");
            requireNonNull(hours, "hours");
            int i = metric.ordinal() * PRIORITIES + priority.ordinal();
            if (targetMillis[i] >= 0) {
                throw ValidationException.of("targets." + metric + "." + priority,
                    "was already set; each target is set once");
            }
            if (target.isNegative() || target.isZero()) {
                violations.add(new Violation("targets." + metric + "." + priority, "must be positive, was " + target));
                targetMillis[i] = 0;
            } else {
                targetMillis[i] = target.toMillis();
            }
            business[i] = hours == Hours.BUSINESS;
            return this;
        }

        /**
         * Sets the same target for every priority.
         *
         * @param metric the metric
         * @param target the goal; positive
         * @param hours business or calendar hours
         * @return this
         * @throws ValidationException naming the target if the metric already has one for some priority
         */
        public Builder target(SlaMetric metric, Duration target, Hours hours) {
            for (Priority p : Priority.values()) {
                target(metric, p, target, hours);
            }
            return this;
        }

        /**
         * @param escalation what to do on warnings or breaches of this policy's cycles
         * @return this
         */
        public Builder escalation(SlaEscalation escalation) {
            escalations.add(requireNonNull(escalation, "escalation"));
            return this;
        }

        /**
         * Whether a public reply of the self-service bot counts as the first reply: when the host promises "an
         * answer within an hour" and the bot's FAQ answer is that answer, the first reply time is fulfilled by it.
         * Only the first reply: a bot message never fulfils the next reply time or a pending update, and a
         * ticket the bot hands over still needs a person. Off by default (only a person's reply counts).
         *
         * @param counts whether the bot's answer fulfils the first reply time
         * @return this
         */
        public Builder botAnswerCountsAsFirstReply(boolean counts) {
            this.botAnswerIsFirstReply = counts;
            return this;
        }

        /**
         * Builds the policy. A policy without a target at some priority is valid: it does not apply to tickets of
         * that priority (they fall through to the next policy), which is logged at INFO.
         *
         * @return the policy
         * @throws ValidationException if the name is blank, a target is not positive, there are no targets, or a
         *     business-hour target has no calendar to count in
         */
        public SlaPolicy build() {
            List<Violation> all = new ArrayList<>(violations);
            if (name.isBlank()) {
                all.add(new Violation("name", "must not be blank"));
            }
            if (Arrays.stream(targetMillis).allMatch(t -> t < 0)) {
                all.add(new Violation("targets", "a policy needs at least one target"));
            }
            if (!calendarSet) {
                for (int i = 0; i < business.length; i++) {
                    if (business[i] && targetMillis[i] >= 0) {
                        all.add(new Violation("calendar", "business-hour targets need a calendar: set calendar(...), "
                            + "or use Hours.CALENDAR for round-the-clock targets"));
                        break;
                    }
                }
            }
            if (!all.isEmpty()) {
                throw new ValidationException(all);
            }
            SlaPolicy policy = new SlaPolicy(this);
            List<Priority> untimed = Arrays.stream(Priority.values()).filter(p -> !policy.hasTarget(p)).toList();
            if (!untimed.isEmpty() && untimed.size() < PRIORITIES) {
                LOG.info("SLA policy '{}' has no target for priorities {}: tickets of those priorities fall through "
                    + "to the next policy", name, untimed);
            }
            return policy;
        }
    }
}
