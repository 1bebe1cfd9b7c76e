package io.madoguchi.core.faq.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the kana in a query as the kanji or katakana words of an FAQ that sound the same:
 * 「じゅうみんひょうがほしい」 against an FAQ about 住民票 becomes 「住民票がほしい」, 「ｼﾞｭｳﾐﾝﾋｮｳ」 and
 * 「まいなんばーかーどのこうしん」 likewise. A customer typing in hiragana or half-width katakana then gets the
 * confidence of the same question in kanji.
 *
 * <p>Kana are compared folded (katakana as hiragana, long vowel marks dropped). Each run of adjacent respelled
 * words must read at least {@value #MIN_RUN} kana and each word at least two, so that short readings inside
 * other words (かど in かどうか) stay as written. A run starts a word: kana right after a kanji are that word's
 * ending (開示しない is not read as 開示市内), and a suffix (症 of 認知症) only continues a run (でしょうか is not
 * read as で症か, but にんちしょう is 認知症). In a query written only in katakana the rest is read as
 * hiragana (ｼﾞｭｳﾐﾝﾋｮｳｦﾄﾘﾀｲ becomes 住民票をとりたい). Stateless and thread-safe.
 */
public final class KanaRespelling {

    private static final int MIN_RUN = 3;

    private KanaRespelling() {
    }

    private record Span(int from, int to, String surface, boolean suffix) {
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
        return respellWith(query, List.of(candidates(spellings)));
    }

    /**
     * The spellings that can respell kana, in the order {@link #respellWith} reads them: those whose reading is two
     * hiragana or more, by the reading's first kana, then longest reading first, ties in the given order. Made once
     * per FAQ when it is indexed, so a query only looks at the words that start with the kana it reads.
     *
     * @param spellings an FAQ's words written with kanji or katakana, and their readings
     * @return its candidates
     */
    public static List<FaqAnalysis.Spelling> candidates(List<FaqAnalysis.Spelling> spellings) {
        List<FaqAnalysis.Spelling> out = new ArrayList<>();
        for (FaqAnalysis.Spelling s : spellings) {
            String r = s.reading();
            if (r.length() >= 2 && allHiragana(r)) {
                out.add(s);
            }
        }
        // a stable sort: equal readings keep the given order
        out.sort(Comparator.comparingInt((FaqAnalysis.Spelling s) -> s.reading().charAt(0))
            .thenComparing(Comparator.comparingInt((FaqAnalysis.Spelling s) -> s.reading().length()).reversed()));
        return List.copyOf(out);
    }

    /**
     * Respells a query with the words of several FAQs: where readings of more than one match, the longest wins, and
     * of equally long ones the first FAQ's (and its first word's), as if their spellings were one list.
     *
     * @param query the customer's query
     * @param faqs  each FAQ's {@link #candidates}, best FAQ first
     * @return the NFKC-normalized query with every kana spelling of those words replaced by the word as written
     *     (equal to {@code JapaneseNormalizer.nfkc(query)} when nothing was replaced)
     */
    public static String respellWith(String query, List<List<FaqAnalysis.Spelling>> faqs) {
        String q = JapaneseNormalizer.nfkc(query);
        if (faqs.stream().allMatch(List::isEmpty)) {
            return q;
        }
        // the folded query and, for each folded character, where it starts in q
        StringBuilder folded = new StringBuilder(q.length());
        int[] at = new int[q.length() + 1];
        int n = 0;
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c == 'ー' || c == '〜' || c == '～') {
                continue;
            }
            folded.append(c >= '\u30A1' && c <= '\u30F6' ? (char) (c - 0x60) : c);
            at[n++] = i;
        }
        at[n] = q.length();
        String f = folded.toString();
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < f.length(); ) {
            Span found = null;
            if (isHiragana(f.charAt(i))) {
                for (List<FaqAnalysis.Spelling> faq : faqs) {
                    FaqAnalysis.Spelling s = longestAt(faq, f, i);
                    if (s != null && (found == null || s.reading().length() > found.to() - found.from())) {
                        found = new Span(i, i + s.reading().length(), s.surface(), s.suffix());
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
            // a run starts a word: not right after a kanji, where kana are that word's ending (開示しない is not
            // 開示市内), and not with a suffix, which only continues a word (でしょうか is not で症か)
            int first = k;
            int start = at[spans.get(first).from()];
            if (start > 0 && Character.isIdeographic(q.codePointBefore(start))) {
                first++;
            }
            while (first <= end && spans.get(first).suffix()) {
                first++;
            }
            if (first <= end && spans.get(end).to() - spans.get(first).from() >= MIN_RUN) {
                for (int j = first; j <= end; j++) {
                    Span s = spans.get(j);
                    out.append(rest, copied, at[s.from()]);
                    out.append(s.surface());
                    copied = at[s.to()];
                }
            }
            k = end + 1;
        }
        out.append(rest, copied, q.length());
        return out.toString();
    }

    /** The first of an FAQ's candidates (longest first) whose reading the folded query has at {@code i}, or null. */
    private static FaqAnalysis.@Nullable Spelling longestAt(List<FaqAnalysis.Spelling> faq, String f, int i) {
        char c = f.charAt(i);
        // the first candidate whose reading starts with c
        int lo = 0;
        int hi = faq.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (faq.get(mid).reading().charAt(0) < c) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int k = lo; k < faq.size() && faq.get(k).reading().charAt(0) == c; k++) {
            if (f.startsWith(faq.get(k).reading(), i)) {
                return faq.get(k);
            }
        }
        return null;
    }

    private static boolean allHiragana(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isHiragana(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHiragana(int c) {
        return c >= 'ぁ' && c <= 'ゖ';
    }
}
