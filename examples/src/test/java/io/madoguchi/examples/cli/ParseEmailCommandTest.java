package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ParseEmailCommandTest {

    private static final Charset JIS = Charset.forName("x-windows-iso2022jp");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Path file) throws ReflectiveOperationException {
        CommandLine cli = new CommandLine(MadoguchiCliAccess.root());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute("parse-email", file.toString());
    }

    private static String word(String text) {
        return "=?ISO-2022-JP?B?" + Base64.getEncoder().encodeToString(text.getBytes(JIS)) + "?=";
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void printsOneJsonObjectWithExactlyTheContractKeys() throws Exception {
        String headers = "From: " + word("山田 太郎") + " <taro@example.jp>\r\nTo: support@desk.example.jp, "
            + "sales@desk.example.jp\r\nSubject: " + word("①番の注文について") + "\r\nMessage-ID: <m3@example.jp>\r\n"
            + "In-Reply-To: <m2@example.jp>\r\nReferences: <m1@example.jp> <m2@example.jp>\r\n"
            + "Content-Type: text/plain; charset=ISO-2022-JP\r\n\r\n";
        byte[] body = "㈱山田商会です。10時～12時に届けてください。\r\n\r\n> 前回のメール\r\n".getBytes(JIS);
        byte[] raw = new byte[headers.length() + body.length];
        System.arraycopy(headers.getBytes(StandardCharsets.US_ASCII), 0, raw, 0, headers.length());
        System.arraycopy(body, 0, raw, headers.length(), body.length);
        Path eml = write("reply.eml", raw);

        int exit = run(eml);

        List<String> lines = out.toString().lines().toList();
        assertThat(exit).isZero();
        assertThat(lines).hasSize(1);
        JsonNode json = CliJson.MAPPER.readTree(lines.get(0));
        assertThat(json.fieldNames()).toIterable().containsExactly("message_id", "in_reply_to", "references",
            "from", "to", "subject", "text", "charset");
        assertThat(json.get("message_id").asText()).isEqualTo("m3@example.jp");
        assertThat(json.get("in_reply_to").asText()).isEqualTo("m2@example.jp");
        assertThat(json.get("references")).extracting(JsonNode::asText).containsExactly("m1@example.jp",
            "m2@example.jp");
        assertThat(json.get("from").asText()).isEqualTo("taro@example.jp");
        assertThat(json.get("to")).extracting(JsonNode::asText).containsExactly("support@desk.example.jp",
            "sales@desk.example.jp");
        assertThat(json.get("subject").asText()).isEqualTo("①番の注文について");
        assertThat(json.get("text").asText()).isEqualTo("㈱山田商会です。10時～12時に届けてください。");
        assertThat(json.get("charset").asText()).isEqualTo("iso-2022-jp");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aFileThatIsNotMimeExits2WithOneLine() throws Exception {
        Path notMail = write("notes.txt", "買い物リスト\n牛乳\n".getBytes(StandardCharsets.UTF_8));

        int exit = run(notMail);

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList()).containsExactly(notMail
            + ": line 1, field 'header': is not a header field ('Name: value'): this is not a MIME mail");
    }

    @Test
    void aMailWithoutSenderNamesTheFieldAndTheLine() throws Exception {
        Path eml = write("nofrom.eml", "To: a@example.jp\r\nSubject: x\r\n\r\n本文\r\n"
            .getBytes(StandardCharsets.UTF_8));

        int exit = run(eml);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().toList())
            .containsExactly(eml + ": line 3, field 'From': is missing from the header");
    }

    @Test
    void aMissingFileExits2WithOneLine() throws Exception {
        Path missing = dir.resolve("none.eml");

        int exit = run(missing);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().toList()).singleElement().asString()
            .startsWith(missing + ": line 0, field 'file': cannot be read");
    }
}
