package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code madoguchi serve} as a process: the URLs it prints answer, and SIGTERM stops it through its hook. */
class ServeCommandTest {

    @TempDir
    Path dir;

    private static final Map<String, String> SECRETS = Map.of(
        "MADOGUCHI_LINE_SECRET", "line-secret-value-1", "MADOGUCHI_LINE_TOKEN", "line-token-value-2",
        "MADOGUCHI_SLACK_SECRET", "slack-secret-value-3", "MADOGUCHI_SLACK_TOKEN", "xoxb-slack-token-value-4",
        "MADOGUCHI_TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef",
        "MADOGUCHI_TWILIO_AUTH_TOKEN", "twilio-token-value-5",
        "MADOGUCHI_MAILGUN_SIGNING_KEY", "mailgun-signing-value-6",
        // exactly the 32 characters a web chat secret needs
        "MADOGUCHI_CHAT_SECRET", "chat-secret-value-of-exactly-32c");

    private static String parseKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    }

    @Test
    void everyPrintedUrlAnswersAndSigtermStopsTheServerAndClosesTheStore() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
            MadoguchiCli.class.getName(), "serve", "--port", "0", "--store", "h2:" + dir.resolve("desk"),
            "--agent", "sato=secret-password", "--twilio-from", "+815012345678")
            .redirectError(dir.resolve("err.txt").toFile());
        builder.environment().putAll(SECRETS);
        builder.environment().put("MADOGUCHI_SENDGRID_PARSE_KEY", parseKey());
        Process p = builder.start();
        List<String> lines = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("stop with Ctrl-C")) {
                    break;
                }
            }
            List<String> urls = lines.stream().filter(l -> l.matches("http://localhost:\\d+/.*")).toList();
            assertThat(urls).extracting(u -> u.replaceFirst(":\\d+/", ":PORT/")).containsExactly(
                "http://localhost:PORT/", "http://localhost:PORT/inbox", "http://localhost:PORT/chat/widget.js",
                "http://localhost:PORT/chat/api", "http://localhost:PORT/survey", "http://localhost:PORT/webhooks/line",
                "http://localhost:PORT/webhooks/slack", "http://localhost:PORT/webhooks/twilio",
                "http://localhost:PORT/webhooks/email/sendgrid", "http://localhost:PORT/webhooks/email/mailgun/mime");
            assertThat(lines).noneMatch(l -> l.contains("secret-password"))
                .noneMatch(l -> SECRETS.values().stream().anyMatch(l::contains))
                .noneMatch(l -> l.startsWith("not served"));
            HttpClient http = HttpClient.newHttpClient();
            List<String> answers = new ArrayList<>();
            for (String url : urls) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
                answers.add(r.statusCode() + " " + r.headers().firstValue("Location").orElse(""));
            }
            // the page and the widget are there; the inbox asks for a login; a survey link without a token is
            // refused; the webhooks take only signed POSTs
            assertThat(answers).containsExactly("200 ", "303 /inbox/login", "200 ", "200 ", "403 ", "405 ", "405 ",
                "405 ", "405 ", "405 ");

            // SIGTERM through the handle: Process.destroy would also close our end of its output
            assertThat(p.toHandle().destroy()).isTrue();
            List<String> rest = new ArrayList<>();
            while ((line = out.readLine()) != null) {
                rest.add(line);
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(rest).contains("madoguchi serve: stopped");
            assertThat(dir.resolve("desk.mv.db")).exists();
        } finally {
            p.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 31})
    void aChatSecretShorterThan32CharactersIsRefusedWithoutShowingItAndNothingStarts(int length) throws Exception {
        String secret = "zq7x".repeat(8).substring(0, length);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
            MadoguchiCli.class.getName(), "serve", "--port", "0", "--store", "h2:" + dir.resolve("desk"),
            "--agent", "sato=secret-password")
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("MADOGUCHI_CHAT_SECRET", secret);
        Process p = builder.start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("serve should refuse, not start").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly(
            "MADOGUCHI_CHAT_SECRET: must be at least 32 characters; leave it unset for a random one per run");
        assertThat(err).doesNotContain(secret);
        assertThat(Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8)).isEmpty();
        // nothing was made: no desk, no data directory
        assertThat(dir.resolve("desk.mv.db")).doesNotExist();
        assertThat(dir.resolve("madoguchi-data")).doesNotExist();
    }

    @Test
    void aMalformedAgentOrStoreIsOneLineAndExitCode2() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(MadoguchiCliAccess.root());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("serve", "--agent", "Sato=short")).isEqualTo(2);
        assertThat(cli.execute("serve", "--store", "mysql://nowhere", "--agent", "sato=long-enough")).isEqualTo(2);
        assertThat(cli.execute("serve", "--agent", "sato=long-enough", "--mailgun-region", "asia")).isEqualTo(2);
        assertThat(cli.execute("serve", "--agent", "sato=long-enough", "--smtp", "mail.example.jp")).isEqualTo(2);

        assertThat(err.toString().lines()).containsExactly(
            "--agent: 'Sato' must be ID=PASSWORD, the id lower-case letters, digits, . _ -, the password at least 8 "
                + "characters",
            "--store: 'mysql://nowhere' is neither h2:PATH nor jdbc:postgresql://HOST[:PORT]/DB",
            "--mailgun-region: must be us or eu, was 'asia'",
            "--smtp: must be HOST:PORT, was 'mail.example.jp'");
        assertThat(out.toString()).isEmpty();
    }
}
