package io.madoguchi.core.feedback.text;

import io.madoguchi.core.ValidationException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which themes rose: counts each theme in a period and in the period before it. Thread-safe (stateless).
 */
public final class ThemeTrends {

    /**
     * A piece of feedback with its themes and time.
     *
     * @param at when it was given
     * @param themes its themes
     */
    public record ThemedFeedback(Instant at, Set<String> themes) {
        /**
         * Copies the themes.
         *
         * @param at when it was given
         * @param themes its themes
         */
        public ThemedFeedback {
            Objects.requireNonNull(at, "at");
            themes = Set.copyOf(themes);
        }
    }

    private ThemeTrends() {
    }

    /**
     * Counts every theme in {@code [start, end)} and in the same length just before.
     *
     * @param feedback the feedback
     * @param start the period's start
     * @param end the period's end, after {@code start}
     * @return one trend per theme seen in either period, largest rise first, then by name
     * @throws ValidationException if {@code end} is not after {@code start}
     */
    public static List<ThemeTrend> compare(List<ThemedFeedback> feedback, Instant start, Instant end) {
        if (!end.isAfter(start)) {
            throw ValidationException.of("period", "end " + end + " must be after start " + start);
        }
        return compare(feedback, start.minus(Duration.between(start, end)), start, end);
    }

    /**
     * Counts every theme in {@code [start, end)} and in {@code [previousStart, start)} (periods of calendar
     * length, such as weeks across a daylight-saving change, may differ in length).
     *
     * @param feedback the feedback
     * @param previousStart the previous period's start, before {@code start}
     * @param start the period's start
     * @param end the period's end, after {@code start}
     * @return one trend per theme seen in either period, largest rise first, then by name
     * @throws ValidationException if the periods are empty
     */
    public static List<ThemeTrend> compare(List<ThemedFeedback> feedback, Instant previousStart, Instant start,
                                           Instant end) {
        if (!end.isAfter(start) || !start.isAfter(previousStart)) {
            throw ValidationException.of("period", "need previousStart < start < end; was " + previousStart + ", "
                + start + ", " + end);
        }
        Map<String, long[]> counts = new HashMap<>();
        for (ThemedFeedback f : feedback) {
            int slot = !f.at().isBefore(start) && f.at().isBefore(end) ? 0
                : !f.at().isBefore(previousStart) && f.at().isBefore(start) ? 1 : -1;
            if (slot >= 0) {
                f.themes().forEach(t -> counts.computeIfAbsent(t, k -> new long[2])[slot]++);
            }
        }
        return counts.entrySet().stream().map(e -> new ThemeTrend(e.getKey(), e.getValue()[0], e.getValue()[1]))
            .sorted(Comparator.comparingLong(ThemeTrend::change).reversed().thenComparing(ThemeTrend::theme))
            .toList();
    }

    /**
     * The themes that rose: counted at least {@code minCount} times in the period and more than in the previous one.
     *
     * @param feedback the feedback
     * @param start the period's start
     * @param end the period's end
     * @param minCount the least count in the period for a theme to be reported, at least 1
     * @return the rising themes, largest rise first
     * @throws ValidationException if the period is empty or {@code minCount} is below 1
     */
    public static List<ThemeTrend> rising(List<ThemedFeedback> feedback, Instant start, Instant end, int minCount) {
        if (!end.isAfter(start)) {
            throw ValidationException.of("period", "end " + end + " must be after start " + start);
        }
        return rising(compare(feedback, start, end), minCount);
    }

    private static List<ThemeTrend> rising(List<ThemeTrend> trends, int minCount) {
        if (minCount < 1) {
            throw ValidationException.of("minCount", "must be at least 1; was " + minCount);
        }
        return trends.stream().filter(t -> t.current() >= minCount && t.current() > t.previous()).toList();
    }

    /**
     * "Which themes rose this week?": the calendar week (Monday 00:00 to Monday 00:00 in {@code zone}) that
     * contains {@code now} against the calendar week before it.
     *
     * @param feedback the feedback
     * @param now the current time
     * @param zone the tenant's time zone
     * @param minCount the least count this week
     * @return the rising themes
     * @throws ValidationException if {@code minCount} is below 1
     */
    public static List<ThemeTrend> risingThisWeek(List<ThemedFeedback> feedback, Instant now, ZoneId zone,
            int minCount) {
        ZonedDateTime monday = now.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
            .atStartOfDay(zone);
        return rising(compare(feedback, monday.minusWeeks(1).toInstant(), monday.toInstant(),
            monday.plusWeeks(1).toInstant()), minCount);
    }
}
