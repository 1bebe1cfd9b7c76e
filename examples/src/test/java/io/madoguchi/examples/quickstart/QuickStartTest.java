package io.madoguchi.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class QuickStartTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void quickStartSolvesTheTicket() {
        Ticket solved = QuickStart.run();

        assertThat(solved.status()).isEqualTo(TicketStatus.SOLVED);
        assertThat(solved.subject()).isEqualTo("返品したい");
    }

    @Test
    void readmeShowsTheCompiledQuickStart() throws IOException {
        String source = Files.readString(
            ROOT.resolve("examples/src/main/java/io/madoguchi/examples/quickstart/QuickStart.java"),
            StandardCharsets.UTF_8);
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);

        String code = between(source, "// quickstart:start\n", "        // quickstart:end");
        String unindented = code.lines().map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
            .collect(Collectors.joining("\n"));

        assertThat(readme).contains(unindented);
        // a newcomer copies the imports too
        List<String> imports = source.lines().filter(l -> l.startsWith("import ")).toList();
        assertThat(imports).isNotEmpty();
        assertThat(readme).contains(String.join("\n", imports) + "\n\n" + unindented.lines().findFirst().orElseThrow());
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = text.indexOf(end, from);
        assertThat(from).as("start marker").isNotNegative();
        assertThat(to).as("end marker").isGreaterThan(from);
        return text.substring(from + start.length(), to).stripTrailing();
    }
}
