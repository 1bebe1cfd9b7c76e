package io.madoguchi.core.faq.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * An FAQ's analysed question and phrasings ({@link FaqAnalysis.Terms} without n-grams, and spellings) packed into
 * one string while the FAQ is indexed, and unpacked for the few FAQs a query reads them for.
 *
 * <p>Kept as lists, 10,000 FAQs held about a million small strings, lists and records for as long as the index
 * lived; a bulk import copied them from collection to collection while it built the index (profiled: most of the
 * import's garbage collection time). Packed, an FAQ keeps one string.
 *
 * <p>Layout: lengths and counts as one char (below {@code 0x8000}) or two; per text the word count, then per word a
 * noun flag, the word and its folded reading; then the spelling count and each spelling's surface and reading. A
 * text's readings are its words' non-empty readings in order and its nouns the flagged words, as
 * {@link FaqAnalysis} makes them.
 */
final class PackedTexts {

    private static final int ONE_CHAR = 0x8000;

    private PackedTexts() {
    }

    /**
     * Packs texts.
     *
     * @param terms     each text's terms, as {@link FaqAnalysis#analyze FaqAnalysis.analyze(text, false)} returns them
     * @param spellings the spellings of all texts, in order
     * @return the packed form
     * @throws IllegalArgumentException when a text's readings or nouns are not what its words make them (they are
     *                                  derived again when unpacking)
     */
    static String pack(List<FaqAnalysis.Terms> terms, List<FaqAnalysis.Spelling> spellings) {
        StringBuilder out = new StringBuilder(256);
        count(out, terms.size());
        for (FaqAnalysis.Terms t : terms) {
            List<String> words = t.words();
            List<String> readings = t.wordReadings();
            List<String> nouns = t.nouns();
            count(out, words.size());
            int noun = 0;
            int reading = 0;
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                String r = readings.get(i);
                boolean isNoun = noun < nouns.size() && nouns.get(noun).equals(w);
                if (isNoun) {
                    noun++;
                }
                if (!r.isEmpty()) {
                    if (reading >= t.readings().size() || !t.readings().get(reading).equals(r)) {
                        throw new IllegalArgumentException("readings are not the words' non-empty readings");
                    }
                    reading++;
                }
                out.append(isNoun ? '1' : '0');
                string(out, w);
                string(out, r);
            }
            if (noun != nouns.size() || reading != t.readings().size() || !t.grams().isEmpty()) {
                throw new IllegalArgumentException("nouns or readings are not the words'");
            }
        }
        count(out, spellings.size());
        for (FaqAnalysis.Spelling s : spellings) {
            string(out, s.surface());
            string(out, s.reading());
        }
        return out.toString();
    }

    /**
     * Unpacks the terms of each text.
     *
     * @param packed what {@link #pack} returned
     * @return the terms, equal to those packed
     */
    static List<FaqAnalysis.Terms> terms(String packed) {
        Reader in = new Reader(packed);
        int texts = in.count();
        List<FaqAnalysis.Terms> out = new ArrayList<>(texts);
        for (int t = 0; t < texts; t++) {
            int n = in.count();
            List<String> words = new ArrayList<>(n);
            List<String> readings = new ArrayList<>(n);
            List<String> wordReadings = new ArrayList<>(n);
            List<String> nouns = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                boolean noun = packed.charAt(in.at++) == '1';
                String w = in.string();
                String r = in.string();
                words.add(w);
                wordReadings.add(r);
                if (!r.isEmpty()) {
                    readings.add(r);
                }
                if (noun) {
                    nouns.add(w);
                }
            }
            out.add(new FaqAnalysis.Terms(words, readings, List.of(), wordReadings, nouns));
        }
        return out;
    }

    /**
     * Unpacks the spellings.
     *
     * @param packed what {@link #pack} returned
     * @return the spellings, equal to those packed
     */
    static List<FaqAnalysis.Spelling> spellings(String packed) {
        Reader in = new Reader(packed);
        int texts = in.count();
        for (int t = 0; t < texts; t++) {
            int n = in.count();
            for (int i = 0; i < n; i++) {
                in.at++;
                in.skip();
                in.skip();
            }
        }
        int n = in.count();
        List<FaqAnalysis.Spelling> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new FaqAnalysis.Spelling(in.string(), in.string()));
        }
        return out;
    }

    private static void count(StringBuilder out, int n) {
        if (n < ONE_CHAR) {
            out.append((char) n);
        } else {
            out.append((char) (ONE_CHAR | (n >>> 16))).append((char) (n & 0xFFFF));
        }
    }

    private static void string(StringBuilder out, String s) {
        count(out, s.length());
        out.append(s);
    }

    private static final class Reader {
        private final String packed;
        private int at;

        Reader(String packed) {
            this.packed = packed;
        }

        int count() {
            int c = packed.charAt(at++);
            return c < ONE_CHAR ? c : (c & (ONE_CHAR - 1)) << 16 | packed.charAt(at++);
        }

        String string() {
            int n = count();
            String s = packed.substring(at, at + n);
            at += n;
            return s;
        }

        void skip() {
            int n = count();
            at += n;
        }
    }
}
