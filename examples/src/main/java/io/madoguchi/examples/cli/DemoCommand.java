package io.madoguchi.examples.cli;

import io.madoguchi.examples.demo.DemoDay;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code madoguchi demo}: a simulated day at the support desk, printed as a timestamped account and a summary. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Simulates a day at a support desk (in-memory, fixed clock) and prints what happens.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        new DemoDay(out).run();
        out.flush();
        return 0;
    }
}
