package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventJson;
import io.madoguchi.core.feedback.Answer;
import io.madoguchi.core.feedback.Question;
import io.madoguchi.core.feedback.ResponseRecorded;
import io.madoguchi.core.feedback.SurveyResponse;
import io.madoguchi.core.feedback.SurveyTrigger;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.MutableClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class ReportCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A Tokyo desk's log: tickets at 23:30 JST on 3/31 and 08:10 JST on 4/1 (still 3/31 in UTC). */
    private Path exportedLog() throws IOException {
        MutableClock clock = MutableClock.startingAt(Instant.parse("2026-03-31T14:30:00Z"));
        DeskStore store = DeskStore.inMemory(clock);
        SupportDesk desk = SupportDesk.builder().clock(clock).store(store).build();
        TenantId tenant = TenantId.of("tokyo-shop");
        Principal sato = Principal.agent(tenant, AgentId.of("sato"));
        Customer c = desk.createCustomer(desk.system(tenant, "channels"),
            new NewCustomer("高橋 健", List.of(ChannelIdentity.email("ken@example.jp")), null, "ja"));
        Principal cp = Principal.customer(tenant, c.id());
        Ticket late = desk.createTicket(cp,
            CreateTicket.builder(c.id(), Channel.LINE, "深夜の問い合わせ", "ログインできない").build());
        clock.advance(Duration.ofMinutes(40));
        desk.reply(sato, late.id(), "パスワード再設定をお試しください。");
        clock.advance(Duration.ofHours(8));
        Ticket morning = desk.createTicket(cp,
            CreateTicket.builder(c.id(), Channel.EMAIL, "請求", "二重請求です").build());
        clock.advance(Duration.ofHours(2));
        desk.reply(sato, morning.id(), "確認します。");
        desk.changeStatus(sato, morning.id(), TicketStatus.SOLVED);
        desk.changeStatus(sato, late.id(), TicketStatus.SOLVED);
        Path file = dir.resolve("events.jsonl");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            EventJson.export(store.eventLog(), 0, w);
        }
        return file;
    }

    private int report(Path file, String... extra) {
        CommandLine cli = new CommandLine(new ReportCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("--input", file.toString()));
        args.addAll(List.of(extra));
        return cli.execute(args.toArray(String[]::new));
    }

    @Test
    void aTenPointCsatInTheExportIsReadOnItsOwnScale() throws IOException {
        TenantId tenant = TenantId.of("tokyo-shop");
        Instant at = Instant.parse("2026-04-02T01:00:00Z");
        Path file = dir.resolve("csat10.jsonl");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            long position = 1;
            for (int score : new int[] {10, 8, 6, 2}) {
                SurveyResponse r = new SurveyResponse("r" + position, "inv" + position, tenant, "csat-10",
                    SurveyTrigger.ON_SOLVE, TicketId.of("T" + position), CustomerId.of("c" + position), null, null,
                    Channel.LINE, at, List.of(Answer.score("csat", score)), null, null, null);
                EventJson.write(new EventEnvelope(position++, new ResponseRecorded(r, List.of(Question.csat(10)), at)),
                    w);
            }
        }
        assertThat(report(file, "--zone", "Asia/Tokyo")).isZero();
        JsonNode r = new ObjectMapper().readTree(out.toString());

        // all four count on 1..10 (the old reading, 1..5 by the question's id, kept only the 2); 7..10 satisfy
        assertThat(r.at("/csat/n").asLong()).isEqualTo(4);
        assertThat(r.at("/csat/scale_max").asInt()).isEqualTo(10);
        assertThat(r.at("/csat/satisfied_percent").asDouble()).isEqualTo(50.0);
    }

    @Test
    void theToolHasAReportCommand() throws ReflectiveOperationException {
        assertThat(new CommandLine(MadoguchiCliAccess.root()).getSubcommands()).containsKey("report");
    }

    @Test
    void printsOneJsonObjectWithTheKpisOfTheLogInTheGivenZone() throws IOException {
        Path file = exportedLog();
        Path csv = dir.resolve("kpi.csv");
        Path html = dir.resolve("kpi.html");
        assertThat(report(file, "--zone", "Asia/Tokyo", "--csv", csv.toString(), "--html", html.toString())).isZero();
        assertThat(err.toString()).isEmpty();
        JsonNode r = new ObjectMapper().readTree(out.toString());

        assertThat(r.fieldNames()).toIterable().contains("first_reply", "resolution", "sla", "csat", "nps",
            "deflection");
        assertThat(r.at("/tickets/created").asLong()).isEqualTo(2);
        assertThat(r.at("/first_reply/n").asLong()).isEqualTo(2);
        assertThat(r.at("/first_reply/p50_seconds").asLong()).isEqualTo(40 * 60);
        assertThat(r.at("/first_reply/p99_seconds").asLong())
            .isCloseTo(2 * 3600, org.assertj.core.api.Assertions.within(72L));
        assertThat(r.at("/resolution/n").asLong()).isEqualTo(2);
        assertThat(r.at("/csat/n").asLong()).isZero();
        assertThat(r.at("/nps/score").isNull()).isTrue();
        assertThat(r.at("/deflection/percent").isNull()).isTrue();
        assertThat(r.at("/channel_mix/line").asLong()).isEqualTo(1);
        assertThat(r.at("/by_channel/email/tickets/created").asLong()).isEqualTo(1);
        assertThat(r.at("/agent_workload/sato/replies").asLong()).isEqualTo(2);
        assertThat(r.get("tenants").get(0).asText()).isEqualTo("tokyo-shop");

        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(rows.get(0)).startsWith("date,created,solved,first_reply_p50_seconds");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).startsWith("2026-03-31,1,0,");
        assertThat(rows.get(2)).startsWith("2026-04-01,1,2,");
        assertThat(Files.readString(html)).contains("data-kpi=\"first_reply\"", "初回応答時間")
            .doesNotContain("ログイン");
    }

    @Test
    void fromAndToCountOnlyThoseLocalDates() throws IOException {
        Path file = exportedLog();
        assertThat(report(file, "--zone", "Asia/Tokyo", "--from", "2026-04-01", "--to", "2026-04-01")).isZero();
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertThat(r.at("/tickets/created").asLong()).isEqualTo(1);
        assertThat(r.at("/tickets/solved").asLong()).isEqualTo(2);
        assertThat(r.at("/from").asText()).isEqualTo("2026-04-01");

        out.getBuffer().setLength(0);
        assertThat(report(file, "--from", "2026-04-01", "--to", "2026-04-01")).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).at("/tickets/created").asLong()).isEqualTo(0);
    }

    @Test
    void aBadLineIsOneLineNamingFileLineAndFieldWithExitTwo() throws IOException {
        Path file = exportedLog();
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.set(2, lines.get(2).replaceFirst("\"channel\":\"line\"", "\"channel\":\"ＬＩＮＥ\""));
        Files.write(file, lines, StandardCharsets.UTF_8);

        assertThat(report(file)).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith(file + ": line 3, field 'data.ticket.channel': channel: must be 1-32")
            .hasLineCount(1).doesNotContain("Exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\n  \n\t\n", "\uFEFF\n"})
    void aFileWithNoEventsIsOneLineNamingItWithExitTwoAndWritesNothing(String content) throws IOException {
        Path file = Files.writeString(dir.resolve("events.jsonl"), content, StandardCharsets.UTF_8);
        Path csv = dir.resolve("daily.csv");
        Path html = dir.resolve("dashboard.html");

        assertThat(report(file, "--csv", csv.toString(), "--html", html.toString())).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList()).containsExactly(file + ": contains no events");
        assertThat(csv).doesNotExist();
        assertThat(html).doesNotExist();
    }

    @Test
    void aPositionThatDoesNotIncreaseAndBytesThatAreNotUtf8AreRefused() throws IOException {
        Path file = exportedLog();
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.add(lines.get(1));
        Files.write(file, lines, StandardCharsets.UTF_8);
        assertThat(report(file)).isEqualTo(2);
        assertThat(err.toString().strip()).matches(java.util.regex.Pattern.quote(file.toString())
            + ": line " + lines.size()
            + ", field 'position': must be greater than the previous event's \\(\\d+\\); was \\d+");

        err.getBuffer().setLength(0);
        Files.write(file, new byte[] {'{', (byte) 0x82, (byte) 0xa0, '}', '\n'});
        assertThat(report(file)).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(file + ": line 1: not valid UTF-8 (a Shift_JIS or other legacy encoding?);"
            + " save the file as UTF-8" + System.lineSeparator());
    }

    private int run(String... args) throws ReflectiveOperationException {
        CommandLine cli = new CommandLine(MadoguchiCliAccess.root());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void theReportOfADesksStoreEqualsTheReportOfItsExportedLog() throws Exception {
        String url = "h2:" + dir.resolve("shop");
        Path demo = dir.resolve("demo");
        assertThat(run("demo", "--store", url, "--out", demo.toString())).as(err.toString()).isZero();
        assertThat(run("demo", "--store", url, "--out", demo.toString())).as(err.toString()).isZero();
        out.getBuffer().setLength(0);
        ObjectMapper json = new ObjectMapper();
        Path fileCsv = dir.resolve("file.csv");
        Path storeCsv = dir.resolve("store.csv");

        assertThat(report(demo.resolve("events.jsonl"), "--zone", "Asia/Tokyo", "--csv", fileCsv.toString()))
            .as(err.toString()).isZero();
        com.fasterxml.jackson.databind.node.ObjectNode fromFile =
            (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(out.toString());
        out.getBuffer().setLength(0);
        assertThat(run("report", "--store", "jdbc:h2:file:" + dir.resolve("shop"), "--zone", "Asia/Tokyo",
            "--csv", storeCsv.toString())).as(err.toString()).isZero();
        com.fasterxml.jackson.databind.node.ObjectNode fromStore =
            (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(out.toString());

        // two demo days of a Tokyo desk: tickets, replies, surveys and SLA cycles on both
        assertThat(fromStore.at("/tickets/created").asLong()).isEqualTo(18);
        assertThat(fromStore.at("/first_reply/n").asLong()).isPositive();
        assertThat(fromStore.at("/csat/n").asLong()).isPositive();
        assertThat(fromStore.get("sla").size()).isPositive();
        assertThat(fromStore.get("store").asText()).isEqualTo("jdbc:h2:file:" + dir.resolve("shop"));
        fromFile.remove("input");
        fromStore.remove("store");
        assertThat(fromStore).isEqualTo(fromFile);
        assertThat(Files.readAllLines(storeCsv, StandardCharsets.UTF_8))
            .hasSize(3).isEqualTo(Files.readAllLines(fileCsv, StandardCharsets.UTF_8));

        // --from/--to backfill the same period from either source
        out.getBuffer().setLength(0);
        assertThat(report(demo.resolve("events.jsonl"), "--zone", "Asia/Tokyo", "--from", "2026-11-25")).isZero();
        JsonNode dayTwoFile = json.readTree(out.toString());
        out.getBuffer().setLength(0);
        assertThat(run("report", "--store", url, "--zone", "Asia/Tokyo", "--from", "2026-11-25")).isZero();
        JsonNode dayTwoStore = json.readTree(out.toString());
        assertThat(dayTwoStore.at("/tickets/created").asLong()).isEqualTo(9);
        assertThat(dayTwoStore.get("resolution")).isEqualTo(dayTwoFile.get("resolution"));
        assertThat(dayTwoStore.get("csat")).isEqualTo(dayTwoFile.get("csat"));
    }

    @Test
    void aMissingStoreNoSourceOrBothSourcesAreOneLineWithExitTwo() throws Exception {
        Path missing = dir.resolve("nowhere");
        assertThat(run("report", "--store", "h2:" + missing)).isEqualTo(2);
        assertThat(err.toString()).hasLineCount(1).startsWith("--store: cannot open").doesNotContain("Exception");
        assertThat(Files.exists(dir.resolve("nowhere.mv.db"))).isFalse();

        err.getBuffer().setLength(0);
        assertThat(run("report", "--store", "mysql://db/desk")).isEqualTo(2);
        assertThat(err.toString().strip())
            .isEqualTo("--store: 'mysql://db/desk' is neither h2:PATH nor jdbc:postgresql://HOST[:PORT]/DB");

        err.getBuffer().setLength(0);
        assertThat(run("report")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: give either --input EVENTS.jsonl or --store URL");

        err.getBuffer().setLength(0);
        assertThat(run("report", "--input", exportedLog().toString(), "--store", "h2:" + missing)).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: give either --input EVENTS.jsonl or --store URL");
        assertThat(out.toString()).isEmpty();
    }
}
