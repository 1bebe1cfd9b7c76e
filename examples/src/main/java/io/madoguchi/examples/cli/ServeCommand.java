package io.madoguchi.examples.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.channels.email.MailTransport;
import io.madoguchi.channels.email.MailgunTransport;
import io.madoguchi.channels.email.SendGridInbound;
import io.madoguchi.channels.email.SendGridTransport;
import io.madoguchi.channels.email.SmtpTransport;
import io.madoguchi.channels.outbox.jdbc.JdbcOutboxStore;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.store.jdbc.JdbcSchema;
import io.madoguchi.examples.demo.DemoDay;
import io.madoguchi.examples.serve.ServeApp;
import io.madoguchi.examples.serve.ServeProviders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code madoguchi serve}: the desk running on an embedded HTTP server (the JDK's {@code com.sun.net.httpserver}:
 * no further dependency, and enough for a sample host). Stops cleanly on SIGTERM or Ctrl-C.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Runs the shop's support desk on an embedded HTTP server until stopped (SIGTERM or Ctrl-C): the "
        + "web chat widget on a sample page, the agent inbox behind a login, the survey page, and the webhooks of "
        + "LINE, Slack, Twilio (SMS and voice), SendGrid Inbound Parse and Mailgun routes for each provider whose "
        + "secrets are set in the environment, with the bot, SLA and surveys; the desk and its outbox are kept in an "
        + "H2 file under ./madoguchi-data unless --store says otherwise.",
    footer = {"", "Secrets come from the environment only (flags show in the process list), never printed:",
        "  MADOGUCHI_CHAT_SECRET (32+ characters, a shorter one is refused; random per run when unset: visitor and "
            + "survey links end with it)",
        "  MADOGUCHI_LINE_SECRET, MADOGUCHI_LINE_TOKEN            /webhooks/line",
        "  MADOGUCHI_SLACK_SECRET, MADOGUCHI_SLACK_TOKEN          /webhooks/slack",
        "  MADOGUCHI_TWILIO_ACCOUNT_SID, MADOGUCHI_TWILIO_AUTH_TOKEN with --twilio-from   /webhooks/twilio",
        "  MADOGUCHI_SENDGRID_PARSE_KEY (the Parse security policy's public key)   /webhooks/email/sendgrid",
        "  MADOGUCHI_MAILGUN_SIGNING_KEY                          /webhooks/email/mailgun/mime",
        "  replies to mail: MADOGUCHI_MAILGUN_API_KEY with --mailgun-domain, or MADOGUCHI_SENDGRID_API_KEY, or --smtp "
            + "with MADOGUCHI_SMTP_USER / MADOGUCHI_SMTP_PASSWORD",
        "A webhook whose secrets are not set is not served: it answers 404 saying so, and its URL is not printed."})
public final class ServeCommand implements Callable<Integer> {

