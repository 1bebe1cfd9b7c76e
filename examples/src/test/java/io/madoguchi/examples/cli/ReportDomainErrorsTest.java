package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event lines that are well-formed JSON but that the domain refuses are bad input like any other bad line. */
class ReportDomainErrorsTest {

    @TempDir
    Path dir;

    private static final String RULE_FIRED = "{\"schema_version\":1,\"position\":1,\"type\":"
        + "\"automation.TimeRuleFired\",\"tenant\":\"shop\",\"occurred_at\":\"2026-04-01T00:00:00Z\",\"data\":"
        + "{\"ticket\":\"T1\",\"engine\":\"e\",\"rule\":\"r\",\"period_start\":\"2026-04-01T00:00:00Z\"}}";

    private static String escalation(String tag) {
        return "{\"schema_version\":1,\"position\":2,\"type\":\"sla.EscalationRequested\",\"tenant\":\"shop\","
            + "\"occurred_at\":\"2026-04-01T00:00:00Z\",\"data\":{\"ticket\":\"T1\",\"metric\":\"first_reply_time\","
            + "\"policy\":\"p\",\"on\":\"breach\",\"action\":{\"kind\":\"add_tag\",\"tag\":\"" + tag + "\"},"
            + "\"due_at\":\"2026-04-01T00:00:00Z\"}}";
    }

    private CliTestRun report(String... lines) throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return CliTestRun.of("report", "--input", file.toString());
    }

    @Test
    void aValidLogIsReported() throws Exception {
        CliTestRun r = report(RULE_FIRED, escalation("urgent"));
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void aBlankEscalationTagIsOneLineNamingTheField() throws Exception {
        CliTestRun r = report(RULE_FIRED, escalation(""));
        assertThat(r.isOneLineBadInput()).as(r.err()).isTrue();
        assertThat(r.err()).startsWith(dir.resolve("events.jsonl") + ": line 2, field 'data.action.tag': ")
            .contains("must not be blank");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aNegativeMessageCountIsOneLineNamingTheField() throws Exception {
        String created = "{\"schema_version\":1,\"position\":3,\"type\":\"desk.ComplaintChanged\","
            + "\"tenant\":\"shop\",\"occurred_at\":\"2026-04-01T00:00:00Z\",\"data\":{\"principal\":{\"kind\":"
            + "\"system\",\"id\":\"rules\"},\"complaint\":true,\"ticket\":{\"id\":\"T1\",\"requester\":\"c1\","
            + "\"channel\":\"email\",\"created_at\":\"2026-04-01T00:00:00Z\",\"number\":1,\"status\":\"open\","
            + "\"priority\":\"normal\",\"type\":\"question\",\"complaint\":true,\"updated_at\":"
            + "\"2026-04-01T00:00:00Z\",\"version\":1,\"message_count\":MC}}}";
        CliTestRun ok = report(RULE_FIRED, created.replace("MC", "1"));
        assertThat(ok.exit()).as(ok.err()).isZero();

        CliTestRun r = report(RULE_FIRED, created.replace("MC", "-5"));
        assertThat(r.isOneLineBadInput()).as(r.err()).isTrue();
        assertThat(r.err()).startsWith(dir.resolve("events.jsonl")
            + ": line 2, field 'data.ticket.message_count': ");
    }
}
