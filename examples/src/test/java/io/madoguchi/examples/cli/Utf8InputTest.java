package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that reads a file takes a leading UTF-8 byte order mark (as Excel and Notepad write) and names the
 * first line that is not UTF-8.
 */
class Utf8InputTest {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String EVENT = "{\"schema_version\":1,\"position\":1,\"type\":"
        + "\"automation.TimeRuleFired\",\"tenant\":\"shop\",\"occurred_at\":\"2026-04-01T00:00:00Z\",\"data\":"
        + "{\"ticket\":\"T1\",\"engine\":\"e\",\"rule\":\"r\",\"period_start\":\"2026-04-01T00:00:00Z\"}}";
    private static final String FAQ = "{\"id\": \"1\", \"question\": \"住民票の写しを取りたい\", "
        + "\"answer\": \"窓口で取得できます。\"}";
    private static final String QUERY = "{\"qid\": \"a\", \"query\": \"住民票が欲しい\", \"relevant\": [\"1\"]}";

    @TempDir
    Path dir;

    private Path file(String name, String text, Charset charset, boolean bom) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (bom) {
            b.write(BOM);
        }
        b.write(text.getBytes(charset));
        return Files.write(dir.resolve(name), b.toByteArray());
    }

    @Test
    void reportTakesALeadingByteOrderMark() throws Exception {
        Path events = file("events.jsonl", EVENT + "\n", StandardCharsets.UTF_8, true);
        CliTestRun r = CliTestRun.of("report", "--input", events.toString());
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void faqEvalTakesALeadingByteOrderMarkInItsFaqsAndQueries() throws Exception {
        Path faqs = file("faqs.jsonl", FAQ + "\n", StandardCharsets.UTF_8, true);
        Path queries = file("queries.jsonl", QUERY + "\n", StandardCharsets.UTF_8, true);
        CliTestRun r = CliTestRun.of("faq-eval", "--faqs", faqs.toString(), "--queries", queries.toString(),
            "--warmup", "0", "--reranker", "none");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void faqEvalNamesTheFirstLineThatIsNotUtf8() throws Exception {
        Path faqs = file("faqs.jsonl", FAQ + "\n", StandardCharsets.UTF_8, false);
        Path queries = file("queries.jsonl", QUERY + "\n" + QUERY + "\n", Charset.forName("Shift_JIS"), false);
        CliTestRun r = CliTestRun.of("faq-eval", "--faqs", faqs.toString(), "--queries", queries.toString(),
            "--warmup", "0", "--reranker", "none");
        assertThat(r.isOneLineBadInput()).as(r.err()).isTrue();
        assertThat(r.err()).startsWith(queries + ": line 1: not valid UTF-8");

        Path sjisFaqs = file("sjis-faqs.jsonl", "\n" + FAQ + "\n", Charset.forName("Shift_JIS"), false);
        Path utf8Queries = file("q8.jsonl", QUERY + "\n", StandardCharsets.UTF_8, false);
        r = CliTestRun.of("faq-eval", "--faqs", sjisFaqs.toString(), "--queries", utf8Queries.toString(),
            "--warmup", "0", "--reranker", "none");
        assertThat(r.isOneLineBadInput()).as(r.err()).isTrue();
        assertThat(r.err()).startsWith(sjisFaqs + ": line 2: not valid UTF-8");
    }

    @Test
    void reportNamesTheLineThatIsNotUtf8EvenFarIntoTheFile() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 400; i++) {
            text.append(EVENT.replace("\"position\":1", "\"position\":" + i)).append('\n');
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(text.toString().getBytes(StandardCharsets.UTF_8));
        b.write("{\"x\":\"住民票\"}\n".getBytes(Charset.forName("Shift_JIS")));
        Path events = Files.write(dir.resolve("events.jsonl"), b.toByteArray());
        CliTestRun r = CliTestRun.of("report", "--input", events.toString());
        assertThat(r.isOneLineBadInput()).as(r.err()).isTrue();
        assertThat(r.err()).startsWith(events + ": line 401: not valid UTF-8");
    }
}
