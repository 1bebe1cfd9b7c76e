package io.madoguchi.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplyTextTest {

    @Test
    void outlooksOriginalMessageBlockIsQuoted() {
        ReplyText r = ReplyText.split("承知しました。\n明日伺います。\n\n-----Original Message-----\n"
            + "From: サポート\nSent: Monday\n\n前回の内容");

        assertThat(r.text()).isEqualTo("承知しました。\n明日伺います。");
        assertThat(r.quoted()).startsWith("-----Original Message-----").contains("前回の内容");
    }

    @Test
    void japaneseAttributionLinesStartTheQuote() {
        assertThat(ReplyText.split("ありがとうございます。\n\n2026年11月30日(月) 10:00 窓口サポート <s@example.jp>:\n"
            + "> 返品を承りました").text()).isEqualTo("ありがとうございます。");
        assertThat(ReplyText.split("了解です\n\n山田さんは書きました:\n> 本日発送").text()).isEqualTo("了解です");
        assertThat(ReplyText.split("了解です\n\n〜 サポート wrote:\n> 本日発送").text()).isEqualTo("了解です");
        assertThat(ReplyText.split("了解です\nOn Mon, 30 Nov 2026 at 10:00, Support <s@example.jp>\nwrote:\n> x")
            .text()).isEqualTo("了解です");
    }

    @Test
    void aCustomersOwnLineEndingInAColonIsNotTakenForAnAttribution() {
        String error = "ログインできません。\n表示されたエラーのメッセージ：\nE1234 認証失敗";
        String order = "返品をお願いします。\n2026年11月30日の注文について：\n商品が破損していました";
        String viaMail = "先日のメールの件です\n担当者からのメール：\n明日発送と書いてありました";

        assertThat(ReplyText.split(error).text()).isEqualTo(error);
        assertThat(ReplyText.split(order).text()).isEqualTo(order);
        assertThat(ReplyText.split(viaMail).text()).isEqualTo(viaMail);
        assertThat(ReplyText.split("了解です\n\n2026/11/30 10:00、窓口サポート <s@example.jp>のメール:\n> 本日発送")
            .text()).isEqualTo("了解です");
    }

    @Test
    void aPastedTableIsTextButABarQuoteIsAQuote() {
        String table = "以下の注文を取り消したいです。\n| 品番 | 数量 |\n| A-100 | 2 |\nよろしくお願いします。";

        assertThat(ReplyText.split(table).text()).isEqualTo(table);
        assertThat(ReplyText.split("承知しました\n| 前回のご案内です").text()).isEqualTo("承知しました");
    }

    @Test
    void outlookJapaneseHeaderBlockStartsTheQuote() {
        ReplyText r = ReplyText.split("確認しました\n\n差出人: サポート <s@example.jp>\n送信日時: 2026年11月30日 10:00\n"
            + "件名: 返品\n\n本文");

        assertThat(r.text()).isEqualTo("確認しました");
        assertThat(r.quoted()).startsWith("差出人:");
    }

    @Test
    void quotedLinesAreSeparatedFromTheNewText() {
        ReplyText r = ReplyText.split("はい、その住所で合っています。\n\n> 住所は東京都でよろしいですか\n＞ 以上");

        assertThat(r.text()).isEqualTo("はい、その住所で合っています。");
        assertThat(r.quoted()).contains("住所は東京都");
    }

    @Test
    void signaturesAfterTheDashDashLineOrARuleAreSeparated() {
        ReplyText dash = ReplyText.split("よろしくお願いします。\n-- \n山田太郎\n03-1234-5678");
        ReplyText rule = ReplyText.split("よろしくお願いします。\n━━━━━━━━━━━━\n㈱山田商会\n山田太郎\n━━━━━━━━━━━━");

        assertThat(dash.text()).isEqualTo("よろしくお願いします。");
        assertThat(dash.signature()).isEqualTo("山田太郎\n03-1234-5678");
        assertThat(rule.text()).isEqualTo("よろしくお願いします。");
        assertThat(rule.signature()).isEqualTo("㈱山田商会\n山田太郎");
    }

    @Test
    void aMailThatIsOnlyAQuoteKeepsItsTextAsNew() {
        ReplyText r = ReplyText.split("> 前回の内容だけ");

        assertThat(r.text()).isEqualTo("> 前回の内容だけ");
    }
}
