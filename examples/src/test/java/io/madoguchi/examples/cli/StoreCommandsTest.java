package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code demo --store} and {@code inspect --store} on an H2 file, and their refusals. */
class StoreCommandsTest {

    @TempDir
    Path dir;

    /** What a CLI run printed and returned. */
    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) throws ReflectiveOperationException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(MadoguchiCliAccess.root());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static JsonNode inspect(String url, String... options) throws Exception {
        String[] args = new String[3 + options.length];
        args[0] = "inspect";
        args[1] = "--store";
        args[2] = url;
        System.arraycopy(options, 0, args, 3, options.length);
        Result r = run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(1);
        return CliJson.MAPPER.readTree(r.out());
    }

    /** Store state a test reads beside {@code inspect}: it must be the same after the second demo day. */
    @FunctionalInterface
    interface StoreState {
        /**
         * @return the state, compared with {@code equals}
         * @throws Exception if it cannot be read
         */
        Object read() throws Exception;
    }

    /**
     * Runs the demo twice on one store and checks that the second run continues the same desk on the next business
     * day: numbers go on, a day-one survey link works once, the FAQ catalog and {@code configuration} are not added
     * again, and every subscriber has caught up.
     */
    static void demoContinuesOnTheNextDay(String url, Path dir, StoreState configuration, String... dbOptions)
            throws Exception {
        String out = dir.resolve("out").toString();
        Result day1 = run(demoArgs(url, out, dbOptions));
        assertThat(day1.exit()).as(day1.err()).isZero();
        assertThat(day1.out()).contains("=== 窓口 Madoguchi デモ: 2026-11-24 (Asia/Tokyo) ===", "tickets: 9");
        JsonNode after1 = inspect(url, dbOptions);
        assertThat(after1.get("tickets").asLong()).isEqualTo(9);
        assertThat(after1.get("faqs").asLong()).isPositive();
        assertThat(after1.get("survey_invitations").asLong()).isPositive();
        assertThat(after1.get("survey_responses").asLong()).isPositive();
        assertThat(after1.get("sla_firings").asLong()).isPositive();
        after1.get("subscriber_lag").forEach(lag -> assertThat(lag.asLong()).isZero());
        Object configured = configuration.read();

        Result day2 = run(demoArgs(url, out, dbOptions));
        assertThat(day2.exit()).as(day2.err()).isZero();
        assertThat(day2.out())
            // the next business day, the desk's numbers going on from yesterday's
            .contains("=== 窓口 Madoguchi デモ: 2026-11-25 (Asia/Tokyo)  2 日目 / day 2 ===", "#10 新規", "tickets: 18")
            // a link emailed yesterday still works, once
            .contains("昨日のリンクで回答 / an earlier link answered", "同じリンクでもう一度 / the same link again: 拒否 / refused (USED)",
                "回答済みのリンク / a link answered before: 拒否 / refused (USED)")
            .doesNotContain("(unexpected)");
        // the event log and the dashboard hold both days
        assertThat(java.nio.file.Files.readString(dir.resolve("out").resolve("dashboard.html")))
            .contains("2026-11-24 – 2026-11-25", "Tickets created</span><b>18</b>");
        JsonNode after2 = inspect(url, dbOptions);
        assertThat(after2.get("tickets").asLong()).isEqualTo(18);
        // the FAQ catalog, agents and policies were not added a second time
        assertThat(after2.get("faqs").asLong()).isEqualTo(after1.get("faqs").asLong());
        assertThat(configuration.read()).isEqualTo(configured);
        assertThat(after2.get("survey_responses").asLong()).isGreaterThan(after1.get("survey_responses").asLong());
        assertThat(after2.get("events").asLong()).isGreaterThan(after1.get("events").asLong());
        after2.get("subscriber_lag").forEach(lag -> assertThat(lag.asLong()).isZero());
    }

    private static String[] demoArgs(String url, String out, String... dbOptions) {
        String[] args = new String[5 + dbOptions.length];
        args[0] = "demo";
        args[1] = "--store";
        args[2] = url;
        System.arraycopy(dbOptions, 0, args, 3, dbOptions.length);
        args[3 + dbOptions.length] = "--out";
        args[4 + dbOptions.length] = out;
        return args;
    }

    @Test
    void theDemoOnAnH2FileContinuesTheSameDeskOnTheNextBusinessDay() throws Exception {
        demoContinuesOnTheNextDay("h2:" + dir.resolve("shop"), dir, () -> "");
    }

    @Test
    void badUrlsMissingFilesAndUnreachableDatabasesAreOneLineAndExit2() throws Exception {
        Result none = run("inspect");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err().strip()).isEqualTo("--store: required, h2:PATH or jdbc:postgresql://HOST[:PORT]/DB");

        Result scheme = run("inspect", "--store", "mysql://db/shop");
        assertThat(scheme.exit()).isEqualTo(2);
        assertThat(scheme.err().strip()).isEqualTo(
            "--store: 'mysql://db/shop' is neither h2:PATH nor jdbc:postgresql://HOST[:PORT]/DB");

        Result missing = run("inspect", "--store", "h2:" + dir.resolve("nothing-here"));
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().lines()).hasSize(1);
        assertThat(missing.err()).startsWith("--store: cannot open h2:");

        Result noUser = run("demo", "--store", "jdbc:postgresql://127.0.0.1:1/shop", "--out", dir.toString());
        assertThat(noUser.exit()).isEqualTo(2);
        assertThat(noUser.err()).startsWith("--db-user: required");

        Result unreachable = run("inspect", "--store", "jdbc:postgresql://127.0.0.1:1/shop?password=hunter2",
            "--db-user", "madoguchi");
        assertThat(unreachable.exit()).isEqualTo(2);
        assertThat(unreachable.err().lines()).hasSize(1);
        assertThat(unreachable.err()).startsWith("--store: cannot open jdbc:postgresql://127.0.0.1:1/shop?password=***")
            .doesNotContain("hunter2").doesNotContain("\tat ").doesNotContain("Exception:");
    }
}
