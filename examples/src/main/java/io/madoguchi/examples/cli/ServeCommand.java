package io.madoguchi.examples.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.store.jdbc.JdbcSchema;
import io.madoguchi.examples.demo.DemoDay;
import io.madoguchi.examples.serve.ServeApp;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
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
        + "web chat widget on a sample page, the agent inbox behind a login, the LINE and Slack webhooks, with the "
        + "bot, SLA and surveys; the desk is kept in an H2 file under ./madoguchi-data unless --store says otherwise.")
public final class ServeCommand implements Callable<Integer> {

    /** The default store: an H2 file in the working directory. */
    static final String DEFAULT_STORE = "h2:./madoguchi-data/desk";
    private static final Pattern AGENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

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
        String store = options.store != null ? options.store : DEFAULT_STORE;
        Map<String, String> env = System.getenv();
        HikariDataSource ds;
        try {
            ds = StoreOption.open(store, options.dbUser, env);
            JdbcSchema.migrate(ds);
        } catch (StoreOption.BadStore | StoreException e) {
            return StoreOption.fail(err, store, e);
        }
        DemoDay.Stores stores = DemoDay.Stores.jdbc(ds, Clock.systemUTC());
        byte[] chatSecret = secret(env.get("MADOGUCHI_CHAT_SECRET"), random);
        ServeApp app;
        try {
            app = ServeApp.start(new ServeApp.Options(port, stores, logins, chatSecret,
                orRandom(env.get("MADOGUCHI_LINE_SECRET"), random), orRandom(env.get("MADOGUCHI_LINE_TOKEN"), random),
                orRandom(env.get("MADOGUCHI_SLACK_SECRET"), random),
                orRandom(env.get("MADOGUCHI_SLACK_TOKEN"), random)));
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
        out.println("LINE and Slack webhooks verify with MADOGUCHI_LINE_SECRET / MADOGUCHI_SLACK_SECRET (a random "
            + "secret when unset: every call refused); stop with Ctrl-C");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static byte[] secret(@Nullable String configured, SecureRandom random) {
        if (configured != null && configured.length() >= 32) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }

    private static String orRandom(@Nullable String configured, SecureRandom random) {
        return configured != null && !configured.isBlank() ? configured : token(random, 24);
    }

    private static String token(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
