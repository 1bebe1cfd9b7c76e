package io.madoguchi.core.faq.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseBaseFormFilter;
import org.apache.lucene.analysis.ja.JapaneseKatakanaStemFilter;
import org.apache.lucene.analysis.ja.JapanesePartOfSpeechStopFilter;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.ReadingAttribute;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Language-specific text analysis for the FAQ index: word terms (stemmed English or Kuromoji base
 * forms), Japanese reading forms, and character n-grams over folded text (typo and unknown-word
 * tolerance). The same code analyses indexed text and queries. Thread-safe.
 */
public abstract sealed class FaqAnalysis {

    /** Terms of one text for every analysed field. */
    public record Terms(List<String> words, List<String> readings, List<String> grams) {
    }

    /**
     * Returns the analysis for a language.
     *
     * @param language ISO language code, {@code ja} or {@code en}
     * @return the analysis
     */
    public static FaqAnalysis forLanguage(String language) {
        return language.equals("ja") ? new Japanese() : new English();
    }

    /**
     * Analyses a text.
     *
     * @param text     the raw text
     * @param withGrams whether to compute character n-grams
     * @return its terms, in order, with repetitions
     */
    public abstract Terms analyze(String text, boolean withGrams);

    /**
     * Analyses a long text (an answer) into word terms only: no reading forms and no n-grams, which
     * are indexed for questions and phrasings only.
     *
     * @param text the raw text
     * @return its word terms, in order, with repetitions
     */
    public List<String> words(String text) {
        return analyze(text, false).words();
    }

    /**
     * Analyses a customer's query: like {@link #analyze(String, boolean)} with n-grams, but without the
     * words that only frame a request (Japanese 教えてください, 知りたい, 方法, どうすれば…), which FAQ
     * questions and answers phrase differently and which therefore add noise, not evidence. A query
     * made only of such words keeps them.
     *
     * @param text the raw query
     * @return its terms
     */
    public Terms analyzeQuery(String text) {
        return analyze(text, true);
    }

    /** @return the language code */
    public abstract String language();

    static List<String> run(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static void grams(String s, int min, int max, Set<String> out) {
        for (int n = min; n <= max; n++) {
            for (int i = 0; i + n <= s.length(); i++) {
                out.add(s.substring(i, i + n));
            }
        }
    }

    static final class English extends FaqAnalysis {
        private final Analyzer words = new EnglishAnalyzer();
        private final Analyzer plain = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                TokenStream result = new EnglishPossessiveFilter(source);
                result = new LowerCaseFilter(result);
                result = new StopFilter(result, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
                return new TokenStreamComponents(source, result);
            }
        };

        @Override
        public Terms analyze(String text, boolean withGrams) {
            String t = JapaneseNormalizer.nfkc(text);
            List<String> w = run(words, t);
            List<String> g = List.of();
            if (withGrams) {
                Set<String> set = new LinkedHashSet<>();
                for (String token : run(plain, t)) {
                    grams("_" + token + "_", 3, 4, set);
                }
                g = new ArrayList<>(set);
            }
            return new Terms(w, List.of(), g);
        }

        @Override
        public String language() {
            return "en";
        }
    }

    static final class Japanese extends FaqAnalysis {
        private final Analyzer kuromoji = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                CharArraySet stopWords = JapaneseAnalyzer.getDefaultStopSet();
                Set<String> stopTags = JapaneseAnalyzer.getDefaultStopTags();
                Tokenizer tokenizer = new JapaneseTokenizer(null, true, JapaneseTokenizer.Mode.SEARCH);
                TokenStream ts = new JapaneseBaseFormFilter(tokenizer);
                ts = new JapanesePartOfSpeechStopFilter(ts, stopTags);
                ts = new CJKWidthFilter(ts);
                ts = new StopFilter(ts, stopWords);
                ts = new JapaneseKatakanaStemFilter(ts);
                ts = new LowerCaseFilter(ts);
                return new TokenStreamComponents(tokenizer, ts);
            }
        };

        /**
         * Base forms that frame a request rather than name its subject: asking (教える, 知る, 聞く…),
         * politeness (くださる, いただく, 願う), wanting and opinion (欲しい, 思う, 困る), and the generic
         * question words (方法, どう, どこ, 何…).
         */
        private static final Set<String> REQUEST_WORDS = Set.of(
            "教える", "くださる", "下さる", "いただく", "頂く", "もらう", "貰う", "願う", "お願い",
            "知る", "分かる", "わかる", "聞く", "尋ねる", "伺う", "欲しい", "ほしい", "思う", "困る",
            "方法", "どう", "どの", "どんな", "どこ", "何", "なに", "いい", "よい", "良い", "いう", "言う");

        @Override
        public Terms analyze(String text, boolean withGrams) {
            return analyze(text, withGrams, Set.of());
        }

        @Override
        public Terms analyzeQuery(String text) {
            Terms t = analyze(text, true, REQUEST_WORDS);
            return t.words().isEmpty() ? analyze(text, true) : t;
        }

        @Override
        public List<String> words(String text) {
            // the same tokens as analyze(), without looking up and folding reading forms
            return run(kuromoji, JapaneseNormalizer.nfkc(text));
        }

        private Terms analyze(String text, boolean withGrams, Set<String> drop) {
            String t = JapaneseNormalizer.nfkc(text);
            List<String> w = new ArrayList<>();
            List<String> r = new ArrayList<>();
            StringBuilder readingText = new StringBuilder();
            try (TokenStream stream = kuromoji.tokenStream("f", t)) {
                CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
                ReadingAttribute reading = stream.addAttribute(ReadingAttribute.class);
                stream.reset();
                while (stream.incrementToken()) {
                    String surface = term.toString();
                    String rd = reading.getReading();
                    String folded = JapaneseNormalizer.fold(rd == null ? surface : rd);
                    readingText.append(folded);
                    if (drop.contains(surface)) {
                        continue;
                    }
                    w.add(surface);
                    if (!folded.isEmpty()) {
                        r.add(folded);
                    }
                }
                stream.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> g = List.of();
            if (withGrams) {
                Set<String> set = new LinkedHashSet<>();
                for (String part : JapaneseNormalizer.fold(t).split(" ")) {
                    grams(part, 2, 3, set);
                }
                grams(readingText.toString(), 2, 3, set);
                g = new ArrayList<>(set);
            }
            return new Terms(w, r, g);
        }

        @Override
        public String language() {
            return "ja";
        }
    }
}
