package io.madoguchi.examples.cli;

import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.twilio.TwilioAdapter;
import io.madoguchi.channels.webhooks.WebhookVerifier;
import io.madoguchi.core.ValidationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code madoguchi verify-webhook --channel line|slack|twilio|webhooks --secret S [--url URL]
 * [--header "Name: value"]... --body-file FILE}: checks a received webhook's signature over the file's raw bytes and
 * prints {@code valid} (exit 0) or {@code invalid: <reason>} (exit 1); bad usage prints one line and exits 2.
 * Slack's 300 s window and Standard Webhooks' ±5 minutes are measured against this machine's clock. Twilio signs the
 * URL it called, so {@code --url} is required for it; for {@code webhooks} the secret is the endpoint's
 * {@code whsec_…} secret and the headers are {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature}.
 */
@Command(
    name = "verify-webhook",
    mixinStandardHelpOptions = true,
    description = {"Checks a webhook's signature over the raw body file: prints 'valid' or 'invalid: <reason>'.",
        "Exit codes: 0 valid, 1 invalid, 2 bad usage (one line on stderr)."})
final class VerifyWebhookCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--channel", required = true, paramLabel = "CHANNEL",
            description = "line, slack, twilio or webhooks")
    private String channel;

    @Option(names = "--secret", required = true, paramLabel = "S", description = "the channel / signing secret")
    private String secret;

    @Option(names = "--url", paramLabel = "URL",
            description = "the URL the provider called (required for twilio, which signs it)")
    private String url;

    @Option(names = "--header", paramLabel = "\"Name: value\"", description = "a received header; repeat")
    private List<String> headers = new ArrayList<>();

    @Option(names = "--body-file", required = true, paramLabel = "FILE", description = "the raw body as received")
    private Path bodyFile;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String problem = WebhookChannels.problem(channel);
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                problem = problem != null ? problem : "--header: must be \"Name: value\", was '" + h + "'";
                continue;
            }
            parsed.computeIfAbsent(h.substring(0, colon).strip(), k -> new ArrayList<>())
                .add(h.substring(colon + 1).strip());
        }
        if (problem == null && "twilio".equals(channel) && url == null) {
            problem = "--url: twilio signs the URL it called; give that URL";
        }
        if (problem == null && url != null && !url.matches("(?i)https?://[^/?#\\s]+\\S*")) {
            problem = "--url: must be an absolute http or https URL, was '" + url + "'";
        }
        WebhookVerifier webhooks = null;
        if (problem == null && "webhooks".equals(channel)) {
            try {
                webhooks = WebhookVerifier.of(List.of(secret));
            } catch (ValidationException e) {
                problem = "--secret: " + e.violations().get(0).message();
            }
        }
        if (problem == null && !"webhooks".equals(channel)) {
            problem = WebhookChannels.secretProblem(channel, secret);
        }
        byte[] body = null;
        if (problem == null) {
            try {
                body = Files.readAllBytes(bodyFile);
            } catch (IOException e) {
                problem = "--body-file: cannot read '" + bodyFile + "' (" + e.getClass().getSimpleName() + ")";
            }
        }
        if (problem != null) {
            err.println("verify-webhook: " + problem);
            err.flush();
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        try {
            WebhookRequest request = WebhookRequest.of("POST", url != null ? url : "https://localhost/webhook", parsed,
                body, WebhookLimits.DEFAULT);
            if (webhooks != null) {
                webhooks.verify(request, clock.instant());
            } else if ("twilio".equals(channel)) {
                TwilioAdapter.verifySignature(request, request.url(), secret);
            } else {
                ChannelAdapter adapter = WebhookChannels.adapter(channel, secret, clock);
                adapter.verify(request, clock.instant());
            }
            out.println("valid");
            out.flush();
            return 0;
        } catch (WebhookRejectedException e) {
            out.println("invalid: " + e.getMessage());
            out.flush();
            return 1;
        }
    }
}
