package io.madoguchi.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code madoguchi} command-line tool: the demo host application and the evaluation commands.
 *
 * <p>Each subcommand is its own class registered in {@link Command#subcommands()} below.
 */
@Command(
    name = "madoguchi",
    mixinStandardHelpOptions = true,
    version = "madoguchi 0.1.0-SNAPSHOT",
    description = "Madoguchi (窓口): an embeddable customer-support desk. Demo and evaluation tools.",
    subcommands = {
        CommandLine.HelpCommand.class,
        HolidaysCommand.class,
        DemoCommand.class,
        FeedbackReportCommand.class,
        FaqEvalCommand.class,
        InspectCommand.class,
        VerifyWebhookCommand.class,
        IngestCommand.class,
        ReportCommand.class,
        ServeCommand.class,
        ParseEmailCommand.class,
    })
public final class MadoguchiCli {

    private MadoguchiCli() {
    }

    /**
     * Runs the tool and exits with its exit code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the tool without exiting the JVM, for tests and embedding.
     *
     * @param args command-line arguments
     * @return the exit code: 0 on success, 2 on a usage error, 1 on failure
     */
    public static int run(String... args) {
        // Hibernate Validator logs through JBoss Logging; send it to SLF4J like everything else.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        CommandLine cli = new CommandLine(new MadoguchiCli());
        cli.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(System.out,
                java.nio.charset.StandardCharsets.UTF_8), true));
        cli.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(System.err,
                java.nio.charset.StandardCharsets.UTF_8), true));
        // a usage error is one line (what is wrong and where to look), not the whole help text
        cli.setParameterExceptionHandler((e, rest) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(failed.getCommandName() + ": " + e.getMessage() + " (see "
                + failed.getCommandSpec().qualifiedName() + " --help)");
            failed.getErr().flush();
            return 2;
        });
        return cli.execute(args);
    }
}
