package io.madoguchi.channels.email;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Separates the new text of a mail from the quoted earlier mail and the signature, with the conventions of English
 * and Japanese mailers: a {@code -----Original Message-----} (or {@code 元のメッセージ}) line, an attribution line
 * ending in {@code wrote:}, {@code 書きました:} or {@code 書きました：}, an Outlook header block ({@code From:} /
 * {@code 差出人:} followed by {@code Sent:} / {@code 送信日時:}), lines quoted with {@code >} or {@code ＞}, and a
 * signature after {@code -- } (RFC 3676) or after a ruled line ({@code ━━━━}, {@code ----------}) near the end. If
 * nothing new would be left, the whole text is kept as new. Immutable.
 *
 * @param text the new text, trimmed
 * @param quoted the quoted part, from the first quote marker on; empty if none
 * @param signature the signature, without its separator; empty if none
 */
public record ReplyText(String text, String quoted, String signature) {

    private static final Pattern ORIGINAL = Pattern.compile(
        "^\\s*-{2,}\\s*(Original Message|元のメッセージ|オリジナルメッセージ|Forwarded by .*|Reply message)\\s*-{2,}\\s*$",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern WROTE = Pattern.compile(
        "^.{0,200}(wrote|writes|書きました|書き込みました)\\s*[:：]\\s*$",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern DATED = Pattern.compile(
        "^\\s*\\d{4}[/年-]\\d{1,2}[/月-]\\d{1,2}.{0,200}[:：]\\s*$");
    /**
     * What a mailer's attribution line has and a customer's own sentence ending in a colon (「表示されたエラーのメッセージ：」,
     * 「2026年11月30日の注文について：」) does not: an address or a time of day.
     */
    private static final Pattern ATTRIBUTION = Pattern.compile("@|\\d{1,2}[:：]\\d{2}");
    /** 「…のメール：」 and 「…のメッセージ：」 end an attribution only with an address or a time (see ATTRIBUTION). */
    private static final Pattern NOUN_WROTE = Pattern.compile("^.{0,200}(のメール|のメッセージ)\\s*[:：]\\s*$");
    private static final Pattern ON_START = Pattern.compile("^\\s*(On|\\d{4}[/年-]\\d{1,2}[/月-]\\d{1,2}).{0,200}$");
    private static final Pattern HEADER_FROM = Pattern.compile("^\\s*(From|差出人|送信者)\\s*[:：].*$",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_SENT = Pattern.compile("^\\s*(Sent|Date|送信日時|日付|送信日)\\s*[:：].*$",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTED = Pattern.compile("^\\s*[>＞|]");
    private static final Pattern RULE = Pattern.compile("^\\s*([-=_*─━＝＊～~☆★◆◇■□・]\\s*){10,}$");
    private static final int SIGNATURE_LINES = 12;

    /**
     * A mailer's line before the quoted mail: "… wrote:", 「…さんは書きました:」, or a date or 「…のメッセージ：」 line
     * that also has an address or a time of day.
     */
    private static boolean attribution(String line) {
        if (NOUN_WROTE.matcher(line).matches() || DATED.matcher(line).matches()) {
            return ATTRIBUTION.matcher(line).find();
        }
        return WROTE.matcher(line).matches();
    }

    /** A pasted table's row ({@code | 品番 | 数量 |}) starts with a bar as a quote does, but has more than one. */
    private static boolean tableRow(String line) {
        String s = line.strip();
        return s.startsWith("|") && s.indexOf('|', 1) > 0;
    }

    /**
     * @param body the decoded plain text of the mail
     * @return the text split into new, quoted and signature
     */
    public static ReplyText split(String body) {
        List<String> lines = body.replace("\r\n", "\n").replace('\r', '\n').lines().toList();
        int cut = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (ORIGINAL.matcher(l).matches() || attribution(l)) {
                cut = i;
                break;
            }
            // "On Mon, 1 Dec 2026 at 10:00, Taro <taro@example.jp>" + "wrote:" on the next line
            if (i + 1 < lines.size() && ON_START.matcher(l).matches() && WROTE.matcher(l + lines.get(i + 1)).matches()
                && lines.get(i + 1).length() < 80) {
                cut = i;
                break;
            }
            if (HEADER_FROM.matcher(l).matches()) {
                boolean sent = false;
                for (int j = i + 1; j < Math.min(lines.size(), i + 4); j++) {
                    sent |= HEADER_SENT.matcher(lines.get(j)).matches();
                }
                if (sent) {
                    cut = i;
                    break;
                }
            }
            if (QUOTED.matcher(l).find() && !tableRow(l)) {
                cut = i;
                break;
            }
        }
        List<String> head = lines.subList(0, cut);
        String quoted = String.join("\n", lines.subList(cut, lines.size())).strip();
        int sig = -1;
        for (int i = 0; i < head.size(); i++) {
            if (head.get(i).equals("-- ") || head.get(i).equals("--")) {
                sig = i;
                break;
            }
        }
        if (sig < 0) {
            for (int i = Math.max(0, head.size() - SIGNATURE_LINES); i < head.size(); i++) {
                if (RULE.matcher(head.get(i)).matches() && i > 0 && !String.join("", head.subList(0, i)).isBlank()) {
                    sig = i;
                    break;
                }
            }
        }
        String signature = "";
        if (sig >= 0) {
            signature = String.join("\n", head.subList(sig + 1, head.size())).strip();
            if (RULE.matcher(head.get(sig)).matches() && head.size() > sig + 1) {
                // a ruled signature is usually framed by a second rule: drop it from the signature text
                signature = signature.lines().filter(x -> !RULE.matcher(x).matches())
                    .reduce((a, b) -> a + "\n" + b).orElse("").strip();
            }
            head = head.subList(0, sig);
        }
        String text = String.join("\n", head).strip();
        if (text.isEmpty()) {
            return new ReplyText(body.strip(), "", "");
        }
        return new ReplyText(text, quoted, signature);
    }
}
