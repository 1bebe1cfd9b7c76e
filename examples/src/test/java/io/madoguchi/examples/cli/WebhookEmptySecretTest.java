package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An empty {@code --secret} is a usage error naming the option, not a stack trace. */
class WebhookEmptySecretTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"line", "slack"})
    void verifyWebhookWithAnEmptySecretIsOneLineNamingTheOption(String channel) throws Exception {
        Path body = Files.writeString(dir.resolve("body.json"), "{\"events\":[]}");
        CliTestRun r = CliTestRun.of("verify-webhook", "--channel", channel, "--secret", "", "--header",
            "x-line-signature: abc", "--body-file", body.toString());
        assertThat(r.isOneLineBadInput()).as(r.err()).isTrue();
        assertThat(r.err()).startsWith("verify-webhook: --secret: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"line", "slack", "twilio"})
    void ingestWithAnEmptySecretIsOneLineNamingTheOption(String channel) throws Exception {
        Path body = Files.writeString(dir.resolve("body.json"), "{\"events\":[]}");
        CliTestRun r = CliTestRun.of("ingest", "--channel", channel, "--secret", "", body.toString());
        assertThat(r.isOneLineBadInput()).as(r.err()).isTrue();
        assertThat(r.err()).startsWith("ingest: --secret: ");
    }
}
