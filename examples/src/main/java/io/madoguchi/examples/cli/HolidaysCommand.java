package io.madoguchi.examples.cli;

import io.madoguchi.core.calendar.Holiday;
import io.madoguchi.core.calendar.HolidaySource;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code madoguchi holidays --country JP --from 1970 --to 2050}: prints one line per national holiday,
 * {@code YYYY-MM-DD<TAB>name}, in date order.
 */
@Command(
    name = "holidays",
    mixinStandardHelpOptions = true,
    description = "Prints national holidays, one per line: YYYY-MM-DD<TAB>name, in date order.")
final class HolidaysCommand implements Callable<Integer> {

    private static final int MIN_YEAR = 1;
    private static final int MAX_YEAR = 9999;

    @Spec
    private CommandSpec spec;

    @Option(names = "--country", required = true, paramLabel = "CODE",
            description = "ISO 3166 country code; built in: JP")
    private String country;

    @Option(names = "--from", required = true, paramLabel = "YEAR", description = "first year")
    private int from;

    @Option(names = "--to", paramLabel = "YEAR", description = "last year (default: the first year)")
    private Integer to;

    @Override
    public Integer call() {
        HolidaySource source = HolidaySource.forCountry(country).orElseThrow(() -> new ParameterException(
                spec.commandLine(), "Unknown country '" + country + "': holidays are built in for JP only"));
        int last = to == null ? from : to;
        if (from < MIN_YEAR || last > MAX_YEAR || last < from) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid years --from " + from + " --to " + last + ": need " + MIN_YEAR + " <= from <= to <= "
                            + MAX_YEAR);
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
