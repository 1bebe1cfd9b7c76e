package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.agent.Group;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.EventJson;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.Assign;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code madoguchi report --tenant ID}: one tenant's report out of a log that holds several. */
class ReportTenantTest {

    private static final TenantId TOKYO = TenantId.of("tokyo-shop");
    private static final TenantId OSAKA = TenantId.of("osaka-shop");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * Two shops on one desk over two Tokyo days: Tokyo gets three LINE tickets answered by 佐藤, Osaka one e-mail
     * ticket answered by 木村 in its own group, solved on the second day.
     */
    private Path twoTenantLog() throws IOException {
        MutableClock clock = MutableClock.startingAt(Instant.parse("2026-04-01T00:30:00Z"));
        DeskStore store = DeskStore.inMemory(clock);
        SupportDesk desk = SupportDesk.builder().clock(clock).store(store).build();
        Principal sato = Principal.agent(TOKYO, AgentId.of("sato"));
        Principal kimura = Principal.agent(OSAKA, AgentId.of("kimura"));
        Customer ken = desk.createCustomer(desk.system(TOKYO, "channels"),
            new NewCustomer("高橋 健", List.of(ChannelIdentity.line("U-ken")), null, "ja"));
        Customer yui = desk.createCustomer(desk.system(OSAKA, "channels"),
            new NewCustomer("山本 結衣", List.of(ChannelIdentity.email("yui@example.jp")), null, "ja"));
        desk.saveGroup(Principal.admin(OSAKA, AgentId.of("admin")),
            new Group(GroupId.of("大阪返品係"), OSAKA, "大阪 返品係"));
        Ticket osaka = desk.createTicket(Principal.customer(OSAKA, yui.id()),
            CreateTicket.builder(yui.id(), Channel.EMAIL, "返品", "サイズが合いませんでした").build());
        desk.apply(kimura, new Assign(osaka.id(), null, GroupId.of("大阪返品係"), TicketCommand.LATEST));
        List<Ticket> tokyo = new ArrayList<>();
        for (String body : List.of("ログインできません", "ポイントが付きません", "配送状況を知りたい")) {
            clock.advance(Duration.ofMinutes(20));
            tokyo.add(desk.createTicket(Principal.customer(TOKYO, ken.id()),
                CreateTicket.builder(ken.id(), Channel.LINE, "問い合わせ", body).build()));
        }
        for (Ticket t : tokyo) {
            clock.advance(Duration.ofMinutes(10));
            desk.reply(sato, t.id(), "確認いたします。");
            desk.changeStatus(sato, t.id(), TicketStatus.SOLVED);
        }
        clock.advance(Duration.ofHours(3));
        desk.changePriority(kimura, osaka.id(), Priority.HIGH);
        desk.reply(kimura, osaka.id(), "返品を承りました。");
        clock.advance(Duration.ofDays(1));
        desk.changeStatus(kimura, osaka.id(), TicketStatus.SOLVED);
        Path file = dir.resolve("events.jsonl");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            EventJson.export(store.eventLog(), 0, w);
        }
        return file;
    }

    /** The lines of an exported log that belong to one tenant: that tenant's own export, as it were. */
    private Path onlyTenant(Path log, TenantId tenant) throws IOException {
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (EventJson.parse(line, 1).event().tenantId().equals(tenant)) {
                kept.add(line);
            }
        }
        return Files.write(dir.resolve(tenant.value() + ".jsonl"), kept, StandardCharsets.UTF_8);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(ReportTenantTest.class.getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void withoutTenantTheOutputsAreByteForByteWhatTheyWereBefore() throws Exception {
        Path log = twoTenantLog();
        Path csv = dir.resolve("daily.csv");
        Path html = dir.resolve("dashboard.html");

        CliTestRun run = CliTestRun.of("report", "--input", log.toString(), "--zone", "Asia/Tokyo",
            "--csv", csv.toString(), "--html", html.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        // the goldens were written by the report command as it was before --tenant existed
        assertThat(run.out().replace(JSON.writeValueAsString(log.toString()), "\"EVENTS\""))
            .isEqualTo(golden("report-two-tenants.json"));
        assertThat(Files.readString(csv, StandardCharsets.UTF_8)).isEqualTo(golden("report-two-tenants.csv"));
        assertThat(Files.readString(html, StandardCharsets.UTF_8)).isEqualTo(golden("report-two-tenants.html"));
    }

    @Test
    void aTenantsReportHasOnlyThatTenantsNumbers() throws Exception {
        Path log = twoTenantLog();
        Path csv = dir.resolve("osaka.csv");
        Path html = dir.resolve("osaka.html");

        CliTestRun run = CliTestRun.of("report", "--input", log.toString(), "--zone", "Asia/Tokyo",
            "--tenant", "osaka-shop", "--csv", csv.toString(), "--html", html.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode r = JSON.readTree(run.out());
        assertThat(r.get("tenant").asText()).isEqualTo("osaka-shop");
        assertThat(r.get("tenants")).extracting(JsonNode::asText).containsExactly("osaka-shop");
        assertThat(r.at("/tickets/created").asLong()).isEqualTo(1);
        assertThat(r.at("/tickets/solved").asLong()).isEqualTo(1);
        assertThat(r.at("/first_reply/n").asLong()).isEqualTo(1);
        assertThat(r.get("by_channel").fieldNames()).toIterable().containsExactly("email");
        assertThat(r.get("by_group").fieldNames()).toIterable().containsExactly("大阪返品係");
        assertThat(r.get("agent_workload").fieldNames()).toIterable().containsExactly("kimura");
        assertThat(run.out()).doesNotContain("tokyo-shop", "sato", "\"line\"");
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).startsWith("2026-04-01,1,0,");
        assertThat(rows.get(2)).startsWith("2026-04-02,0,1,");
        assertThat(Files.readString(html, StandardCharsets.UTF_8)).contains("osaka-shop").doesNotContain("tokyo-shop");

        // the same report as that of a log holding the tenant's events alone
        Path alone = onlyTenant(log, OSAKA);
        Path aloneCsv = dir.resolve("alone.csv");
        CliTestRun own = CliTestRun.of("report", "--input", alone.toString(), "--zone", "Asia/Tokyo",
            "--csv", aloneCsv.toString());
        ObjectNode mine = (ObjectNode) JSON.readTree(own.out());
        ObjectNode theirs = (ObjectNode) r;
        mine.remove("input");
        theirs.remove(List.of("input", "tenant"));
        assertThat(theirs).isEqualTo(mine);
        assertThat(rows).isEqualTo(Files.readAllLines(aloneCsv, StandardCharsets.UTF_8));
    }

    @Test
    void theOtherTenantsReportHasItsOwnNumbers() throws Exception {
        Path log = twoTenantLog();
        CliTestRun run = CliTestRun.of("report", "--input", log.toString(), "--zone", "Asia/Tokyo",
            "--tenant", "tokyo-shop");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode r = JSON.readTree(run.out());
        assertThat(r.at("/tickets/created").asLong()).isEqualTo(3);
        assertThat(r.at("/tickets/solved").asLong()).isEqualTo(3);
        assertThat(r.get("by_channel").fieldNames()).toIterable().containsExactly("line");
        assertThat(r.get("by_group").size()).isZero();
        assertThat(r.get("agent_workload").fieldNames()).toIterable().containsExactly("sato");
        assertThat(run.out()).doesNotContain("osaka-shop", "kimura", "大阪返品係");
    }

    @Test
    void aWellFormedTenantWithoutEventsGetsAnEmptyReportAndANote() throws Exception {
        Path log = twoTenantLog();
        Path csv = dir.resolve("nagoya.csv");

        CliTestRun run = CliTestRun.of("report", "--input", log.toString(), "--tenant", "名古屋店",
            "--csv", csv.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode r = JSON.readTree(run.out());
        assertThat(r.get("tenant").asText()).isEqualTo("名古屋店");
        assertThat(r.get("tenants").size()).isZero();
        assertThat(r.get("events").asLong()).isZero();
        assertThat(r.at("/tickets/created").asLong()).isZero();
        assertThat(r.at("/first_reply/n").asLong()).isZero();
        assertThat(r.get("by_channel").size()).isZero();
        assertThat(Files.readAllLines(csv, StandardCharsets.UTF_8)).hasSize(1);
        assertThat(run.err().lines().toList())
            .containsExactly("note: tenant '名古屋店' has no events in " + log + "; the report is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "osaka\u0007shop", "osaka\nshop"})
    void aTenantIdThatCannotBeOneIsOneLineWithExitTwoAndWritesNothing(String id) throws Exception {
        Path log = twoTenantLog();
        Path csv = dir.resolve("bad.csv");

        CliTestRun run = CliTestRun.of("report", "--input", log.toString(), "--tenant", id, "--csv", csv.toString());

        assertThat(run.isOneLineBadInput()).as(run.err()).isTrue();
        assertThat(run.err().strip()).isIn("error: --tenant must not be blank",
            "error: --tenant must not contain control characters");
        assertThat(run.out()).isEmpty();
        assertThat(csv).doesNotExist();
    }

    @Test
    void aTenantIdLongerThanAnyIsRefusedSayingSo() throws Exception {
        CliTestRun run = CliTestRun.of("report", "--input", twoTenantLog().toString(), "--tenant", "店".repeat(129));

        assertThat(run.isOneLineBadInput()).as(run.err()).isTrue();
        assertThat(run.err().strip()).isEqualTo("error: --tenant must be at most 128 characters, was 129");
    }

    @Test
    void theUsageNamesTheOption() throws Exception {
        CliTestRun run = CliTestRun.of("report", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--tenant=ID");
    }

    @Test
    void aTenantsReportOfADesksStoreEqualsTheTenantsReportOfItsExportedLog() throws Exception {
        String url = "h2:" + dir.resolve("shop");
        Path demo = dir.resolve("demo");
        CliTestRun made = CliTestRun.of("demo", "--store", url, "--out", demo.toString());
        assertThat(made.exit()).as(made.err()).isZero();

        CliTestRun fromStore = CliTestRun.of("report", "--store", url, "--zone", "Asia/Tokyo",
            "--tenant", "madoguchi-shop");
        CliTestRun fromFile = CliTestRun.of("report", "--input", demo.resolve("events.jsonl").toString(),
            "--zone", "Asia/Tokyo", "--tenant", "madoguchi-shop");

        assertThat(fromStore.exit()).as(fromStore.err()).isZero();
        ObjectNode store = (ObjectNode) JSON.readTree(fromStore.out());
        ObjectNode file = (ObjectNode) JSON.readTree(fromFile.out());
        assertThat(store.at("/tickets/created").asLong()).isPositive();
        assertThat(store.get("tenant").asText()).isEqualTo("madoguchi-shop");
        store.remove("store");
        file.remove("input");
        assertThat(store).isEqualTo(file);

        CliTestRun other = CliTestRun.of("report", "--store", url, "--tenant", "osaka-shop");
        assertThat(other.exit()).as(other.err()).isZero();
        assertThat(JSON.readTree(other.out()).at("/tickets/created").asLong()).isZero();
        assertThat(other.err().strip()).isEqualTo("note: tenant 'osaka-shop' has no events in " + url
            + "; the report is empty");
    }
}
