package io.madoguchi.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.channels.email.MailFormatException;
import io.madoguchi.channels.email.MailLimits;
import io.madoguchi.channels.email.MailParser;
import io.madoguchi.channels.email.ParsedMail;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code madoguchi parse-email FILE.eml}: parses a raw mail as the email channel does (mime4j under the default
 * limits, Japanese charsets, quotes and signature split off) and prints one JSON object with exactly the keys
 * {@code message_id}, {@code in_reply_to}, {@code references}, {@code from}, {@code to}, {@code subject},
 * {@code text} (the new text) and {@code charset}. A file that is not MIME, or passes a limit, prints one line
 * {@code FILE: line N, field 'F': problem} on stderr and exits 2.
 */
@Command(
    name = "parse-email",
    mixinStandardHelpOptions = true,
    description = {"Parses a raw mail (.eml) as the email channel does and prints one JSON object on one line: "
        + "message_id, in_reply_to, references, from, to, subject, text, charset.",
        "Exit codes: 0 parsed, 2 not a MIME mail or over a limit (one line: FILE: line N, field 'F': problem)."})
final class ParseEmailCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.eml", description = "the raw mail")
    private Path file;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        MailLimits limits = MailLimits.DEFAULT;
        byte[] raw;
        try (InputStream in = Files.newInputStream(file)) {
            raw = in.readNBytes(limits.maxBytes() + 1);
        } catch (IOException e) {
            err.println(file + ": line 0, field 'file': cannot be read (" + e.getClass().getSimpleName() + ")");
            err.flush();
            return 2;
        }
        ParsedMail mail;
        try {
            mail = new MailParser(limits).parse(raw);
        } catch (MailFormatException e) {
            err.println(file + ": " + e.describe());
            err.flush();
            return 2;
        }
        ObjectNode json = CliJson.MAPPER.createObjectNode();
        json.put("message_id", mail.messageId());
        json.put("in_reply_to", mail.inReplyTo());
        ArrayNode refs = json.putArray("references");
        mail.references().forEach(refs::add);
        json.put("from", mail.from());
        ArrayNode to = json.putArray("to");
        mail.to().forEach(to::add);
        json.put("subject", mail.subject());
        json.put("text", mail.text());
        json.put("charset", mail.charset());
        CliJson.print(spec.commandLine().getOut(), json);
        return 0;
    }
}
