package io.madoguchi.core.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.ValidationException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FaqFilesTest {

    private static final List<FaqEntry> ENTRIES = List.of(
        FaqEntry.builder("juminhyo").locale(Locale.JAPANESE).question("住民票の写しを取りたい")
            .phrasings("住民票が欲しい", "写しの請求, \"至急\"")
            .answer("窓口またはコンビニで取得できます。\n手数料は300円です。")
            .links(List.of("https://example.jp/juminhyo")).category("届出・証明").tags(List.of("証明書", "住民"))
            .build(),
        FaqEntry.builder("refund").locale(Locale.ENGLISH).question("How do I get a refund?").answer("")
            .published(false).build());

    @Test
    void jsonLinesRoundTripKeepsEveryField() {
        StringWriter out = new StringWriter();
        FaqFiles.writeJsonl(out, ENTRIES);
        assertThat(FaqFiles.readJsonl(new StringReader(out.toString()), null)).isEqualTo(ENTRIES);
    }

    @Test
    void csvRoundTripKeepsEveryFieldIncludingQuotesCommasAndLineBreaks() {
        StringWriter out = new StringWriter();
        FaqFiles.writeCsv(out, ENTRIES);
        assertThat(FaqFiles.readCsv(new StringReader(out.toString()))).isEqualTo(ENTRIES);
    }

    @Test
    void evaluationFormatReadsExamplesAsPhrasingsAndDetectsLanguage() {
        String line = "{\"id\": \"card_arrival\", \"question\": \"Where is my card?\", \"answer\": \"\", "
            + "\"examples\": [\"Where is my card?\", \"My card has not arrived\"]}\n"
            + "{\"id\": \"7\", \"question\": \"住民票を取りたい\", \"answer\": \"窓口へ\"}\n";
        List<FaqEntry> read = FaqFiles.readJsonl(new StringReader(line), null);
        assertThat(read.get(0).phrasings()).containsExactly("My card has not arrived");
        assertThat(read.get(0).locale()).isEqualTo(Locale.ENGLISH);
        assertThat(read.get(1).locale()).isEqualTo(Locale.JAPANESE);
        assertThat(read.get(1).published()).isTrue();
    }

    @Test
    void invalidLineIsReportedWithLineAndField() {
        String lines = "{\"id\": \"a\", \"question\": \"ok\", \"answer\": \"yes\"}\n"
            + "{\"id\": \"b\", \"question\": \"\", \"answer\": \"no\"}\n";
        assertThatThrownBy(() -> FaqFiles.readJsonl(new StringReader(lines), Locale.ENGLISH))
            .isInstanceOf(ValidationException.class)
            .satisfies(e -> assertThat(((ValidationException) e).violations().get(0).field())
                .isEqualTo("line 2.question"));
    }

    @Test
    void csvWithoutQuestionColumnIsRejected() {
        assertThatThrownBy(() -> FaqFiles.readCsv(new StringReader("id,answer\r\na,b\r\n")))
            .isInstanceOf(ValidationException.class)
            .hasMessageContaining("question");
    }

    @Test
    void entryWithControlCharacterOrHugeQuestionIsRejected() {
        assertThatThrownBy(() -> FaqEntry.builder("x").question("住民票\u0007").build())
            .isInstanceOf(ValidationException.class).hasMessageContaining("question").hasMessageContaining("U+0007");
        assertThatThrownBy(() -> FaqEntry.builder("x").question("a".repeat(2_001)).build())
            .isInstanceOf(ValidationException.class).hasMessageContaining("question");
        assertThatThrownBy(() -> FaqEntry.builder(" ").question("q").build())
            .isInstanceOf(ValidationException.class).hasMessageContaining("id");
    }

    private static final String OK =
        "{\"id\": \"juminhyo\", \"question\": \"住民票の写しを取りたい\", \"answer\": \"窓口で取得できます。\"}";

    static Stream<Arguments> badJsonLines() {
        return Stream.of(
            Arguments.of("{\"id\": \"gomi\", \"question\": \"粗大ごみ\"", "", "is not valid JSON"),
            Arguments.of("[\"gomi\", \"粗大ごみの出し方\"]", "", "must be a JSON object"),
            Arguments.of("{\"question\": \"粗大ごみの出し方\", \"answer\": \"申し込みが必要です\"}", "id", "is required"),
            Arguments.of("{\"id\": 7, \"question\": \"粗大ごみの出し方\", \"answer\": \"申し込みが必要です\"}",
                "id", "must be a string"),
            Arguments.of("{\"id\": \"gomi\", \"answer\": \"申し込みが必要です\"}", "question", "is required"),
            Arguments.of("{\"id\": \"gomi\", \"question\": \"粗大ごみの出し方\"}", "answer", "is required"),
            Arguments.of("{\"id\": \"gomi\", \"question\": \"粗大ごみの出し方\", \"answer\": \" \"}",
                "answer", "a published FAQ needs an answer"),
            Arguments.of("{\"id\": \"gomi\", \"question\": \"\", \"answer\": \"申し込みが必要です\"}",
                "question", "must not be blank"),
            Arguments.of("{\"id\": \"gomi\", \"question\": \"粗大ごみ\", \"answer\": \"要申込\", "
                + "\"examples\": \"大きなごみ\"}",
                "examples", "must be an array of strings"),
            Arguments.of("{\"id\": \"gomi\", \"question\": \"粗大ごみ\", \"answer\": \"要申込\", "
                + "\"examples\": [\"大きなごみ\", 3]}",
                "examples", "must be an array of strings"),
            Arguments.of("{\"id\": \"gomi\", \"question\": \"粗大ごみ\", \"answer\": \"要申込\", \"published\": \"yes\"}",
                "published", "must be true or false"),
            Arguments.of("{\"id\": \"gomi\", \"question\": \"粗大ごみ\", \"answer\": \"要申込\", \"locale\": \"fr\"}",
                "locale", "must be ja or en"),
            Arguments.of("{\"id\": \"juminhyo\", \"question\": \"住民票が欲しい\", \"answer\": \"窓口へ\"}",
                "id", "duplicate id 'juminhyo', first on line 1"));
    }

    /** Each row: the second line of a file whose first line is valid, the field named, and part of the problem. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badJsonLines")
    void badJsonLineIsRefusedNamingItsLineAndField(String second, String field, String problem) {
        assertThatThrownBy(() -> FaqFiles.readJsonl(new StringReader(OK + "\n\n" + second + "\n"), null))
            .isInstanceOfSatisfying(FaqFileException.class, e -> {
                assertThat(e.line()).isEqualTo(3);
                assertThat(e.field()).isEqualTo(field);
                assertThat(e.problem()).contains(problem);
                assertThat(e.describe()).startsWith(field.isEmpty() ? "line 3: " : "line 3, field '" + field + "': ");
            });
    }

    @Test
    void intentStyleLineWithExamplesMayLeaveTheAnswerEmptyAndAnUnpublishedFaqToo() {
        String lines = "{\"id\": \"card_arrival\", \"question\": \"Where is my card?\", \"answer\": \"\", "
            + "\"examples\": [\"Where is my card?\", \"My card has not arrived\"]}\n"
            + "{\"id\": \"draft\", \"question\": \"下書きの質問\", \"answer\": \"\", \"published\": false}\n";
        assertThat(FaqFiles.readJsonl(new StringReader(lines), null)).extracting(FaqEntry::id)
            .containsExactly("card_arrival", "draft");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "  \r\n"})
    void fileWithoutFaqsIsRefused(String content) {
        assertThatThrownBy(() -> FaqFiles.readJsonl(new StringReader(content), Locale.JAPANESE))
            .isInstanceOfSatisfying(FaqFileException.class, e -> {
                assertThat(e.line()).isZero();
                assertThat(e.describe()).isEqualTo("contains no FAQs");
            });
        assertThatThrownBy(() -> FaqFiles.readCsv(new StringReader("id,question,answer\r\n")))
            .isInstanceOfSatisfying(FaqFileException.class,
                e -> assertThat(e.describe()).isEqualTo("contains no FAQs"));
    }

    /**
     * Each row: CSV records after the header (a quoted cell spans two lines), the line and column named, the
     * problem.
     */
    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', textBlock = """
        "gomi","粗大ごみ","","true"                   | 4 | answer    | a published FAQ needs an answer
        "gomi","粗大ごみ","要申込","yes"                 | 4 | published | must be true, false or empty
        "juminhyo","住民票","窓口へ",""                 | 4 | id        | duplicate id 'juminhyo', first on line 2
        "gomi","","要申込",""                          | 4 | question  | must not be blank
        "gomi","粗大ごみ","要申込","true","余分"          | 4 | ''        | has 5 cells, the header 4
        "gomi","粗大ごみ","要申込                         | 4 | ''        | quoted cell that is never closed
        """)
    void badCsvRecordIsRefusedNamingTheLineItStartsOn(String record, int line, String field, String problem) {
        String csv = "id,question,answer,published\r\n\"juminhyo\",\"住民票\",\"窓口で\n取得できます\",\"\"\r\n" + record + "\r\n";
        assertThatThrownBy(() -> FaqFiles.readCsv(new StringReader(csv)))
            .isInstanceOfSatisfying(FaqFileException.class, e -> {
                assertThat(e.line()).isEqualTo(line);
                assertThat(e.field()).isEqualTo(field);
                assertThat(e.problem()).contains(problem);
            });
    }

    @Test
    void csvWithoutAnswerColumnIsRefusedOnTheHeaderLine() {
        assertThatThrownBy(() -> FaqFiles.readCsv(new StringReader("id,question\r\na,住民票\r\n")))
            .isInstanceOfSatisfying(FaqFileException.class,
                e -> assertThat(e.describe()).isEqualTo("line 1, field 'answer': missing column in the header row"));
    }

    @Test
    void readmeExampleLineReadsAsDocumented() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath();
        while (!java.nio.file.Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        String line = java.nio.file.Files.readAllLines(dir.resolve("README.md")).stream()
            .filter(l -> l.startsWith("{\"id\": \"juminhyo\"")).findFirst().orElseThrow();

        FaqEntry e = FaqFiles.readJsonl(new StringReader(line), null).get(0);

        assertThat(e.question()).isEqualTo("住民票の写しを取得したい");
        assertThat(e.phrasings()).containsExactly("住民票がほしい");
        assertThat(e.locale()).isEqualTo(Locale.JAPANESE);
        assertThat(e.tags()).containsExactly("証明書");
        assertThat(e.published()).isTrue();
    }

    @Test
    void undecodableBytesAreAFileErrorNotAnIoFailure() {
        byte[] jsonl = ("{\"id\":\"a\",\"question\":\"住民票\",\"answer\":\"窓口へ\"}\n"
            + "{\"id\":\"b\",\"question\":\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(jsonl, jsonl.length + 2);
        bad[jsonl.length] = (byte) 0xE4; // a three-byte character cut after its first byte
        bad[jsonl.length + 1] = (byte) '"';
        java.nio.charset.CharsetDecoder strict = java.nio.charset.StandardCharsets.UTF_8.newDecoder();

        assertThatThrownBy(() -> FaqFiles.readJsonl(new java.io.InputStreamReader(
            new java.io.ByteArrayInputStream(bad), strict), Locale.JAPANESE))
            .isInstanceOfSatisfying(FaqFileException.class, e -> {
                assertThat(e.line()).isZero();
                assertThat(e.describe()).isEqualTo("is not valid text in its encoding (expected UTF-8)");
            });
        assertThatThrownBy(() -> FaqFiles.readCsv(new java.io.InputStreamReader(new java.io.ByteArrayInputStream(
            concat("id,question,answer\r\na,住民票,窓口へ\r\nb,".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new byte[] {(byte) 0xE4, (byte) ','})), java.nio.charset.StandardCharsets.UTF_8.newDecoder())))
            .isInstanceOfSatisfying(FaqFileException.class, e -> assertThat(e.line()).isZero());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