    /** The default store: an H2 file in the working directory. */
    static final String DEFAULT_STORE = "h2:./madoguchi-data/desk";
    private static final Pattern AGENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** The longest --survey-delay: a year. Longer is a typo, and far longer overflows the survey's due time. */
    static final long MAX_SURVEY_DELAY_MINUTES = 365L * 24 * 60;
    /** The environment variable of the web chat secret visitor and survey tokens are derived from. */
    static final String CHAT_SECRET = "MADOGUCHI_CHAT_SECRET";
    /** The shortest web chat secret taken; a shorter one is refused, never replaced behind the user's back. */
    static final int MIN_CHAT_SECRET_CHARS = 32;

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions options;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
        description = "Port on localhost; 0 takes any free port (default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--agent", paramLabel = "ID=PASSWORD",
        description = "An agent who may sign in to the inbox (repeatable). Without one, agent 'demo' gets a random "
            + "password printed at start.")
    private List<String> agents = List.of();

    @Option(names = "--public-url", paramLabel = "URL",
        description = "The public base URL providers call (a tunnel or proxy), for Twilio's signatures and the survey "
            + "links; default http://localhost:PORT.")
    private String publicUrl;

    @Option(names = "--twilio-from", paramLabel = "NUMBER",
        description = "The Twilio number SMS replies and surveys come from (E.164, e.g. +815012345678).")
    private String twilioFrom;

    @Option(names = "--support-address", paramLabel = "ADDRESS", defaultValue = "support@shop.example.jp",
        description = "The address customers write to; replies come from it with the ticket's plus token "
            + "(default ${DEFAULT-VALUE}).")
    private String supportAddress;

    @Option(names = "--mailgun-domain", paramLabel = "DOMAIN",
        description = "The Mailgun sending domain for replies (with MADOGUCHI_MAILGUN_API_KEY).")
    private String mailgunDomain;

    @Option(names = "--mailgun-region", paramLabel = "us|eu", defaultValue = "us",
        description = "The Mailgun account's region: us (api.mailgun.net) or eu (api.eu.mailgun.net).")
    private String mailgunRegion;

    @Option(names = "--smtp", paramLabel = "HOST:PORT",
        description = "An SMTP server for replies (STARTTLS when offered), when no mail API key is set.")
    private String smtp;

    @Option(names = "--survey-delay", paramLabel = "MINUTES", defaultValue = "60",
        description = "Minutes after a solve before the survey goes out on the ticket's channel "
            + "(default ${DEFAULT-VALUE}).")
    private long surveyDelayMinutes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> logins = new LinkedHashMap<>();
        for (String a : agents) {
            int eq = a.indexOf('=');
            String id = eq < 0 ? a : a.substring(0, eq);
            if (eq < 0 || !AGENT_ID.matcher(id).matches() || a.length() - eq - 1 < 8) {
                err.println("--agent: '" + id + "' must be ID=PASSWORD, the id lower-case letters, digits, . _ -, "
                    + "the password at least 8 characters");
                err.flush();
                return 2;
            }
            logins.put(id, a.substring(eq + 1));
        }
        SecureRandom random = new SecureRandom();
        String demoPassword = null;
        if (logins.isEmpty()) {
            demoPassword = token(random, 12);
            logins.put("demo", demoPassword);
        }
        if (port < 0 || port > 65_535) {
            err.println("--port: must be 0 to 65535, was " + port);
            err.flush();
            return 2;
        }
        if (surveyDelayMinutes < 0 || surveyDelayMinutes > MAX_SURVEY_DELAY_MINUTES) {
            err.println("--survey-delay: must be 0 to " + MAX_SURVEY_DELAY_MINUTES + " minutes (365 days), was "
                + surveyDelayMinutes);
            err.flush();
            return 2;
        }
        if (publicUrl != null && !isHttpUrl(publicUrl)) {
            err.println("--public-url: must be an absolute http or https URL such as https://desk.example.jp, was '"
                + publicUrl + "'");
            err.flush();
            return 2;
        }
        if (!isMailAddress(supportAddress)) {
            err.println("--support-address: must be a mail address such as support@shop.example.jp, was '"
                + supportAddress + "'");
            err.flush();
            return 2;
        }
        Map<String, String> env = System.getenv();
        String configuredChatSecret = env.get(CHAT_SECRET);
        if (configuredChatSecret != null && !configuredChatSecret.isBlank()
            && configuredChatSecret.codePointCount(0, configuredChatSecret.length()) < MIN_CHAT_SECRET_CHARS) {
            // never the value itself: the error may end up in a log
            err.println(CHAT_SECRET + ": must be at least " + MIN_CHAT_SECRET_CHARS + " characters; leave it unset "
                + "for a random one per run");
            err.flush();
            return 2;
        }
        ServeProviders providers;
        try {
            providers = providers(env);
        } catch (ValidationException e) {
            err.println(e.violations().get(0).field() + ": " + e.violations().get(0).message());
            err.flush();
            return 2;
        }
        String store = options.store != null ? options.store : DEFAULT_STORE;
        HikariDataSource ds;
        try {
            ds = StoreOption.open(store, options.dbUser, env);
            JdbcSchema.migrate(ds);
            JdbcOutboxStore.migrate(ds);
        } catch (StoreOption.BadStore | StoreException e) {
            return StoreOption.fail(err, store, e);
        }
        DemoDay.Stores stores = DemoDay.Stores.jdbc(ds, Clock.systemUTC());
        byte[] chatSecret = secret(configuredChatSecret, random);
        ServeApp app;
        try {
            app = ServeApp.start(new ServeApp.Options(port, stores, new JdbcOutboxStore(ds), logins, chatSecret,
                providers, Clock.systemUTC(), Duration.ofMinutes(surveyDelayMinutes), Duration.ofSeconds(10)));
        } catch (ValidationException e) {
            ds.close();
            err.println(e.violations().get(0).field() + ": " + e.violations().get(0).message());
            err.flush();
            return 2;
        } catch (IOException e) {
            ds.close();
            err.println("--port: cannot listen on " + port + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            app.close();
            ds.close();
            out.println("madoguchi serve: stopped");
            out.flush();
            stopped.countDown();
        }, "madoguchi-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("madoguchi serve: the desk is in " + StoreOption.redacted(store) + "; serving:");
        app.urls().forEach(out::println);
        if (demoPassword != null) {
            out.println("inbox sign-in: agent 'demo', password " + demoPassword + " (made for this run; set agents "
                + "with --agent ID=PASSWORD)");
        }
        if (!app.unconfiguredWebhooks().isEmpty()) {
            out.println("not served (their secrets are not set; see --help): " + String.join(", ",
                app.unconfiguredWebhooks().stream().map(w -> "/webhooks/" + w).toList()));
        }
        out.println("stop with Ctrl-C");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The providers whose secrets the environment sets; a malformed one is a ValidationException naming it. */
    private ServeProviders providers(Map<String, String> env) {
        ServeProviders.Builder b = ServeProviders.builder()
            .line(env.get("MADOGUCHI_LINE_SECRET"), env.get("MADOGUCHI_LINE_TOKEN"))
            .slack(env.get("MADOGUCHI_SLACK_SECRET"), env.get("MADOGUCHI_SLACK_TOKEN"))
            .twilio(env.get("MADOGUCHI_TWILIO_ACCOUNT_SID"), env.get("MADOGUCHI_TWILIO_AUTH_TOKEN"), twilioFrom)
            .sendGridInbound(env.get("MADOGUCHI_SENDGRID_PARSE_KEY"))
            .mailgunInbound(env.get("MADOGUCHI_MAILGUN_SIGNING_KEY"))
            .publicBaseUrl(publicUrl).supportAddress(supportAddress);
        if (env.get("MADOGUCHI_TWILIO_ACCOUNT_SID") != null && twilioFrom == null) {
            throw ValidationException.of("--twilio-from", "is needed with MADOGUCHI_TWILIO_ACCOUNT_SID (the number "
                + "replies come from)");
        }
        String parseKey = env.get("MADOGUCHI_SENDGRID_PARSE_KEY");
        if (parseKey != null && !parseKey.isBlank()) {
            try {
                SendGridInbound.withPublicKey(parseKey);
            } catch (ValidationException e) {
                throw ValidationException.of("MADOGUCHI_SENDGRID_PARSE_KEY", "must be the Parse security policy's "
                    + "public key (Base64 of an EC public key)");
            }
        }
        if (!mailgunRegion.equals("us") && !mailgunRegion.equals("eu")) {
            throw ValidationException.of("--mailgun-region", "must be us or eu, was '" + mailgunRegion + "'");
        }
        return b.mailTransport(mailTransport(env)).build();
    }

    private @Nullable MailTransport mailTransport(Map<String, String> env) {
        Clock clock = Clock.systemUTC();
        String mailgunKey = env.get("MADOGUCHI_MAILGUN_API_KEY");
        if (mailgunKey != null && !mailgunKey.isBlank()) {
            if (mailgunDomain == null) {
                throw ValidationException.of("--mailgun-domain", "is needed with MADOGUCHI_MAILGUN_API_KEY");
            }
            return MailgunTransport.of(mailgunKey, mailgunDomain,
                mailgunRegion.equals("eu") ? MailgunTransport.EU : MailgunTransport.US, null, clock);
        }
        String sendGridKey = env.get("MADOGUCHI_SENDGRID_API_KEY");
        if (sendGridKey != null && !sendGridKey.isBlank()) {
            return SendGridTransport.of(sendGridKey, "https://api.sendgrid.com", null, clock);
        }
        if (smtp != null) {
            int colon = smtp.lastIndexOf(':');
            int smtpPort;
            try {
                smtpPort = colon < 0 ? -1 : Integer.parseInt(smtp.substring(colon + 1));
            } catch (NumberFormatException e) {
                smtpPort = -1;
            }
            if (colon <= 0 || smtpPort < 1 || smtpPort > 65_535) {
                throw ValidationException.of("--smtp", "must be HOST:PORT, was '" + smtp + "'");
            }
            SmtpTransport.Builder b = SmtpTransport.builder(smtp.substring(0, colon), smtpPort);
            String user = env.get("MADOGUCHI_SMTP_USER");
            if (user != null && !user.isBlank()) {
                b.credentials(user, env.getOrDefault("MADOGUCHI_SMTP_PASSWORD", ""));
            }
            return b.build();
        }
        return null;
    }

    /** @return whether the text is a bare mail address, as the desk takes a customer's (no display name) */
    static boolean isMailAddress(String text) {
        try {
            ChannelIdentity.email(text);
            return true;
        } catch (ValidationException e) {
            return false;
        }
    }

    /** @return whether the text is an absolute http or https URL with a host */
    static boolean isHttpUrl(String text) {
        try {
            java.net.URI u = new java.net.URI(text);
            String scheme = u.getScheme();
            return u.isAbsolute() && u.getHost() != null
                && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** @return the configured web chat secret (checked long enough), or a random one when it is unset or blank */
    private static byte[] secret(@Nullable String configured, SecureRandom random) {
        if (configured != null && !configured.isBlank()) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }

    private static String token(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
