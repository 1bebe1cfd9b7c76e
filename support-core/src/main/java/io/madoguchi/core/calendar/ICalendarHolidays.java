package io.madoguchi.core.calendar;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Holidays read from an iCalendar file (RFC 5545): every all-day {@code VEVENT} is a holiday named by
 * its {@code SUMMARY}.
 *
 * <p>Supported: line folding, {@code DTSTART;VALUE=DATE} (or a bare {@code YYYYMMDD} value), an
 * optional exclusive {@code DTEND} (or {@code DURATION:PnD}) for events of several days, escaped
 * text ({@code \\ \; \, \n}), {@code EXDATE} dates, and {@code RRULE:FREQ=YEARLY} with {@code INTERVAL},
 * {@code COUNT} (at most {@value #MAX_COUNT}; the rules of one file may walk {@value #MAX_COUNT_YEARS} years in all
 * to find their occurrences), {@code UNTIL}, {@code BYMONTH} and {@code BYDAY} (e.g. {@code 2MO},
 * {@code -1MO}). An event lasts at most 366 days ({@code DTEND} or {@code DURATION}); its {@code SUMMARY} is one line
 * of at most 200 visible characters without control characters (see {@link Holiday}); an escaped line break in it
 * reads as a space.
 * Other properties and components are ignored. Events with a time of day, other frequencies and
 * other rule parts are rejected rather than misread.
 *
 * <p>Immutable and thread-safe.
 */
public final class ICalendarHolidays implements HolidaySource {

    private static final int MAX_DAYS_PER_EVENT = 366;
    /** The most occurrences a {@code COUNT} rule may have; a yearly holiday for a thousand years is plenty. */
    static final int MAX_COUNT = 1_000;
    /** The last year a rule is expanded to (dates in the file have four-digit years). */
    private static final int LAST_YEAR = 9999;
    /** How many years the {@code COUNT} rules of one file may walk in all to find their occurrences. */
    static final int MAX_COUNT_YEARS = 5_000;

    private final List<Event> events;

    private ICalendarHolidays(List<Event> events) {
        this.events = List.copyOf(events);
    }

    /**
     * @param ics the calendar text
     * @return the holidays it defines
     * @throws ValidationException whose field names the line ({@code line 12}) if the input is not
     *     a supported iCalendar file
     */
    public static ICalendarHolidays parse(String ics) {
        return parse(new StringReader(requireNonNull(ics, "ics")));
    }

    /**
     * @param ics the calendar text; the caller closes it
     * @return the holidays it defines
     * @throws ValidationException whose field names the line ({@code line 12}) if the input is not
     *     a supported iCalendar file
     * @throws UncheckedIOException if reading fails
     */
    public static ICalendarHolidays parse(Reader ics) {
        requireNonNull(ics, "ics");
        List<Event> events = new ArrayList<>();
        EventBuilder current = null;
        boolean inCalendar = false;
        boolean sawCalendar = false;
        int depth = 0;
        int[] countBudget = {MAX_COUNT_YEARS};
        Unfolded unfolded = unfold(ics);
        for (ContentLine line : unfolded.lines()) {
            switch (line.name()) {
                case "BEGIN" -> {
                    String component = line.value().toUpperCase(Locale.ROOT);
                    if (!inCalendar) {
                        if (!component.equals("VCALENDAR")) {
                            throw line.invalid("expected BEGIN:VCALENDAR, found BEGIN:" + line.value());
                        }
                        inCalendar = true;
                        sawCalendar = true;
                    } else if (current == null && depth == 0 && component.equals("VEVENT")) {
                        current = new EventBuilder(line.number(), countBudget);
                    } else {
                        depth++;
                    }
                }
                case "END" -> {
                    String component = line.value().toUpperCase(Locale.ROOT);
                    if (depth > 0) {
                        depth--;
                    } else if (current != null && component.equals("VEVENT")) {
                        events.add(current.build(line));
                        current = null;
                    } else if (inCalendar && current == null && component.equals("VCALENDAR")) {
                        inCalendar = false;
                    } else {
                        throw line.invalid("unexpected END:" + line.value());
                    }
                }
                default -> {
                    if (!inCalendar) {
                        throw line.invalid("content outside BEGIN:VCALENDAR");
                    }
                    if (current != null && depth == 0) {
                        current.accept(line);
                    }
                }
            }
        }
        if (!sawCalendar) {
            throw ValidationException.of("line 1", "not an iCalendar file: no BEGIN:VCALENDAR");
        }
        if (inCalendar) {
            throw ValidationException.of("line " + unfolded.lineCount(), "missing END:VCALENDAR");
        }
        return new ICalendarHolidays(events);
    }

    @Override
    public List<Holiday> holidays(int year) {
        TreeMap<LocalDate, String> days = new TreeMap<>();
        for (Event event : events) {
            event.addOccurrences(year, days);
        }
        List<Holiday> list = new ArrayList<>(days.size());
        days.forEach((date, name) -> list.add(new Holiday(date, fitted(name))));
        return List.copyOf(list);
    }

    /** Names of several events on one day are joined with ・; a join longer than a holiday name is cut with …. */
    private static String fitted(String name) {
        if (name.length() <= Holiday.MAX_NAME_LENGTH) {
            return name;
        }
        int end = Holiday.MAX_NAME_LENGTH - 1;
        if (Character.isHighSurrogate(name.charAt(end - 1))) {
            end--;
        }
        return name.substring(0, end) + "…";
    }

    /**
     * @return how many events were read
     */
    public int eventCount() {
        return events.size();
    }

    private record ContentLine(int number, String name, Map<String, String> params, String value) {

        ValidationException invalid(String message) {
            return ValidationException.of("line " + number, message);
        }
    }

    private record Unfolded(List<ContentLine> lines, int lineCount) {
    }

    private static Unfolded unfold(Reader reader) {
        List<ContentLine> lines = new ArrayList<>();
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        StringBuilder logical = null;
        int start = 0;
        int number = 0;
        try {
            for (String raw = in.readLine(); raw != null; raw = in.readLine()) {
                number++;
                if (number == 1 && raw.startsWith("\uFEFF")) {
                    raw = raw.substring(1);
                }
                if (!raw.isEmpty() && (raw.charAt(0) == ' ' || raw.charAt(0) == '\t')) {
                    if (logical == null) {
                        throw ValidationException.of("line " + number, "continuation line without a line to continue");
                    }
                    logical.append(raw, 1, raw.length());
                    continue;
                }
                if (logical != null) {
                    lines.add(contentLine(start, logical.toString()));
                }
                logical = raw.isEmpty() ? null : new StringBuilder(raw);
                start = number;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (logical != null) {
            lines.add(contentLine(start, logical.toString()));
        }
        return new Unfolded(lines, number);
    }

    /** Splits {@code NAME;P1=V1;P2="V;2":VALUE}, honouring quoted parameter values. */
    private static ContentLine contentLine(int number, String text) {
        int colon = -1;
        boolean quoted = false;
        List<Integer> semicolons = new ArrayList<>();
        for (int i = 0; i < text.length() && colon < 0; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ';') {
                semicolons.add(i);
            } else if (!quoted && c == ':') {
                colon = i;
            }
        }
        if (colon < 0) {
            throw ValidationException.of("line " + number, "not a content line (no ':'): " + abbreviate(text));
        }
        int nameEnd = semicolons.isEmpty() ? colon : semicolons.get(0);
        String name = text.substring(0, nameEnd).trim().toUpperCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw ValidationException.of("line " + number, "content line without a property name");
        }
        Map<String, String> params = new HashMap<>();
        for (int s = 0; s < semicolons.size(); s++) {
            int end = s + 1 < semicolons.size() ? semicolons.get(s + 1) : colon;
            String param = text.substring(semicolons.get(s) + 1, end);
            int eq = param.indexOf('=');
            if (eq <= 0) {
                throw ValidationException.of("line " + number, name + ": malformed parameter '" + abbreviate(param)
                        + "'");
            }
            String value = param.substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            params.put(param.substring(0, eq).trim().toUpperCase(Locale.ROOT), value);
        }
        return new ContentLine(number, name, params, text.substring(colon + 1));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(++i);
                out.append(n == 'n' || n == 'N' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static LocalDate parseDate(ContentLine line, String value) {
        String v = value.trim();
        if (!v.matches("\\d{8}")) {
            if (v.matches("\\d{8}T\\d{6}Z?")) {
                throw line.invalid(line.name() + ": only all-day events (VALUE=DATE) are supported, found '" + v + "'");
            }
            throw line.invalid(line.name() + ": expected a date YYYYMMDD, found '" + abbreviate(v) + "'");
        }
        try {
            return LocalDate.of(Integer.parseInt(v.substring(0, 4)), Integer.parseInt(v.substring(4, 6)),
                    Integer.parseInt(v.substring(6, 8)));
        } catch (DateTimeException e) {
            throw line.invalid(line.name() + ": no such date '" + v + "'");
        }
    }

    private static LocalDate parseDateValue(ContentLine line) {
        String type = line.params().get("VALUE");
        if (type != null && !type.equalsIgnoreCase("DATE")) {
            throw line.invalid(line.name() + ": only all-day events (VALUE=DATE) are supported, found VALUE=" + type);
        }
        return parseDate(line, line.value());
    }

    /** A yearly recurrence: {@code FREQ=YEARLY} with optional parts. */
    private record YearlyRule(int interval, int count, @Nullable LocalDate until, List<Integer> months,
                              List<ByDay> byDay) {
    }

    /** {@code BYDAY} entry: an ordinal (0 = every) and a weekday. */
    private record ByDay(int ordinal, DayOfWeek day) {
    }

    private static YearlyRule parseRule(ContentLine line) {
        String freq = null;
        int interval = 1;
        int count = 0;
        LocalDate until = null;
        List<Integer> months = new ArrayList<>();
        List<ByDay> byDay = new ArrayList<>();
        for (String part : line.value().split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw line.invalid("RRULE: malformed part '" + abbreviate(part) + "'");
            }
            String key = part.substring(0, eq).toUpperCase(Locale.ROOT);
            String value = part.substring(eq + 1).toUpperCase(Locale.ROOT);
            try {
                switch (key) {
                    case "FREQ" -> freq = value;
                    case "INTERVAL" -> interval = positive(line, key, value);
                    case "COUNT" -> {
                        count = positive(line, key, value);
                        if (count > MAX_COUNT) {
                            throw line.invalid("RRULE: COUNT must be at most " + MAX_COUNT + ", found " + value);
                        }
                    }
                    case "UNTIL" -> until = parseDate(line, value.length() > 8 ? value.substring(0, 8) : value);
                    case "BYMONTH" -> {
                        for (String m : value.split(",")) {
                            int month = Integer.parseInt(m);
                            if (month < 1 || month > 12) {
                                throw line.invalid("RRULE: BYMONTH must be 1–12, found " + m);
                            }
                            months.add(month);
                        }
                    }
                    case "BYDAY" -> {
                        for (String d : value.split(",")) {
                            byDay.add(parseByDay(line, d));
                        }
                    }
                    case "WKST" -> {
                        // irrelevant for the supported yearly rules
                    }
                    default -> throw line.invalid("RRULE: unsupported rule part " + key);
                }
            } catch (NumberFormatException e) {
                throw line.invalid("RRULE: " + key + " is not a number: '" + abbreviate(value) + "'");
            }
        }
        if (!"YEARLY".equals(freq)) {
            throw line.invalid("RRULE: only FREQ=YEARLY is supported, found FREQ=" + freq);
        }
        if (!byDay.isEmpty() && months.isEmpty()) {
            throw line.invalid("RRULE: BYDAY in a yearly rule needs BYMONTH");
        }
        if (count > 0 && until != null) {
            throw line.invalid("RRULE: COUNT and UNTIL must not both be given");
        }
        return new YearlyRule(interval, count, until, List.copyOf(months), List.copyOf(byDay));
    }

    private static int positive(ContentLine line, String key, String value) {
        int n = Integer.parseInt(value);
        if (n <= 0) {
            throw line.invalid("RRULE: " + key + " must be positive, found " + value);
        }
        return n;
    }

    private static ByDay parseByDay(ContentLine line, String text) {
        if (text.length() < 2) {
            throw line.invalid("RRULE: malformed BYDAY '" + text + "'");
        }
        String code = text.substring(text.length() - 2);
        DayOfWeek day = switch (code) {
            case "MO" -> DayOfWeek.MONDAY;
            case "TU" -> DayOfWeek.TUESDAY;
            case "WE" -> DayOfWeek.WEDNESDAY;
            case "TH" -> DayOfWeek.THURSDAY;
            case "FR" -> DayOfWeek.FRIDAY;
            case "SA" -> DayOfWeek.SATURDAY;
            case "SU" -> DayOfWeek.SUNDAY;
            default -> throw line.invalid("RRULE: unknown weekday in BYDAY '" + text + "'");
        };
        String ordinal = text.substring(0, text.length() - 2);
        int n = ordinal.isEmpty() ? 0 : Integer.parseInt(ordinal.startsWith("+") ? ordinal.substring(1) : ordinal);
        if (n < -5 || n > 5) {
            throw line.invalid("RRULE: BYDAY ordinal must be within ±5 in a month, found '" + text + "'");
        }
        return new ByDay(n, day);
    }

    private static final class EventBuilder {
        private final int beginLine;
        private @Nullable LocalDate start;
        private @Nullable LocalDate end;
        private int durationDays;
        private @Nullable String summary;
        private @Nullable ContentLine summaryLine;
        private @Nullable YearlyRule rule;
        private final Set<LocalDate> exdates = new HashSet<>();

        private final int[] countBudget;

        EventBuilder(int beginLine, int[] countBudget) {
            this.beginLine = beginLine;
            this.countBudget = countBudget;
        }

        void accept(ContentLine line) {
            switch (line.name()) {
                case "DTSTART" -> start = parseDateValue(line);
                case "DTEND" -> end = parseDateValue(line);
                case "DURATION" -> {
                    String v = line.value().trim().toUpperCase(Locale.ROOT);
                    if (!v.matches("P\\d{1,3}[DW]")) {
                        throw line.invalid("DURATION: only whole days or weeks (P2D, P1W) are supported, found '"
                                + abbreviate(v) + "'");
                    }
                    int n = Integer.parseInt(v.substring(1, v.length() - 1));
                    durationDays = v.endsWith("W") ? n * 7 : n;
                }
                case "SUMMARY" -> {
                    if (line.value().length() > 4 * Holiday.MAX_NAME_LENGTH) {
                        throw line.invalid("SUMMARY: a holiday name is at most " + Holiday.MAX_NAME_LENGTH
                                + " characters, found " + line.value().length());
                    }
                    // a holiday name is one line: an escaped line break (\\n) reads as a space
                    summary = unescape(line.value()).replace('\n', ' ').strip();
                    summaryLine = line;
                }
                case "RRULE" -> {
                    if (rule != null) {
                        throw line.invalid("RRULE: only one rule per event is supported");
                    }
                    rule = parseRule(line);
                }
                case "EXDATE" -> {
                    String type = line.params().get("VALUE");
                    for (String d : line.value().split(",")) {
                        if (type == null && d.trim().length() > 8) {
                            throw line.invalid("EXDATE: only dates (VALUE=DATE) are supported, found '" + d + "'");
                        }
                        exdates.add(parseDate(line, d));
                    }
                }
                default -> {
                    // other properties (UID, DTSTAMP, TRANSP, ...) do not affect holidays
                }
            }
        }

        Event build(ContentLine endLine) {
            if (start == null) {
                throw ValidationException.of("line " + beginLine, "VEVENT without DTSTART");
            }
            if (summary == null || summary.isBlank()) {
                throw ValidationException.of("line " + beginLine, "VEVENT without SUMMARY (holiday name)");
            }
            // SUMMARY sets the name and its line together
            ContentLine summaryLine = requireNonNull(this.summaryLine, "summaryLine");
            if (summary.length() > Holiday.MAX_NAME_LENGTH) {
                throw summaryLine.invalid("SUMMARY: a holiday name is at most " + Holiday.MAX_NAME_LENGTH
                        + " characters, found " + summary.length());
            }
            String problem = Holiday.nameProblem(summary);
            if (problem != null) {
                throw summaryLine.invalid("SUMMARY: the holiday name " + problem);
            }
            int days;
            if (end != null) {
                if (durationDays > 0) {
                    throw ValidationException.of("line " + beginLine, "VEVENT has both DTEND and DURATION");
                }
                if (!end.isAfter(start)) {
                    throw ValidationException.of("line " + beginLine, "DTEND " + end + " is not after DTSTART "
                            + start);
                }
                long span = end.toEpochDay() - start.toEpochDay();
                if (span > MAX_DAYS_PER_EVENT) {
                    throw ValidationException.of("line " + beginLine, "event spans " + span
                            + " days, more than a year");
                }
                days = (int) span;
            } else {
                if (durationDays > MAX_DAYS_PER_EVENT) {
                    throw ValidationException.of("line " + beginLine,
                            "DURATION of " + durationDays + " days is more than a year (" + MAX_DAYS_PER_EVENT
                                    + " days)");
                }
                days = Math.max(1, durationDays);
            }
            return new Event(start, days, summary, rule, Set.copyOf(exdates), countedStarts(beginLine, start, rule,
                    exdates, countBudget));
        }
    }

    /**
     * The start dates of a {@code COUNT} rule's occurrences (EXDATE removed), computed once when the file is read: at
     * most {@link #MAX_COUNT} of them, found by one pass over the years from DTSTART, all rules of a file together
     * walking at most {@link #MAX_COUNT_YEARS} years (else the file is refused); a year's holidays then cost a
     * lookup instead of a walk from DTSTART (which from year 0001 cost seconds a year).
     */
    private static List<LocalDate> countedStarts(int line, LocalDate start, @Nullable YearlyRule rule,
                                                 Set<LocalDate> exdates,
                                                 int[] budget) {
        if (rule == null || rule.count() == 0) {
            return List.of();
        }
        Event probe = new Event(start, 1, "-", rule, Set.of(), List.of());
        List<LocalDate> out = new ArrayList<>();
        int seen = 0;
        for (int y = start.getYear(); y <= LAST_YEAR && seen < rule.count(); y += rule.interval()) {
            if (--budget[0] < 0) {
                throw ValidationException.of("line " + line, "the COUNT rules of this file need more than "
                        + MAX_COUNT_YEARS + " years in all to reach their counts; give fewer occurrences or UNTIL");
            }
            for (LocalDate d : probe.candidates(y, rule)) {
                if (d.isBefore(start) || seen >= rule.count()) {
                    continue;
                }
                seen++;
                if (!exdates.contains(d)) {
                    out.add(d);
                }
            }
        }
        return List.copyOf(out);
    }

    private record Event(LocalDate start, int days, String name, @Nullable YearlyRule rule, Set<LocalDate> exdates,
                         List<LocalDate> counted) {

        void addOccurrences(int year, Map<LocalDate, String> out) {
            // an occurrence starting late in the previous year may spill into this one
            for (int y = year - 1; y <= year; y++) {
                for (LocalDate first : occurrenceStarts(y)) {
                    for (int i = 0; i < days; i++) {
                        LocalDate d = first.plusDays(i);
                        if (d.getYear() == year) {
                            out.merge(d, name, (a, b) -> a.equals(b) ? a : a + "・" + b);
                        }
                    }
                }
            }
        }

        /** Start dates of occurrences in year {@code y}. */
        private List<LocalDate> occurrenceStarts(int y) {
            if (rule == null) {
                return start.getYear() == y ? List.of(start) : List.of();
            }
            if (y < start.getYear() || (y - start.getYear()) % rule.interval() != 0) {
                return List.of();
            }
            List<LocalDate> result = new ArrayList<>();
            if (rule.count() > 0) {
                // COUNT counts occurrences from DTSTART: they were expanded once, in date order
                int i = java.util.Collections.binarySearch(counted, LocalDate.of(y, 1, 1));
                for (int k = i >= 0 ? i : -i - 1; k < counted.size() && counted.get(k).getYear() == y; k++) {
                    result.add(counted.get(k));
                }
                return result;
            }
            LocalDate until = rule.until();
            for (LocalDate d : candidates(y, rule)) {
                if (!d.isBefore(start) && (until == null || !d.isAfter(until)) && !exdates.contains(d)) {
                    result.add(d);
                }
            }
            return result;
        }

        private List<LocalDate> candidates(int y, YearlyRule rule) {
            List<Integer> months = rule.months().isEmpty() ? List.of(start.getMonthValue()) : rule.months();
            List<LocalDate> result = new ArrayList<>();
            for (int month : months) {
                LocalDate firstOfMonth = LocalDate.of(y, month, 1);
                if (rule.byDay().isEmpty()) {
                    if (start.getDayOfMonth() <= firstOfMonth.lengthOfMonth()) {
                        result.add(firstOfMonth.withDayOfMonth(start.getDayOfMonth()));
                    }
                    continue;
                }
                for (ByDay byDay : rule.byDay()) {
                    if (byDay.ordinal() == 0) {
                        LocalDate d = firstOfMonth.with(TemporalAdjusters.firstInMonth(byDay.day()));
                        for (; d.getMonthValue() == month; d = d.plusWeeks(1)) {
                            result.add(d);
                        }
                    } else {
                        LocalDate d = firstOfMonth.with(TemporalAdjusters.dayOfWeekInMonth(byDay.ordinal(),
                                byDay.day()));
                        if (d.getMonthValue() == month) {
                            result.add(d);
                        }
                    }
                }
            }
            result.sort(null);
            return result;
        }
    }
}
