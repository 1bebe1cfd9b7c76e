package io.madoguchi.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.internal.UrlEncoded.Pair;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlEncodedTest {

    @Test
    void japaneseTextIsDecodedFromPercentEscapesAndFromRawCharacters() {
        assertThat(UrlEncoded.text("%E4%BD%8F%E6%B0%91%E7%A5%A8", "Body")).isEqualTo("住民票");
        assertThat(UrlEncoded.text("%e4%bd%8f%e6%b0%91%e7%a5%a8", "Body")).isEqualTo("住民票");
        assertThat(UrlEncoded.text("住民票の写し+%E3%82%92", "Body")).isEqualTo("住民票の写し を");
        assertThat(UrlEncoded.text("%F0%9F%99%8F🙏", "Body")).isEqualTo("🙏🙏");
    }

    @Test
    void plusIsASpaceAndAnEncodedPlusIsAPlus() {
        assertThat(UrlEncoded.text("a+b%2Bc%20d", "q")).isEqualTo("a b+c d");
    }

    @Test
    void pairsAreKeptAsSentInOrderWithRepeatedNamesAndEmptyPairsSkipped() {
        assertThat(UrlEncoded.pairs("To=%2B81&&Body=%E4%BD%8F+a&MediaUrl=x&MediaUrl=y&flag&=v&", 10, "body"))
            .containsExactly(new Pair("To", "%2B81", true), new Pair("Body", "%E4%BD%8F+a", true),
                new Pair("MediaUrl", "x", true), new Pair("MediaUrl", "y", true), new Pair("flag", "", false),
                new Pair("", "v", true));
        assertThat(UrlEncoded.pairs("", 10, "body")).isEmpty();
        assertThat(UrlEncoded.pairs("&&", 10, "body")).isEmpty();
        assertThat(UrlEncoded.pairs("a=b=c", 10, "body")).containsExactly(new Pair("a", "b=c", true));
    }

    @Test
    void aPlainNameIsNamedInTheFieldAndAnOddOneIsNot() {
        assertThat(UrlEncoded.field("body", "body-mime")).isEqualTo("body.body-mime");
        assertThat(UrlEncoded.field("body", "<script>")).isEqualTo("body");
        assertThat(UrlEncoded.field("body", "")).isEqualTo("body");
        assertThat(UrlEncoded.field("body", "x".repeat(41))).isEqualTo("body");
    }

    @Test
    void morePairsThanTheLimitIsA400NamingTheField() {
        assertThat(UrlEncoded.pairs("a=1&b=2&&c=3", 3, "body")).hasSize(3);
        assertThatThrownBy(() -> UrlEncoded.pairs("a=1&b=2&c=3&d=4", 3, "body"))
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.field()).isEqualTo("body");
                assertThat(e.getMessage()).contains("more than 3");
            });
    }

    @Test
    void theQueryOfAUrlIsBetweenTheFirstQuestionMarkAndTheFragment() {
        assertThat(UrlEncoded.query("/messages?limit=5&after=%E4#frag?x")).isEqualTo("limit=5&after=%E4");
        assertThat(UrlEncoded.query("/a?b?c=d")).isEqualTo("b?c=d");
        assertThat(UrlEncoded.query("/messages")).isEmpty();
        assertThat(UrlEncoded.query("/messages?")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%E", "%zz", "abc%", "%E4%BD%8", "%G0", "%-1", "%\uFF11\uFF12"})
    void aMalformedPercentEscapeIsA400NamingTheField(String raw) {
        assertThatThrownBy(() -> UrlEncoded.text(raw, "after"))
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.field()).isEqualTo("after");
                assertThat(e.getMessage()).contains("percent escape");
            });
        assertThatThrownBy(() -> UrlEncoded.bytes(raw, "body.body-mime"))
            .isInstanceOfSatisfying(WebhookRejectedException.class,
                e -> assertThat(e.field()).isEqualTo("body.body-mime"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%FF", "%E4%BD", "%C0%AF", "%ED%A0%80", "\uD800x"})
    void bytesThatAreNotUtf8AreA400NamingTheFieldNotAReplacementCharacter(String raw) {
        assertThatThrownBy(() -> UrlEncoded.text(raw, "Body"))
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.field()).isEqualTo("Body");
                assertThat(e.getMessage()).contains("UTF-8");
            });
    }

    @Test
    void bytesKeepWhatWasSentWhateverTheCharset() {
        // ISO-2022-JP and Shift_JIS bytes of a raw MIME message pass through unchanged
        assertThat(UrlEncoded.bytes("%1B%24B%3D%3B%3FM%49%3C%1B%28B+%82%A0", "body.body-mime"))
            .containsExactly(0x1B, '$', 'B', '=', ';', '?', 'M', 'I', '<', 0x1B, '(', 'B', ' ', 0x82, 0xA0);
        assertThat(UrlEncoded.bytes("住", "f")).isEqualTo("住".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBodyMustBeUtf8() {
        assertThat(UrlEncoded.body("Body=住民票".getBytes(StandardCharsets.UTF_8), "body")).isEqualTo("Body=住民票");
        assertThatThrownBy(() -> UrlEncoded.body(new byte[] {'a', '=', (byte) 0x82, (byte) 0xA0}, "body"))
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.field()).isEqualTo("body");
            });
    }
}
