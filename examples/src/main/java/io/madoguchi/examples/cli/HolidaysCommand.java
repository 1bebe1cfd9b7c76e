package io.madoguchi.examples.cli;

import io.madoguchi.core.calendar.Holiday;
import io.madoguchi.core.calendar.HolidaySource;
import io.madoguchi.core.calendar.JapaneseHolidays;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code madoguchi holidays --country JP --from 1970 --to 2050}: prints one line per national holiday,
 * {@code YYYY-MM-DD<TAB>name}, in date order. Years outside those the rules are computed for
 * ({@value JapaneseHolidays#FIRST_YEAR}–{@value JapaneseHolidays#LAST_YEAR}) are refused with one line on stderr and
 * exit code 2.
 */
@Command(
    name = "holidays",
    mixinStandardHelpOptions = true,
    description = {"Prints national holidays, one per line: YYYY-MM-DD<TAB>name, in date order.",
        "JP: years 1948-2150. Exit codes: 0 printed, 2 bad options (one line on stderr)."})
final class HolidaysCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--country", required = true, paramLabel = "CODE",
            description = "ISO 3166 country code; built in: JP")
    private String country;

    @Option(names = "--from", required = true, paramLabel = "YEAR", description = "first year (JP: 1948 or later)")
    private int from;

    @Option(names = "--to", paramLabel = "YEAR",
            description = "last year (default: the first year; JP: 2150 or earlier)")
    private Integer to;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        HolidaySource source = HolidaySource.forCountry(country).orElse(null);
        if (source == null) {
            err.println("holidays: --country: Unknown country '" + country + "': holidays are built in for JP only");
            err.flush();
            return 2;
        }
        int last = to == null ? from : to;
        if (last < from) {
            err.println("holidays: --to: Invalid years --from " + from + " --to " + last + ": need from <= to");
            err.flush();
            return 2;
        }
        // the built-in rules are computed for these years only; outside them a year would print nothing (before the
        // law) or silently lack its equinox days (after the formula's range)
        if (from < JapaneseHolidays.FIRST_YEAR || last > JapaneseHolidays.LAST_YEAR) {
            err.println("holidays: --" + (from < JapaneseHolidays.FIRST_YEAR ? "from " + from : "to " + last)
                    + ": Japanese holidays are computed for " + JapaneseHolidays.FIRST_YEAR + "–"
                    + JapaneseHolidays.LAST_YEAR + " only (the law took effect in 1948; the equinox formula ends in "
                    + JapaneseHolidays.LAST_YEAR + ")");
            err.flush();
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder lines = new StringBuilder();
        for (int year = from; year <= last; year++) {
            for (Holiday holiday : source.holidays(year)) {
                lines.append(holiday.date()).append('\t').append(holiday.name()).append('\n');
            }
        }
        out.print(lines);
        out.flush();
        return 0;
    }
}
