package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.madoguchi.channels.line.LineAdapter;
import io.madoguchi.channels.slack.SlackAdapter;
import io.madoguchi.channels.webhooks.StandardWebhooks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookCommandsTest {

    private static final String SECRET = "line-channel-secret-0123456789ab";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @TempDir
    Path dir;

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

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<String> stderrLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static String lineEvent(String id, String user, String text) {
        return "{\"type\":\"message\",\"mode\":\"active\",\"timestamp\":1764464400000,"
            + "\"source\":{\"type\":\"user\",\"userId\":\"" + user + "\"},\"webhookEventId\":\"" + id + "\","
            + "\"deliveryContext\":{\"isRedelivery\":false},\"replyToken\":\"r-" + id + "\","
            + "\"message\":{\"id\":\"m-" + id + "\",\"type\":\"text\",\"quoteToken\":\"q\",\"text\":\"" + text + "\"}}";
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void aGenuineLineSignatureIsValid() throws Exception {
        String body = "{\"destination\":\"U1\",\"events\":[" + lineEvent("01A", "U1", "こんにちは") + "]}";
        Path f = file("line.json", body);
        String sig = LineAdapter.sign(body.getBytes(StandardCharsets.UTF_8), SECRET);

        int exit = MadoguchiCli.run("verify-webhook", "--channel", "line", "--secret", SECRET,
            "--header", "x-line-signature: " + sig, "--body-file", f.toString());

        assertThat(exit).isZero();
        assertThat(stdout().strip()).isEqualTo("valid");
    }

    @Test
    void anAlteredBodyIsInvalidWithTheReason() throws Exception {
        String body = "{\"destination\":\"U1\",\"events\":[]}";
        String sig = LineAdapter.sign(body.getBytes(StandardCharsets.UTF_8), SECRET);
        Path f = file("altered.json", body.replace("U1", "U2"));

        int exit = MadoguchiCli.run("verify-webhook", "--channel", "line", "--secret", SECRET,
            "--header", "x-line-signature: " + sig, "--body-file", f.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(stdout().strip()).isEqualTo("invalid: field 'x-line-signature': does not match the body");
    }

    @Test
    void aSlackSignatureOutsideTheWindowIsInvalid() throws Exception {
        String body = "{\"type\":\"event_callback\"}";
        String ts = Long.toString(Instant.now().getEpochSecond() - 3_600);
        Path f = file("slack.json", body);

        int exit = MadoguchiCli.run("verify-webhook", "--channel", "slack", "--secret", "s3cr3t",
            "--header", "X-Slack-Request-Timestamp: " + ts,
            "--header", "X-Slack-Signature: " + SlackAdapter.sign(body.getBytes(StandardCharsets.UTF_8), ts, "s3cr3t"),
            "--body-file", f.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(stdout()).startsWith("invalid: ").contains("300 s");
    }

    @Test
    void anUnknownChannelIsBadUsageOnOneLine() throws Exception {
        Path f = file("x.json", "{}");

        int exit = MadoguchiCli.run("verify-webhook", "--channel", "fax", "--secret", "s", "--body-file",
            f.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stderrLines()).singleElement().satisfies(l -> assertThat(l).contains("--channel"));
        assertThat(stdout()).isEmpty();
    }

    @Test
    void ingestCountsRedeliveriesAsDuplicatesAndStoresEachMessageOnce() throws Exception {
        Path a = file("a.json", "{\"destination\":\"U1\",\"events\":[" + lineEvent("01A", "Ualice", "返品したい")
            + "," + lineEvent("01B", "Ualice", "注文番号は 1234 です") + "]}");
        Path b = file("b.json", "{\"destination\":\"U1\",\"events\":[" + lineEvent("01C", "Ubob", "届きません") + "]}");
        Path broken = file("broken.json", "{\"events\": [");

        int exit = MadoguchiCli.run("ingest", "--channel", "line", "--secret", SECRET, "--repeat", "3",
            a.toString(), b.toString(), broken.toString());

        assertThat(exit).isZero();
        JsonNode counts = new ObjectMapper().readTree(stdout());
        assertThat(counts.size()).isEqualTo(5);
        assertThat(counts.get("events").asInt()).isEqualTo(9);
        assertThat(counts.get("tickets").asInt()).isEqualTo(2);
        assertThat(counts.get("messages").asInt()).isEqualTo(3);
        assertThat(counts.get("duplicates_ignored").asInt()).isEqualTo(6);
        assertThat(counts.get("rejected").asInt()).isEqualTo(3);
        assertThat(stdout().lines().count()).isEqualTo(1);
    }

    @Test
    void ingestWithoutASecretIsBadUsageOnOneLine() throws Exception {
        Path a = file("a.json", "{}");

        int exit = MadoguchiCli.run("ingest", "--channel", "line", a.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stderrLines()).hasSize(1);
        assertThat(stderrLines().get(0)).contains("--secret");
    }

    @Test
    void ingestWithAStoreUrlIsRefusedUntilStoresByUrlExist() throws Exception {
        Path a = file("a.json", "{}");

        int exit = MadoguchiCli.run("ingest", "--channel", "line", "--secret", SECRET, "--store",
            "jdbc:h2:mem:x", a.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stderrLines()).singleElement().satisfies(l -> assertThat(l).startsWith("ingest: --store"));
    }

    // ------------------------------------------------------------------ twilio and Standard Webhooks

    /** Twilio's documented example: auth token 12345. */
    private static final String TWILIO_BODY = "CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234"
        + "&From=%2B12349013030&To=%2B18005551212";
    private static final String TWILIO_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void aGenuineTwilioSignatureOverTheGivenUrlIsValid() throws Exception {
        Path f = file("twilio.form", TWILIO_BODY);

        int exit = MadoguchiCli.run("verify-webhook", "--channel", "twilio", "--secret", "12345", "--url", TWILIO_URL,
            "--header", "X-Twilio-Signature: 0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "--body-file", f.toString());

        assertThat(exit).isZero();
        assertThat(stdout().strip()).isEqualTo("valid");
    }

    @Test
    void aTwilioSignatureForAnotherUrlIsInvalidWithTheReason() throws Exception {
        Path f = file("twilio.form", TWILIO_BODY);

        int exit = MadoguchiCli.run("verify-webhook", "--channel", "twilio", "--secret", "12345", "--url",
            "https://mycompany.com/myapp.php?foo=1&bar=3",
            "--header", "X-Twilio-Signature: 0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
            "--body-file", f.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(stdout().strip())
            .isEqualTo("invalid: field 'X-Twilio-Signature': does not match the URL and parameters");
    }

    @Test
    void twilioWithoutAUrlIsBadUsageOnOneLine() throws Exception {
        Path f = file("twilio.form", TWILIO_BODY);

        int exit = MadoguchiCli.run("verify-webhook", "--channel", "twilio", "--secret", "12345",
            "--header", "X-Twilio-Signature: 0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "--body-file", f.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stderrLines()).singleElement().satisfies(l -> assertThat(l).startsWith("verify-webhook: --url"));
        assertThat(stdout()).isEmpty();
    }

    @Test
    void aFreshStandardWebhookIsValidAndAStaleOneInvalid() throws Exception {
        String body = "{\"type\":\"desk.TicketCreated\",\"data\":{\"ticket_id\":\"T1\"}}";
        Path f = file("hook.json", body);
        long now = Instant.now().getEpochSecond();
        String fresh = StandardWebhooks.signatureHeader(List.of(WHSEC), "msg_1", now,
            body.getBytes(StandardCharsets.UTF_8));

        int valid = MadoguchiCli.run("verify-webhook", "--channel", "webhooks", "--secret", WHSEC,
            "--header", "webhook-id: msg_1", "--header", "webhook-timestamp: " + now,
            "--header", "webhook-signature: " + fresh, "--body-file", f.toString());
        String stale = StandardWebhooks.signatureHeader(List.of(WHSEC), "msg_1", now - 600,
            body.getBytes(StandardCharsets.UTF_8));
        int invalid = MadoguchiCli.run("verify-webhook", "--channel", "webhooks", "--secret", WHSEC,
            "--header", "webhook-id: msg_1", "--header", "webhook-timestamp: " + (now - 600),
            "--header", "webhook-signature: " + stale, "--body-file", f.toString());

        assertThat(valid).isZero();
        assertThat(invalid).isEqualTo(1);
        assertThat(stdout().lines().toList()).containsExactly("valid",
            "invalid: field 'webhook-timestamp': is more than 300 s from now (stale, replayed or from the future)");
    }

    @Test
    void aWebhooksSecretWithoutItsPrefixIsBadUsageOnOneLine() throws Exception {
        Path f = file("hook.json", "{}");

        int exit = MadoguchiCli.run("verify-webhook", "--channel", "webhooks", "--secret", "MfKQ9r8GKYqrTwjUPD8I",
            "--header", "webhook-id: msg_1", "--body-file", f.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stderrLines()).containsExactly("verify-webhook: --secret: must start with 'whsec_'");
    }

    @Test
    void ingestSignsTwilioFormsAndCountsRedeliveriesAndRefusals() throws Exception {
        Path a = file("a.form", "MessageSid=SM1&AccountSid=AC0&From=%2B819011112222&To=%2B815012345678"
            + "&Body=%E8%BF%94%E5%93%81%E3%81%97%E3%81%9F%E3%81%84&NumMedia=0");
        Path b = file("b.form", "MessageSid=SM2&AccountSid=AC0&From=%2B819033334444&To=%2B815012345678"
            + "&Body=%E5%B1%8A%E3%81%8D%E3%81%BE%E3%81%9B%E3%82%93&NumMedia=0");
        Path call = file("call.form", "CallSid=CA1&AccountSid=AC0&From=%2B819011112222&To=%2B815012345678"
            + "&CallStatus=ringing&Direction=inbound");
        Path broken = file("broken.form", "MessageSid=SM3&Body=%E3%81");

        int exit = MadoguchiCli.run("ingest", "--channel", "twilio", "--secret", "twilio-auth-token", "--repeat", "2",
            a.toString(), b.toString(), call.toString(), broken.toString());

        assertThat(exit).isZero();
        JsonNode counts = new ObjectMapper().readTree(stdout());
        assertThat(counts.get("events").asInt()).isEqualTo(4);
        assertThat(counts.get("tickets").asInt()).isEqualTo(2);
        assertThat(counts.get("messages").asInt()).isEqualTo(2);
        assertThat(counts.get("duplicates_ignored").asInt()).isEqualTo(2);
        assertThat(counts.get("rejected").asInt()).isEqualTo(2);
    }
}
