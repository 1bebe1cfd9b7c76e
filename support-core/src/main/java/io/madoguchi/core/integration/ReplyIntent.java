package io.madoguchi.core.integration;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/** Reads a customer's answer to "did this help?" in Japanese or English. */
enum ReplyIntent {
    YES, NO, OTHER;

    /** Longer answers are treated as a new message for a person, not as yes or no. */
    private static final int MAX_ANSWER_LENGTH = 80;

    // negative forms first: 解決しません contains 解決
    private static final List<String> NO_CUES = List.of(
        "いいえ", "解決しな", "解決しません", "解決していな", "解決していません",
        "解決できな", "解決できません",
        "役に立たな", "役に立ちません", "役立たな", "違う", "違います", "ちがう",
        "だめ", "ダメ", "わからな", "分からな",
        "no", "nope", "not", "n't", "didnt", "doesnt", "wrong");
    private static final List<String> YES_CUES = List.of(
        "はい", "ええ", "うん", "解決", "助かり", "助かった", "役に立ち",
        "わかりました", "分かりました", "ありがと",
        "yes", "yeah", "yep", "ok", "okay", "solved", "helped", "thanks", "thank you", "great", "perfect");

    static ReplyIntent of(String text) {
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
            .replace('\u2019', '\'').strip();
        if (t.isEmpty() || t.length() > MAX_ANSWER_LENGTH) {
            return OTHER;
        }
        for (String cue : NO_CUES) {
            if (containsCue(t, cue)) {
                return NO;
            }
        }
        // "thanks, and can you also check…?" asks for more: a person answers it, it does not close the ticket
        if (t.indexOf('?') >= 0) {
            return OTHER;
        }
        for (String cue : YES_CUES) {
            if (containsCue(t, cue)) {
                return YES;
            }
        }
        return OTHER;
    }

    /** Latin cues match whole words ("no" is not in "know"); Japanese cues match anywhere. */
    private static boolean containsCue(String text, String cue) {
        if (cue.charAt(0) >= 0x3000) {
            return text.contains(cue);
        }
        int from = 0;
        while (true) {
            int i = text.indexOf(cue, from);
            if (i < 0) {
                return false;
            }
            int end = i + cue.length();
            boolean startOk = i == 0 || !Character.isLetter(text.charAt(i - 1)) || cue.startsWith("n'");
            boolean endOk = end == text.length() || !Character.isLetter(text.charAt(end));
            if (startOk && endOk) {
                return true;
            }
            from = i + 1;
        }
    }
}
