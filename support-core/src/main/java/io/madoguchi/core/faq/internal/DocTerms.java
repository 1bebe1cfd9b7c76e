package io.madoguchi.core.faq.internal;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Terms gathered for one field of an FAQ's document without a {@code String} per term. An import of 10,000 Japanese
 * FAQs made about three million such strings (1.3 million answer words, 1.9 million n-grams), each read once by the
 * indexing chain and then garbage. Both kinds are filled on an analysing thread and read by the writing one; neither
 * is thread-safe.
 */
final class DocTerms {

    private DocTerms() {
    }

    /** Word terms in order, with repetitions, their chars kept in one array. */
    static final class Words {
        private char[] chars = new char[256];
        private int[] ends = new int[32];
        private int size;

        /**
         * Appends a term.
         *
         * @param buffer the term's chars (a {@link CharTermAttribute#buffer()})
         * @param length how many of them
         */
        void add(char[] buffer, int length) {
            int start = size == 0 ? 0 : ends[size - 1];
            if (start + length > chars.length) {
                chars = Arrays.copyOf(chars, Math.max(chars.length * 2, start + length));
            }
            System.arraycopy(buffer, 0, chars, start, length);
            if (size == ends.length) {
                ends = Arrays.copyOf(ends, size * 2);
            }
            ends[size++] = start + length;
        }

        /** @return the terms, in the order added */
        TokenStream tokenStream() {
            return new TokenStream() {
                private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
                private int next;

                @Override
                public boolean incrementToken() {
                    if (next >= size) {
                        return false;
                    }
                    clearAttributes();
                    int start = next == 0 ? 0 : ends[next - 1];
                    term.copyBuffer(chars, start, ends[next] - start);
                    next++;
                    return true;
                }

                @Override
                public void reset() throws IOException {
                    super.reset();
                    next = 0;
                }
            };
        }
    }

    /**
     * Distinct character n-grams of one to {@value #MAX} UTF-16 chars, each packed in a long: the n-gram field of a
     * document, which indexes documents and frequencies only, so each n-gram counts once and their order is free.
     * The same n-grams as {@link FaqAnalysis#grams} would put in a set, surrogate halves included.
     */
    static final class Grams {
        /** The longest n-gram: four chars of 16 bits fill a long. */
        static final int MAX = 4;

        private static final long[] NONE = new long[0];

        /** Packed n-grams by length; sorted and deduplicated when read. */
        private final long[][] keys = new long[MAX + 1][];
        private final int[] sizes = new int[MAX + 1];

        Grams() {
            Arrays.fill(keys, NONE);
        }

        /**
         * Adds the n-grams of {@code min} to {@code max} chars of each part of a text between spaces: what
         * {@code grams(part, min, max, set)} adds for each part of {@code text.split(" ")}.
         *
         * @param text the text
         * @param min  shortest n-gram, at least 1
         * @param max  longest n-gram, at most {@value #MAX}
         */
        void addParts(CharSequence text, int min, int max) {
            int from = 0;
            for (int i = 0; i <= text.length(); i++) {
                if (i == text.length() || text.charAt(i) == ' ') {
                    add(text, from, i, min, max);
                    from = i + 1;
                }
            }
        }

        /**
         * Adds the n-grams of {@code min} to {@code max} chars of {@code text[from, to)}.
         *
         * @param text the text
         * @param from first char
         * @param to   end (exclusive)
         * @param min  shortest n-gram, at least 1
         * @param max  longest n-gram, at most {@value #MAX}
         */
        void add(CharSequence text, int from, int to, int min, int max) {
            if (min < 1 || max > MAX) {
                throw new IllegalArgumentException("n-grams of 1 to " + MAX + " chars, asked " + min + " to " + max);
            }
            for (int n = min; n <= max; n++) {
                for (int i = from; i + n <= to; i++) {
                    long key = 0;
                    for (int k = i; k < i + n; k++) {
                        key = key << 16 | text.charAt(k);
                    }
                    long[] packed = keys[n];
                    if (sizes[n] == packed.length) {
                        packed = Arrays.copyOf(packed, Math.max(64, packed.length * 2));
                        keys[n] = packed;
                    }
                    packed[sizes[n]++] = key;
                }
            }
        }

        /** Sorts each length's keys and drops the repeated ones. */
        private void distinct() {
            for (int n = 1; n <= MAX; n++) {
                long[] packed = keys[n];
                int size = sizes[n];
                Arrays.sort(packed, 0, size);
                int kept = 0;
                for (int i = 0; i < size; i++) {
                    if (kept == 0 || packed[i] != packed[kept - 1]) {
                        packed[kept++] = packed[i];
                    }
                }
                sizes[n] = kept;
            }
        }

        /** @return the distinct n-grams, shortest first, each length in the order of its packed chars */
        TokenStream tokenStream() {
            distinct();
            return new TokenStream() {
                private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
                private int length = 1;
                private int next;

                @Override
                public boolean incrementToken() {
                    while (length <= MAX && next >= sizes[length]) {
                        length++;
                        next = 0;
                    }
                    if (length > MAX) {
                        return false;
                    }
                    clearAttributes();
                    long key = keys[length][next++];
                    char[] chars = term.resizeBuffer(length);
                    for (int k = length - 1; k >= 0; k--) {
                        chars[k] = (char) key;
                        key >>>= 16;
                    }
                    term.setLength(length);
                    return true;
                }

                @Override
                public void reset() throws IOException {
                    super.reset();
                    length = 1;
                    next = 0;
                }
            };
        }
    }
}
