package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HolidaysCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureOutput() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void printsJapaneseHolidaysOnePerLineInUtf8() {
        int exit = MadoguchiCli.run("holidays", "--country", "JP", "--from", "2026", "--to", "2026");

        assertThat(exit).isZero();
        assertThat(lines()).hasSize(18).startsWith("2026-01-01\t元日", "2026-01-12\t成人の日")
                .contains("2026-09-22\t国民の休日", "2026-05-06\t振替休日").endsWith("2026-11-23\t勤労感謝の日");
    }

    @Test
    void printsEveryYearInDateOrder() {
        int exit = MadoguchiCli.run("holidays", "--country", "jp", "--from", "1970", "--to", "2050");

        List<String> lines = lines();
        assertThat(exit).isZero();
        assertThat(lines).isSorted().doesNotHaveDuplicates().allMatch(l -> l.matches("\\d{4}-\\d{2}-\\d{2}\t\\S+"));
        assertThat(lines.get(0)).isEqualTo("1970-01-01\t元日");
        assertThat(lines.get(lines.size() - 1)).startsWith("2050-11-23\t");
        assertThat(lines).contains("1973-04-30\t振替休日", "1989-02-24\t昭和天皇の大喪の礼", "2009-09-22\t国民の休日");
    }

    @Test
    void anUnknownCountryIsAUsageErrorWithExitCode2() {
        int exit = MadoguchiCli.run("holidays", "--country", "XX", "--from", "2025");

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown country 'XX'", "JP");
    }

    @Test
    void reversedYearsAreAUsageError() {
        assertThat(MadoguchiCli.run("holidays", "--country", "JP", "--from", "2026", "--to", "2025")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Invalid years");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1947, 1947, --from 1947", "1900, 2026, --from 1900",
        "2150, 2151, --to 2151", "2026, 9999, --to 9999"})
    void yearsOutsideWhatIsComputedAreRefusedInOneLine(String from, String to, String named) {
        int exit = MadoguchiCli.run("holidays", "--country", "JP", "--from", from, "--to", to);

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .contains(named, "1948–2150").doesNotContain("Exception");
    }

    @Test
    void theFirstAndLastComputedYearsArePrinted() {
        assertThat(MadoguchiCli.run("holidays", "--country", "JP", "--from", "1948", "--to", "1948")).isZero();
        assertThat(lines()).first().isEqualTo("1948-09-23\t秋分の日");
        out.reset();
        assertThat(MadoguchiCli.run("holidays", "--country", "JP", "--from", "2150")).isZero();
        assertThat(lines()).anyMatch(l -> l.startsWith("2150-03-") && l.endsWith("春分の日"))
                .anyMatch(l -> l.startsWith("2150-09-") && l.endsWith("秋分の日"));
    }

    @Test
    void usageErrorsAreOneLine() {
        assertThat(MadoguchiCli.run("holidays", "--country", "JP", "--from", "二千年")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString().contains("--from");
    }
}
