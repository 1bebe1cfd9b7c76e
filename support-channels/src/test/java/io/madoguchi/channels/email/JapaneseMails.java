package io.madoguchi.channels.email;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** Raw Japanese mails as Windows, Mac and web mailers write them, made byte for byte for the tests. */
final class JapaneseMails {

    static final Charset MS_JIS = Charset.forName("x-windows-iso2022jp");
    static final Charset CP50220 = Charset.forName("x-windows-50220");
    static final Charset SJIS = Charset.forName("windows-31j");

    private JapaneseMails() {
    }

    /** One B encoded-word of the text's bytes in the charset. */
    static String word(String text, Charset cs, String label) {
        return "=?" + label + "?B?" + Base64.getEncoder().encodeToString(text.getBytes(cs)) + "?=";
    }

    /**
     * Two B encoded-words that split the text's bytes at {@code at} bytes: for ISO-2022-JP the second word starts
     * inside the double-byte mode, without an escape sequence, as some mailers fold long subjects.
     */
    static String[] splitWords(String text, Charset cs, String label, int at) {
        byte[] b = text.getBytes(cs);
        return new String[] {
            "=?" + label + "?B?" + Base64.getEncoder().encodeToString(Arrays.copyOfRange(b, 0, at)) + "?=",
            "=?" + label + "?B?" + Base64.getEncoder().encodeToString(Arrays.copyOfRange(b, at, b.length)) + "?="};
    }

    static byte[] mail(String headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((headers + "\n\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] crlf(String text, Charset cs) {
        return text.replace("\n", "\r\n").getBytes(cs);
    }

    /** Outlook on Windows: ISO-2022-JP with NEC and IBM extension characters, a split subject. */
    static byte[] outlookIso2022jp(String messageId) {
        String[] subject = splitWords("【至急】①番の注文について㈱山田商会", MS_JIS, "iso-2022-jp", 11);
        String headers = "From: " + word("山田 太郎", MS_JIS, "ISO-2022-JP") + " <taro@example.jp>\n"
            + "To: support@desk.example.jp\n"
            + "Subject: " + subject[0] + "\n " + subject[1] + "\n"
            + "Date: Mon, 30 Nov 2026 10:00:00 +0900\n"
            + "Message-ID: <" + messageId + ">\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: text/plain; charset=\"iso-2022-jp\"\n"
            + "Content-Transfer-Encoding: 7bit";
        String body = "いつもお世話になっております。㈱山田商会の山田です。\n"
            + "注文番号①の商品が届きません。配送は10:00～12:00の指定でした。\n"
            + "髙橋様にもお伝えください。\n"
            + "\n"
            + "-- \n"
            + "㈱山田商会 山田太郎\n";
        return mail(headers, crlf(body, MS_JIS));
    }

    /** Thunderbird on a Mac: ISO-2022-JP with JIS X 0212 (CP50220 family) for 髙, wave dash as U+301C. */
    static byte[] macIso2022jp(String messageId) {
        String headers = "From: hanako@example.jp\n"
            + "To: support@desk.example.jp\n"
            + "Subject: " + word("髙島屋の件〜確認", CP50220, "ISO-2022-JP") + "\n"
            + "Message-ID: <" + messageId + ">\n"
            + "Content-Type: text/plain; charset=ISO-2022-JP";
        return mail(headers, crlf("髙島屋で購入した品〜返品希望です。\n", CP50220));
    }

    /** A Shift_JIS (windows-31j) 8bit body with NEC and IBM extension characters. */
    static byte[] shiftJis(String messageId) {
        String headers = "From: jiro@example.co.jp\n"
            + "To: support@desk.example.jp\n"
            + "Subject: " + word("返品について①", SJIS, "Shift_JIS") + "\n"
            + "Message-ID: <" + messageId + ">\n"
            + "Content-Type: text/plain; charset=Shift_JIS\n"
            + "Content-Transfer-Encoding: 8bit";
        return mail(headers, crlf("②の商品を返品したいです。㈲鈴木商店 ～ 﨑本\n", SJIS));
    }

    /** A web mailer: UTF-8 encoded-words run together without spaces, split inside a character. */
    static byte[] runTogetherUtf8(String messageId) {
        String[] subject = splitWords("請求書の再発行のお願い", StandardCharsets.UTF_8, "UTF-8", 7);
        String headers = "From: \"佐藤\" <sato@example.jp>\n"
            + "To: support@desk.example.jp\n"
            + "Subject: " + subject[0] + subject[1] + "\n"
            + "Message-ID: <" + messageId + ">\n"
            + "Content-Type: text/plain; charset=UTF-8\n"
            + "Content-Transfer-Encoding: base64";
        String body = Base64.getMimeEncoder().encodeToString("請求書を再発行してください〜よろしくお願いします。\n"
            .getBytes(StandardCharsets.UTF_8));
        return mail(headers, body.getBytes(StandardCharsets.US_ASCII));
    }
}
