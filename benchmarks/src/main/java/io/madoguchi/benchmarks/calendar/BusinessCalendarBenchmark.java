package io.madoguchi.benchmarks.calendar;

import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.calendar.HolidaySource;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Due-time computations on a Japanese business calendar (Asia/Tokyo, Mon–Fri 9:00–12:00 and
 * 13:00–18:00, JP holidays, 年末年始 12/29–1/3): {@code addBusinessTime} of random durations of 0–40
 * business hours from random starts in 2024–2030. The years' tables are compiled during setup, as they
 * would be after a desk's first few calls.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BusinessCalendarBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BusinessCalendarBenchmark {

    private static final int SIZE = 1 << 16;
    private static final Duration LONG = Duration.ofHours(2_000);

    private BusinessCalendar calendar;
    private final Instant[] starts = new Instant[SIZE];
    private final Duration[] durations = new Duration[SIZE];
    private int next;

    /** Builds the calendar and the random inputs, and warms the year tables. */
    @Setup
    public void setUp() {
        calendar = BusinessCalendar.builder("東京本社")
                .zone(ZoneId.of("Asia/Tokyo"))
                .open(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00-12:00", "13:00-18:00")
                .holidays(HolidaySource.japan())
                .closedEveryYear(MonthDay.of(12, 29), MonthDay.of(1, 3), "年末年始")
                .build();
        SplittableRandom random = new SplittableRandom(20_260_401);
        long from = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2030-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < SIZE; i++) {
            starts[i] = Instant.ofEpochSecond(random.nextLong(from, to));
            durations[i] = Duration.ofSeconds(random.nextLong(0, 40L * 3600 + 1));
            calendar.addBusinessTime(starts[i], durations[i]);
        }
    }

    /** One due-time computation. */
    @Benchmark
    public Instant addBusinessTime() {
        int i = next++ & (SIZE - 1);
        return calendar.addBusinessTime(starts[i], durations[i]);
    }

    /** A due time 2,000 business hours (about a year of working days) away: costs no more than 40 hours. */
    @Benchmark
    public Instant addTwoThousandBusinessHours() {
        int i = next++ & (SIZE - 1);
        return calendar.addBusinessTime(starts[i], LONG);
    }

    /** One business-time measurement between a start and start + 0–40 business hours' worth of wall time. */
    @Benchmark
    public Duration businessTimeBetween() {
        int i = next++ & (SIZE - 1);
        return calendar.businessTimeBetween(starts[i], starts[i].plus(durations[i].multipliedBy(4)));
    }
}
