package io.madoguchi.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the tool in-process, as the {@code madoguchi} entry point does, and keeps what it printed. */
record CliTestRun(int exit, String out, String err) {

    static CliTestRun of(String... args) throws ReflectiveOperationException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(MadoguchiCliAccess.root());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliTestRun(exit, out.toString(), err.toString());
    }

    /** @return whether this is the contract's bad input: exit 2, one line on stderr, no stack trace */
    boolean isOneLineBadInput() {
        return exit == 2 && err.lines().count() == 1 && !err.contains("\tat ") && !err.contains("Exception");
    }
}
