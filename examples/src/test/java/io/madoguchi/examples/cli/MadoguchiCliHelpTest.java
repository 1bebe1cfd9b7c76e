package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MadoguchiCliHelpTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine cli() throws ReflectiveOperationException {
        CommandLine cli = new CommandLine(MadoguchiCliAccess.root());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }

    /** The command list of the top-level help: each entry with its wrapped lines joined. */
    private static List<String> commandList(String help) {
        List<String> entries = new ArrayList<>();
        boolean inList = false;
        for (String line : help.lines().toList()) {
            if (line.equals("Commands:")) {
                inList = true;
            } else if (inList && line.startsWith("  ") && !line.startsWith("   ")) {
                entries.add(line.strip());
            } else if (inList && line.startsWith("   ")) {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
            }
        }
        return entries;
    }

    @Test
    void theTopLevelHelpListsEveryCommandWithAWholeSentence() throws Exception {
        assertThat(cli().execute("--help")).isZero();
        List<String> entries = commandList(out.toString());

        assertThat(entries).extracting(e -> e.split("\\s+")[0])
            .containsExactly("help", "holidays", "demo", "feedback-report", "faq-eval", "inspect", "verify-webhook",
                "ingest", "report", "serve", "parse-email");
        assertThat(entries).allSatisfy(e -> assertThat(e).endsWith("."));
        assertThat(entries).filteredOn(e -> e.startsWith("feedback-report")).singleElement().asString()
            .contains("per channel and per agent", "one JSON object on one line.");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void everyCommandsHelpPrintsWithoutWarningsAndEveryParagraphEnds() throws Exception {
        CommandLine root = cli();
        for (Map.Entry<String, CommandLine> sub : root.getSubcommands().entrySet()) {
            out.getBuffer().setLength(0);
            assertThat(root.execute(sub.getKey(), "--help")).as(sub.getKey()).isZero();
            for (String paragraph : sub.getValue().getCommandSpec().usageMessage().description()) {
                assertThat(paragraph.replaceAll("%n$", "")).as(sub.getKey()).endsWith(".");
            }
        }
        // picocli warns on stderr about a description it cannot format (an unescaped % in faq-eval's did)
        assertThat(err.toString()).doesNotContain("WARN");
    }
}
