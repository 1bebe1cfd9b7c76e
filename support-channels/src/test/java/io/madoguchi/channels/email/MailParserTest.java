package io.madoguchi.channels.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailParserTest {

    private final MailParser parser = MailParser.withDefaults();

    @Test
    void javasPlainIso2022jpLosesNecExtensionsWhichIsWhyTheMicrosoftFamilyIsUsed() {
        byte[] bytes = "①㈱～".getBytes(JapaneseMails.MS_JIS);

        assertThat(new String(bytes, java.nio.charset.Charset.forName("ISO-2022-JP"))).contains("\uFFFD");
        assertThat(new String("髙".getBytes(JapaneseMails.MS_JIS), JapaneseMails.CP50220)).isNotEqualTo("髙");
        assertThat(MailCharsets.decode(bytes, MailCharsets.forLabel("iso-2022-jp"))).isEqualTo("①㈱～");
    }

    @Test
    void outlookIso2022jpKeepsNecAndIbmCharactersAndJoinsASplitSubject() {
        ParsedMail m = parser.parse(JapaneseMails.outlookIso2022jp("a1@mail.example.jp"));

        assertThat(m.subject()).isEqualTo("【至急】①番の注文について㈱山田商会");
        assertThat(m.fromName()).isEqualTo("山田 太郎");
        assertThat(m.from()).isEqualTo("taro@example.jp");
        assertThat(m.text()).contains("注文番号①の商品", "10:00～12:00", "髙橋様", "㈱山田商会の山田")
            .doesNotContain("\uFFFD");
        assertThat(m.signature()).isEqualTo("㈱山田商会 山田太郎");
        assertThat(m.charset()).isEqualTo("iso-2022-jp");
        assertThat(m.messageId()).isEqualTo("a1@mail.example.jp");
    }

    @Test
    void macIso2022jpWithJisX0212DecodesAndTheWaveDashIsNormalized() {
        ParsedMail m = parser.parse(JapaneseMails.macIso2022jp("a2@mac.example.jp"));

        assertThat(m.subject()).isEqualTo("髙島屋の件～確認").doesNotContain("\u301C");
        assertThat(m.text()).isEqualTo("髙島屋で購入した品～返品希望です。");
    }

    @Test
    void shiftJisIsReadAsWindows31j() {
        ParsedMail m = parser.parse(JapaneseMails.shiftJis("a3@example.co.jp"));

        assertThat(m.subject()).isEqualTo("返品について①");
        assertThat(m.text()).isEqualTo("②の商品を返品したいです。㈲鈴木商店 ～ 﨑本");
        assertThat(m.charset()).isEqualTo("shift_jis");
    }

    @Test
    void runTogetherEncodedWordsSplitInsideACharacterDecodeWhole() {
        ParsedMail m = parser.parse(JapaneseMails.runTogetherUtf8("a4@web.example.jp"));

        assertThat(m.subject()).isEqualTo("請求書の再発行のお願い");
        assertThat(m.fromName()).isEqualTo("佐藤");
        assertThat(m.text()).isEqualTo("請求書を再発行してください～よろしくお願いします。");
    }

    @Test
    void everyCorpusCaseDecodesWithoutReplacementCharacters() {
        for (byte[] raw : List.of(JapaneseMails.outlookIso2022jp("c1@x.jp"), JapaneseMails.macIso2022jp("c2@x.jp"),
            JapaneseMails.shiftJis("c3@x.jp"), JapaneseMails.runTogetherUtf8("c4@x.jp"))) {
            ParsedMail m = parser.parse(raw);
            assertThat(m.subject() + m.fromName() + m.text() + m.signature()).doesNotContain("\uFFFD");
        }
    }

    @Test
    void encodedWordsSeparatedByTextKeepTheTextAndSpacesBetweenWordsAreDropped() {
        String a = JapaneseMails.word("お問い合わせ", StandardCharsets.UTF_8, "UTF-8");
        String b = JapaneseMails.word("番号", JapaneseMails.MS_JIS, "ISO-2022-JP");

        assertThat(EncodedWords.decode("Re: " + a + " " + b + " 123")).isEqualTo("Re: お問い合わせ番号 123");
        assertThat(EncodedWords.decode("=?x-unknown?B?AAAA?=")).isEqualTo("=?x-unknown?B?AAAA?=");
    }

    @Test
    void threadingHeadersAreReadWithoutAngleBrackets() {
        byte[] raw = JapaneseMails.mail("From: a@example.jp\nMessage-ID: <m3@example.jp>\n"
            + "In-Reply-To: <m2@example.jp> (山田さんのメール)\nReferences: <m1@example.jp>\n <m2@example.jp>",
            "はい".getBytes(StandardCharsets.UTF_8));

        ParsedMail m = parser.parse(raw);

        assertThat(m.inReplyTo()).isEqualTo("m2@example.jp");
        assertThat(m.references()).containsExactly("m1@example.jp", "m2@example.jp");
        assertThat(m.dedupeKey()).isEqualTo("m3@example.jp");
    }

    @Test
    void aMailWithoutMessageIdIsKeyedByItsContent() {
        byte[] raw = JapaneseMails.mail("From: a@example.jp", "本文".getBytes(StandardCharsets.UTF_8));

        ParsedMail m = parser.parse(raw);

        assertThat(m.messageId()).isNull();
        assertThat(m.dedupeKey()).startsWith("sha256:").isEqualTo(parser.parse(raw).dedupeKey());
    }

    @Test
    void textThatIsNotMimeIsRefusedNamingTheLine() {
        byte[] raw = "こんにちは\nこれはメールではありません\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parse(raw)).isInstanceOf(MailFormatException.class)
            .satisfies(e -> assertThat(((MailFormatException) e).describe())
                .isEqualTo("line 1, field 'header': is not a header field ('Name: value'): this is not a MIME mail"));
    }

    @Test
    void aBrokenHeaderLineIsRefusedWithItsLineNumber() {
        byte[] raw = "From: a@example.jp\nSubject: x\nこれはヘッダーではない\n\n本文".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parse(raw)).isInstanceOfSatisfying(MailFormatException.class,
            e -> assertThat(e.lineNumber()).isEqualTo(3));
    }

    @Test
    void aMailWithoutFromIsRefused() {
        byte[] raw = JapaneseMails.mail("To: a@example.jp\nSubject: x", "本文".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> parser.parse(raw)).isInstanceOfSatisfying(MailFormatException.class,
            e -> assertThat(e.field()).isEqualTo("From"));
    }

    @Test
    void eachLimitRefusesTheMail() {
        MailParser small = new MailParser(new MailLimits(4_000, 100, 3, 50, 60, 4));
        byte[] longLine = JapaneseMails.mail("From: a@example.jp", "x".repeat(101).getBytes(StandardCharsets.UTF_8));
        byte[] headers = JapaneseMails.mail("From: a@example.jp\nTo: b@example.jp\nCc: c@example.jp\nSubject: s",
            new byte[0]);
        byte[] body = JapaneseMails.mail("From: a@example.jp", "あ".repeat(20).getBytes(StandardCharsets.UTF_8));
        byte[] attachment = JapaneseMails.mail("From: a@example.jp\nContent-Type: multipart/mixed; boundary=b",
            ("--b\r\nContent-Type: text/plain\r\n\r\n本文\r\n--b\r\nContent-Type: application/pdf\r\n"
                + "Content-Disposition: attachment; filename=a.pdf\r\n\r\n" + "0123456789".repeat(7) + "\r\n--b--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        byte[] whole = JapaneseMails.mail("From: a@example.jp", new byte[5_000]);

        assertThatThrownBy(() -> small.parse(longLine)).isInstanceOfSatisfying(MailFormatException.class,
            e -> assertThat(e.describe()).startsWith("line 3, field 'line': is 101 bytes"));
        assertThatThrownBy(() -> small.parse(headers)).isInstanceOfSatisfying(MailFormatException.class,
            e -> assertThat(e.lineNumber()).isEqualTo(4));
        assertThatThrownBy(() -> small.parse(body)).isInstanceOfSatisfying(MailFormatException.class,
            e -> assertThat(e.field()).isEqualTo("body"));
        assertThatThrownBy(() -> small.parse(attachment)).isInstanceOfSatisfying(MailFormatException.class,
            e -> assertThat(e.field()).isEqualTo("attachment"));
        assertThatThrownBy(() -> small.parse(whole)).isInstanceOfSatisfying(MailFormatException.class,
            e -> assertThat(e.tooLarge()).isTrue());
    }

    @Test
    void attachmentsAreListedWithTheirDecodedNames() {
        String name = JapaneseMails.word("見積書①.pdf", JapaneseMails.MS_JIS, "ISO-2022-JP");
        byte[] raw = JapaneseMails.mail("From: a@example.jp\nContent-Type: multipart/mixed; boundary=b",
            ("--b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n見積書を送ります\r\n--b\r\n"
                + "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n")
                .getBytes(StandardCharsets.UTF_8));

        ParsedMail m = parser.parse(raw);

        assertThat(m.text()).isEqualTo("見積書を送ります");
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("見積書①.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.size()).isEqualTo(9);
        });
    }

    @Test
    void anHtmlOnlyMailBecomesTextWithoutScriptsStylesOrTags() {
        String html = "<html><head><STYLE type=\"text/css\">p { color: red; }</STYLE>"
            + "<script>alert('x')</script></head><body><p>お問い合わせ&amp;ご質問</p>"
            + "<div>注文番号は&lt;A-123&gt;です<br>よろしく<BR/>お願いします</div>"
            + "<Script src=\"a.js\"></SCRIPT>&quot;山田&quot;&nbsp;&#39;太郎&#39;</body></html>";

        ParsedMail m = parser.parse(html(html));

        assertThat(m.text()).isEqualTo("お問い合わせ&ご質問\n注文番号は<A-123>です\nよろしく\nお願いします\n"
            + "\"山田\" '太郎'");
    }

    @Test
    void aStyleOrScriptWithoutItsClosingTagHidesTheRestAsAMailClientWould() {
        ParsedMail styled = parser.parse(html("<p>返品の件です</p><style>p { color: red; } 隠れた文字"));
        ParsedMail scripted = parser.parse(html("<p>返品の件です</p><script>alert('隠れた文字')"));

        assertThat(styled.text()).isEqualTo("返品の件です");
        assertThat(scripted.text()).isEqualTo("返品の件です");
    }

    @Test
    void aMegabyteOfUnclosedStyleTagsIsConvertedInLinearTime() {
        byte[] styles = html("<style>".repeat(140_000));
        byte[] brackets = html("<p>本文</p>" + "<".repeat(1_000_000));
        byte[] unclosedOpenings = html("<p>本文</p>" + "<style ".repeat(140_000));
        byte[] unclosedEnds = html("<style>" + "</".repeat(500_000) + ">");

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(parser.parse(styles).text()).isEmpty();
            assertThat(parser.parse(brackets).text()).startsWith("本文\n<<<<");
            assertThat(parser.parse(unclosedOpenings).text()).startsWith("本文\n<style <style ");
            assertThat(parser.parse(unclosedEnds).text()).isEmpty();
        });
    }

    /** A mail whose only text part is this HTML, base64 encoded so that no raw line is too long. */
    private static byte[] html(String html) {
        return JapaneseMails.mail("From: a@example.jp\nContent-Type: text/html; charset=UTF-8\n"
            + "Content-Transfer-Encoding: base64",
            Base64.getMimeEncoder().encode(html.getBytes(StandardCharsets.UTF_8)));
    }
}
