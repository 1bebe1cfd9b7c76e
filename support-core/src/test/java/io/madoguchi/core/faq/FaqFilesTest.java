package io.madoguchi.core.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.ValidationException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

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
        String lines = "{\"id\": \"a\", \"question\": \"ok\"}\n{\"id\": \"b\", \"question\": \"\"}\n";
        assertThatThrownBy(() -> FaqFiles.readJsonl(new StringReader(lines), Locale.ENGLISH))
            .isInstanceOf(ValidationException.class)
            .satisfies(e -> assertThat(((ValidationException) e).violations().get(0).field()).isEqualTo("line 2.question"));
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
}
