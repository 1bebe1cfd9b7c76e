package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class FeedbackReportCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int report(String content, String... extra) throws IOException {
        return reportBytes(content.getBytes(StandardCharsets.UTF_8), extra);
    }

    private JsonNode json() throws IOException {
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void reportsAggregatesOverallPerChannelAndPerAgent() throws IOException {
        String lines = String.join("\n",
            "{\"kind\": \"csat\", \"score\": 5, \"scale_max\": 5, \"channel\": \"email\", \"agent\": \"sato\", "
            + "\"answered_at\": \"2026-03-01T10:00:00+09:00\", \"comment\": \"丁寧な対応でした\"}",
            "{\"kind\": \"csat\", \"score\": 2, \"scale_max\": 5, \"channel\": \"line\", \"agent\": \"suzuki\", "
                    + "\"answered_at\": \"2026-03-01T11:00:00Z\"}",
            "",
            "{\"kind\": \"nps\", \"score\": 10, \"channel\": \"email\", \"agent\": \"sato\", \"answered_at\": "
                    + "\"2026-03-02T10:00:00Z\"}",
            "{\"kind\": \"nps\", \"score\": 3, \"channel\": \"email\", \"agent\": \"sato\", \"answered_at\": "
                    + "\"2026-03-02T10:00:00Z\"}",
            "{\"kind\": \"ces\", \"score\": 6, \"channel\": \"web_chat\", \"answered_at\": \"2026-03-03T10:00:00Z\"}");
        assertThat(report(lines, "--period", "day", "--zone", "Asia/Tokyo")).isZero();
        JsonNode r = json();
        assertThat(r.get("responses").asInt()).isEqualTo(5);
        assertThat(r.at("/overall/csat/n").asInt()).isEqualTo(2);
        assertThat(r.at("/overall/csat/satisfied_percent").asDouble()).isEqualTo(50.0);
        assertThat(r.at("/overall/csat/mean").asDouble()).isEqualTo(3.5);
        assertThat(r.at("/overall/nps/score").asDouble()).isEqualTo(0.0);
        // two answers have no meaningful margin (the plain Wald formula said ±138.59, wider than the scale)
        assertThat(r.at("/overall/nps").has("margin_of_error")).isFalse();
        assertThat(r.at("/overall/ces/mean").asDouble()).isEqualTo(6.0);
        assertThat(r.at("/by_channel/email/csat/n").asInt()).isEqualTo(1);
        assertThat(r.at("/by_channel/line/csat/satisfied_percent").asDouble()).isEqualTo(0.0);
        assertThat(r.at("/by_channel/web_chat/ces/n").asInt()).isEqualTo(1);
        assertThat(r.at("/by_agent/sato/nps/n").asInt()).isEqualTo(2);
        assertThat(r.get("by_agent").has("web_chat")).isFalse();
        assertThat(r.at("/by_period/2026-03-01/csat/n").asInt()).isEqualTo(2);
        // empty groups have n = 0 and no score at all (absent, not NaN or null)
        assertThat(r.at("/by_channel/line/nps/n").asInt()).isZero();
        assertThat(r.at("/by_channel/line/nps").has("score")).isFalse();
        assertThat(out.toString()).doesNotContain("NaN").doesNotContain("null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\n  \n\t\n", "\uFEFF\n"})
    void aFileWithNoResponsesIsOneLineNamingItWithExitTwo(String content) throws IOException {
        assertThat(report(content)).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList())
            .containsExactly(dir.resolve("responses.jsonl") + ": contains no responses");
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
            Arguments.of(
                "{\"kind\": \"stars\", \"score\": 5, \"channel\": \"email\", "
                    + "\"answered_at\": \"2026-03-01T10:00:00Z\"}",
                "line 2, field 'kind'"),
            Arguments.of(
                "{\"kind\": \"nps\", \"score\": 11, \"channel\": \"email\", \"answered_at\": \"2026-03-01T10:00:00Z\"}",
                "line 2, field 'score'"),
            Arguments.of(
                "{\"kind\": \"csat\", \"score\": 4.5, \"channel\": \"email\", "
                    + "\"answered_at\": \"2026-03-01T10:00:00Z\"}",
                "line 2, field 'score'"),
            Arguments.of(
                "{\"kind\": \"csat\", \"score\": 4, \"scale_max\": 20, \"channel\": \"email\", "
                    + "\"answered_at\": \"2026-03-01T10:00:00Z\"}",
                "line 2, field 'scale_max'"),
            Arguments.of(
                "{\"kind\": \"ces\", \"score\": 4, \"scale_max\": 7, \"channel\": \"email\", "
                    + "\"answered_at\": \"2026-03-01T10:00:00Z\"}",
                "line 2, field 'scale_max'"),
            Arguments.of(
                "{\"kind\": \"csat\", \"score\": 4, \"channel\": \"E Mail\", "
                    + "\"answered_at\": \"2026-03-01T10:00:00Z\"}",
                "line 2, field 'channel'"),
            Arguments.of(
                "{\"kind\": \"csat\", \"score\": 4, \"answered_at\": \"2026-03-01T10:00:00Z\"}",
                "line 2, field 'channel'"),
            Arguments.of(
                "{\"kind\": \"csat\", \"score\": 4, \"channel\": \"email\", \"answered_at\": \"yesterday\"}",
                "line 2, field 'answered_at'"),
            Arguments.of(
                "{\"kind\": \"csat\", \"score\": 4, \"channel\": \"email\", \"answered_at\": \"2026-03-01T10:00:00Z\", "
                    + "\"stars\": 1}",
                "line 2, field 'stars'"),
            Arguments.of("{\"kind\": \"csat\", \"score\": 4, \"channel\": \"email\"", "line 2: not valid JSON"),
            Arguments.of("[1, 2]", "line 2: must be a JSON object"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badLines")
    void badLinesNameTheLineAndFieldAndExitWithTwo(String badLine, String expected) throws IOException {
        String good =
                "{\"kind\": \"csat\", \"score\": 4, \"channel\": \"email\", \"answered_at\": \"2026-03-01T10:00:00Z\"}";
        assertThat(report(good + "\n" + badLine + "\n" + good)).isEqualTo(2);
        assertThat(err.toString()).contains(expected);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingFileAndBadPeriodAreUsageErrors() throws IOException {
        CommandLine cli = new CommandLine(new FeedbackReportCommand());
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("--input", dir.resolve("nope.jsonl").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file");
        assertThat(report("", "--period", "year")).isEqualTo(2);
        assertThat(err.toString()).contains("--period");
    }

    @Test
    void isRegisteredInTheMadoguchiTool() {
        assertThat(MadoguchiCli.run("feedback-report", "--help")).isZero();
        assertThat(MadoguchiCli.run("feedback-report")).isEqualTo(2);
    }

    private static final String GOOD =
            "{\"kind\": \"nps\", \"score\": 9, \"channel\": \"email\", \"answered_at\": \"2026-03-01T10:00:00+09:00\", "
            + "\"comment\": \"丁寧でした\"}";

    private int reportBytes(byte[] content, String... extra) throws IOException {
        Path file = dir.resolve("responses.jsonl");
        Files.write(file, content);
        CommandLine cli = new CommandLine(new FeedbackReportCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = new String[extra.length + 2];
        args[0] = "--input";
        args[1] = file.toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        return cli.execute(args);
    }

    @Test
    void theReportIsOneJsonObjectOnOneLineInTheSystemZoneUnlessOneIsGiven() throws IOException {
        String line =
                "{\"kind\": \"csat\", \"score\": 5, \"channel\": \"email\", \"answered_at\": \"2026-03-01T23:30:00Z\"}";
        assertThat(report(line + "\n", "--period", "day")).isZero();
        assertThat(out.toString().lines().toList()).singleElement().asString().startsWith("{").endsWith("}");
        assertThat(json().get("zone").asText()).isEqualTo(java.time.ZoneId.systemDefault().getId());

        out.getBuffer().setLength(0);
        assertThat(report(line + "\n", "--period", "day", "--zone", "Asia/Tokyo")).isZero();
        assertThat(json().get("zone").asText()).isEqualTo("Asia/Tokyo");
        // 23:30 UTC is the next morning in Tokyo
        assertThat(json().at("/by_period/2026-03-02/csat/n").asInt()).isEqualTo(1);
    }

    @Test
    void aUtf8ByteOrderMarkAsExcelWritesItIsAccepted() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = (GOOD + "\r\n" + GOOD + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(text, 0, content, bom.length, text.length);
        assertThat(reportBytes(content)).isZero();
        assertThat(json().at("/overall/nps/n").asInt()).isEqualTo(2);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shiftJisInputIsNamedInOneLineWithItsLineNumber() throws IOException {
        byte[] content = (GOOD + "\n" + GOOD + "\n").getBytes(java.nio.charset.Charset.forName("Shift_JIS"));
        assertThat(reportBytes(content)).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList()).singleElement().asString()
            .startsWith(dir.resolve("responses.jsonl") + ": line 1: ").contains("not valid UTF-8");
    }

    @Test
    void aSecondJsonObjectOnALineIsRefusedNotDropped() throws IOException {
        assertThat(report(GOOD + "\n" + GOOD + " " + GOOD + "\n")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList()).singleElement().asString()
            .contains("line 2: ", "more than one JSON value");
    }

    @Test
    void aBadLineIsExactlyOneLineNamingFileLineAndField() throws IOException {
        assertThat(report(GOOD + "\n" + GOOD.replace("\"score\": 9", "\"score\": 11") + "\n")).isEqualTo(2);
        assertThat(err.toString().lines().toList()).singleElement().asString()
            .startsWith(dir.resolve("responses.jsonl") + ": line 2, field 'score': ");
    }

    @ParameterizedTest
    @CsvSource({"JST, Asia/Tokyo", "jst, Asia/Tokyo", "asia/tokyo, Asia/Tokyo", "Tokyo, Asia/Tokyo"})
    void zoneAbbreviationsAreRefusedWithTheRegionToUse(String zone, String suggested) throws IOException {
        assertThat(report(GOOD + "\n", "--period", "day", "--zone", zone)).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList()).singleElement().asString().contains("--zone", suggested);
    }

    @Test
    void theNpsMarginIsShownFromThirtyResponses() throws IOException {
        String line = GOOD + "\n";
        assertThat(report(line.repeat(29))).isZero();
        assertThat(json().at("/overall/nps").has("margin_of_error")).isFalse();
        out.getBuffer().setLength(0);
        assertThat(report(line.repeat(30))).isZero();
        // 30 promoters: adjusted Wald (30.75 and 0.75 of 33) gives 1.96 * sqrt(0.128099 / 33) * 100 = 12.21
        assertThat(json().at("/overall/nps/margin_of_error").asDouble()).isEqualTo(12.21);
    }
}
