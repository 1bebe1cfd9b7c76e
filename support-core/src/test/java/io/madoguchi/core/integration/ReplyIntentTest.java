package io.madoguchi.core.integration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyIntentTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "はい | YES",
        "ﾊｲ、助かりました | YES",
        "解決しました！ | YES",
        "ありがとうございます | YES",
        "Yes | YES",
        "yes, thanks! | YES",
        "ＹＥＳ | YES",
        "いいえ | NO",
        "解決しませんでした | NO",
        "解決していません | NO",
        "役に立ちませんでした | NO",
        "No | NO",
        "No, it didn't help | NO",
        "It didn’t work | NO",
        "that's not it | NO",
        "I know | OTHER",
        "マイナンバーカードでも取れますか | OTHER",
        "Where is my parcel? | OTHER",
        "ありがとうございます。別の注文のポイントも確認できますか？ | OTHER",
        "Thanks! Do you also ship to Canada? | OTHER",
        "いいえ、送料はいくらですか？ | NO",
    })
    void readsYesAndNoInJapaneseAndEnglish(String text, ReplyIntent expected) {
        assertThat(ReplyIntent.of(text)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void aLongMessageIsNotAVerdict() {
        assertThat(ReplyIntent.of("はい。" + "住民票のことでもう一つ質問があります。".repeat(10))).isEqualTo(ReplyIntent.OTHER);
    }
}
