package io.madoguchi.core.faq.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the kana in a query as the kanji or katakana words of an FAQ that sound the same:
 * 「じゅうみんひょうがほしい」 against an FAQ about 住民票 becomes 「住民票がほしい」, 「ｼﾞｭｳﾐﾝﾋｮｳ」 and
 * 「まいなんばーかーどのこうしん」 likewise. A customer typing in hiragana or half-width katakana then gets the
 * confidence of the same question in kanji.
 *
 * <p>Kana are compared folded (katakana as hiragana, long vowel marks dropped). Each run of adjacent respelled
 * words must read at least {@value #MIN_RUN} kana and each word at least two, so that short readings inside
 * other words (かど in かどうか) stay as written. In a query written only in katakana the rest is read as
 * hiragana (ｼﾞｭｳﾐﾝﾋｮｳｦﾄﾘﾀｲ becomes 住民票をとりたい). Stateless and thread-safe.
 */
public final class KanaRespelling {

    private static final int MIN_RUN = 3;

    private KanaRespelling() {
    }

    private record Span(int from, int to, String surface) {
    }

    /**
     * Respells a query with an FAQ's words.
     *
     * @param query     the customer's query
     * @param spellings the FAQ's words written with kanji or katakana, and their readings
     * @return the NFKC-normalized query with every kana spelling of those words replaced by the word as written
     *     (equal to {@code JapaneseNormalizer.nfkc(query)} when nothing was replaced)
     */
    public static String respell(String query, List<FaqAnalysis.Spelling> spellings) {
        String q = JapaneseNormalizer.nfkc(query);
        if (spellings.isEmpty()) {
            return q;
        }
        // the folded query and, for each folded character, where it starts in q
        StringBuilder folded = new StringBuilder(q.length());
        List<Integer> at = new ArrayList<>(q.length() + 1);
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c == 'ー' || c == '〜' || c == '～') {
                continue;
            }
            folded.append(c >= '\u30A1' && c <= '\u30F6' ? (char) (c - 0x60) : c);
            at.add(i);
        }
        at.add(q.length());
        List<FaqAnalysis.Spelling> longestFirst = new ArrayList<>(spellings);
        longestFirst.sort(Comparator.comparingInt((FaqAnalysis.Spelling s) -> s.reading().length()).reversed());
        String f = folded.toString();
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < f.length(); ) {
            Span found = null;
            if (isHiragana(f.charAt(i))) {
                for (FaqAnalysis.Spelling s : longestFirst) {
                    String r = s.reading();
                    if (r.length() >= 2 && f.startsWith(r, i) && r.chars().allMatch(KanaRespelling::isHiragana)) {
                        found = new Span(i, i + r.length(), s.surface());
                        break;
                    }
                }
            }
            if (found == null) {
                i++;
            } else {
                spans.add(found);
                i = found.to();
            }
        }
        // a query written only in katakana (half-width terminals) has its particles and endings in katakana too:
        // what is not respelled is read as hiragana, as the same question typed in kanji and kana would be
        boolean katakanaOnly = q.codePoints().noneMatch(c -> isHiragana(c) || Character.isIdeographic(c));
        String rest = katakanaOnly ? JapaneseNormalizer.hiragana(q) : q;
        StringBuilder out = new StringBuilder(q.length());
        int copied = 0;
        for (int k = 0; k < spans.size(); ) {
            int end = k;
            while (end + 1 < spans.size() && spans.get(end + 1).from() == spans.get(end).to()) {
                end++;
            }
            if (spans.get(end).to() - spans.get(k).from() >= MIN_RUN) {
                for (int j = k; j <= end; j++) {
                    Span s = spans.get(j);
                    out.append(rest, copied, at.get(s.from()));
                    out.append(s.surface());
                    copied = at.get(s.to());
                }
            }
            k = end + 1;
        }
        out.append(rest, copied, q.length());
        return out.toString();
    }

    private static boolean isHiragana(int c) {
        return c >= 'ぁ' && c <= 'ゖ';
    }
}
