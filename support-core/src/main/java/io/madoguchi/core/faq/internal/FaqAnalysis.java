package io.madoguchi.core.faq.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseBaseFormFilter;
import org.apache.lucene.analysis.ja.JapaneseKatakanaStemFilter;
import org.apache.lucene.analysis.ja.JapanesePartOfSpeechStopFilter;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.BaseFormAttribute;
import org.apache.lucene.analysis.ja.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.ja.tokenattributes.ReadingAttribute;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.jspecify.annotations.Nullable;

/**
 * Language-specific text analysis for the FAQ index: word terms (stemmed English or Kuromoji base
 * forms), Japanese reading forms, and character n-grams over folded text (typo and unknown-word
 * tolerance). The same code analyses indexed text and queries. Thread-safe.
 */
public abstract sealed class FaqAnalysis {

    /**
     * Terms of one text for every analysed field.
     *
     * @param words        word terms, in order, with repetitions
     * @param readings     Japanese reading forms (folded) of the words that have one
     * @param grams        character n-grams (empty unless asked for)
     * @param wordReadings the folded reading of each word, aligned with {@code words} (empty string when none;
     *                     all empty for English)
     * @param nouns        the words that can name a question's subject: Japanese nouns (not numbers, pronouns,
     *                     suffixes or dependent nouns), every word for English
     */
    public record Terms(List<String> words, List<String> readings, List<String> grams, List<String> wordReadings,
                        List<String> nouns) {
    }

    /**
     * A word as written in an FAQ and its folded reading, used to read a kana spelling as that word.
     *
     * @param surface the word as written (NFKC)
     * @param reading its reading, folded to hiragana
     * @param suffix  whether the tokenizer reads it as a suffix (名詞-接尾: 症 in 認知症, 書 in 証明書), which only
     *                continues a word
     */
    public record Spelling(String surface, String reading, boolean suffix) {
    }

    /**
     * An FAQ text analysed once for the index and for a query's confidence: its terms and its spellings.
     *
     * @param terms     as {@link #analyze(String, boolean)} returns them
     * @param spellings as {@link #spellings(String)} returns them
     */
    public record Analysed(Terms terms, List<Spelling> spellings) {
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
     * are indexed for questions and phrasings only. The terms are those of {@code analyze(text, false).words()}.
     *
     * @param text the raw text
     * @param into where its word terms go, in order, with repetitions
     */
    abstract void words(String text, DocTerms.Words into);

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

    /**
     * The words of a text written with kanji or katakana, with their readings: what a customer typing in
     * hiragana (or half-width katakana) would write for them. Empty for English.
     *
     * @param text an FAQ's question or phrasing
     * @return the spellings, in text order
     */
    public List<Spelling> spellings(String text) {
        return List.of();
    }

    /**
     * Analyses an FAQ's question or phrasing for its document, once for both {@link #analyze(String, boolean)} and
     * {@link #spellings(String)}: the terms of {@code analyze(text, false)} and the spellings, from one pass of the
     * tokenizer, while the n-grams that {@code analyze(text, true)} would list go to {@code grams}.
     *
     * @param text  an FAQ's question or phrasing
     * @param grams where the text's n-grams go
     * @return its terms (without n-grams) and spellings
     */
    abstract Analysed analyzeForIndex(String text, DocTerms.Grams grams);

    /**
     * The terms a gap report groups a handed-over query by: its content words without request framing (in any
     * script), with no character of the query lost to a broken segmentation.
     *
     * @param query the customer's query
     * @return the terms, in order
     */
    public List<String> gapTerms(String query) {
        return analyzeQuery(query).words();
    }

    /**
     * Analyses a customer's query once for its search and, should it be handed over, its gap report: the terms of
     * {@link #analyzeQuery} and the terms of {@link #gapTerms(String)}, the latter made when first asked for from
     * the same pass of the tokenizer where the language allows (a second Kuromoji pass was a tenth of a Japanese
     * query's time).
     *
     * @param text the raw query
     * @return its terms, and its gap terms on demand
     */
    public abstract QueryTerms analyzeQueryOnce(String text);

    /**
     * A customer's query analysed once: its terms, as {@link #analyzeQuery} gives them, and its gap terms, as
     * {@link #gapTerms(String)} gives them, made when first asked for. For the one thread that answers the query.
     */
    public static final class QueryTerms {
        private final Terms terms;
        private final Supplier<List<String>> gaps;
        private @Nullable List<String> gapTerms;

        QueryTerms(Terms terms, Supplier<List<String>> gaps) {
            this.terms = terms;
            this.gaps = gaps;
        }

        /** @return the query's terms, as {@link #analyzeQuery} returns them */
        public Terms terms() {
            return terms;
        }

        /** @return the query's gap terms, as {@link #gapTerms(String)} returns them */
        public List<String> gapTerms() {
            List<String> g = gapTerms;
            if (g == null) {
                g = List.copyOf(gaps.get());
                gapTerms = g;
            }
            return g;
        }
    }

    /** @return the language code */
    public abstract String language();

    static List<String> run(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        run(analyzer, text, term -> out.add(term.toString()));
        return out;
    }

    static void run(Analyzer analyzer, String text, DocTerms.Words into) {
        run(analyzer, text, term -> into.add(term.buffer(), term.length()));
    }

    /** Runs an analyzer over a text, handing each term to {@code sink} as the stream holds it. */
    private static void run(Analyzer analyzer, String text, Consumer<CharTermAttribute> sink) {
        try (TokenStream ts = analyzer.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                sink.accept(term);
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            List<String> g = List.of();
            if (withGrams) {
                Set<String> set = new LinkedHashSet<>();
                for (String token : run(plain, t)) {
                    grams("_" + token + "_", 3, 4, set);
                }
                g = new ArrayList<>(set);
            }
            return terms(t, g);
        }

        @Override
        Analysed analyzeForIndex(String text, DocTerms.Grams grams) {
            String t = JapaneseNormalizer.nfkc(text);
            for (String token : run(plain, t)) {
                String framed = "_" + token + "_";
                grams.add(framed, 0, framed.length(), 3, 4);
            }
            return new Analysed(terms(t, List.of()), List.of());
        }

        /** @param t the text, NFKC */
        private Terms terms(String t, List<String> grams) {
            List<String> w = run(words, t);
            return new Terms(w, List.of(), grams, java.util.Collections.nCopies(w.size(), ""), w);
        }

        @Override
        void words(String text, DocTerms.Words into) {
            run(words, JapaneseNormalizer.nfkc(text), into);
        }

        @Override
        public QueryTerms analyzeQueryOnce(String text) {
            // an English query's gap terms are its words
            Terms t = analyzeQuery(text);
            return new QueryTerms(t, t::words);
        }

        @Override
        public String language() {
            return "en";
        }
    }

    static final class Japanese extends FaqAnalysis {
        /**
         * The spelling tap of this thread's Kuromoji chain: the chain's components are made and reused per thread,
         * so the tap set here is the one in the stream this thread analyses.
         */
        private final ThreadLocal<SpellingTap> taps = new ThreadLocal<>();

        private final Analyzer kuromoji = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                CharArraySet stopWords = JapaneseAnalyzer.getDefaultStopSet();
                Set<String> stopTags = JapaneseAnalyzer.getDefaultStopTags();
                Tokenizer tokenizer = new JapaneseTokenizer(null, true, JapaneseTokenizer.Mode.SEARCH);
                SpellingTap tap = new SpellingTap(tokenizer);
                taps.set(tap);
                TokenStream ts = new JapaneseBaseFormFilter(tap);
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
            "教える", "おしえる", "くださる", "下さる", "いただく", "頂く", "もらう", "貰う", "願う", "ねがう",
            "お願い", "おねがい", "知る", "しる", "分かる", "わかる", "聞く", "きく", "尋ねる", "たずねる",
            "伺う", "うかがう", "欲しい", "ほしい", "思う", "おもう", "困る", "こまる", "方法", "ほうほう",
            "どう", "どの", "どんな", "どこ", "何", "なに", "いい", "よい", "良い", "いう", "言う");

        private static final CharArraySet STOP_WORDS = JapaneseAnalyzer.getDefaultStopSet();

        /** Parts of speech of words that cannot name the subject of a question. */
        private static final List<String> NOT_SUBJECT = List.of(
            "名詞-数", "名詞-代名詞", "名詞-接尾", "名詞-非自立", "名詞-副詞可能", "名詞-特殊");

        /** Trailing request framing written in kana, stripped before a gap report segments a query. */
        private static final java.util.regex.Pattern KANA_FRAMING = java.util.regex.Pattern.compile(
            "(?:[をがはのにも]|について|に?ついて)?(?:おしえて|おしえ|しりたい|しりたく|ききたい|ほしい|ほしく|"
            + "したい|したく|できますか|できる|どうすれば|どうしたら|どこで|どうやって)"
            + "(?:ください|くださいませ|ほしい|もらえますか|もらえませんか|いただけますか|いただけませんか|"
            + "です|ですか|んですが|のですが|んだけど|ますか|ません|か)*[。、．？?！!\\s]*$");

        private final Analyzer raw = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                return new TokenStreamComponents(new JapaneseTokenizer(null, true, JapaneseTokenizer.Mode.SEARCH));
            }
        };

        @Override
        public Terms analyze(String text, boolean withGrams) {
            return analyze(text, withGrams, Set.of(), null, null, null);
        }

        @Override
        Analysed analyzeForIndex(String text, DocTerms.Grams grams) {
            List<Spelling> spellings = new ArrayList<>();
            Terms terms = analyze(text, false, Set.of(), spellings, null, grams);
            return new Analysed(terms, spellings);
        }

        @Override
        public Terms analyzeQuery(String text) {
            return analyzeQuery(text, null);
        }

        @Override
        public QueryTerms analyzeQueryOnce(String text) {
            // the tokenizer's words as gapTerms(String) reads them, tapped from the query's own analysis
            List<Token> tokens = new ArrayList<>();
            Terms terms = analyzeQuery(text, tokens);
            return new QueryTerms(terms, () -> gapTerms(text, tokens, terms));
        }

        /** @param tokens where the tokenizer's words go, or null */
        private Terms analyzeQuery(String text, @Nullable List<Token> tokens) {
            Terms t = analyze(text, true, REQUEST_WORDS, null, tokens, null);
            return t.words().isEmpty() ? analyze(text, true) : t;
        }

        @Override
        void words(String text, DocTerms.Words into) {
            // the same tokens as analyze(), without looking up and folding reading forms
            run(kuromoji, JapaneseNormalizer.nfkc(text), into);
        }

        /**
         * @param spellings where the spellings of the tokenizer's words go (what {@link #spellings} returns), or
         *     null
         * @param tokens    where the tokenizer's words go (what {@link #tokens} returns for the same text), or null
         * @param gramsInto where the n-grams that {@code withGrams} lists go, or null
         */
        private Terms analyze(String text, boolean withGrams, Set<String> drop, @Nullable List<Spelling> spellings,
                              @Nullable List<Token> tokens, DocTerms.@Nullable Grams gramsInto) {
            String t = JapaneseNormalizer.nfkc(text);
            List<String> w = new ArrayList<>();
            List<String> r = new ArrayList<>();
            List<String> wr = new ArrayList<>();
            List<String> nouns = new ArrayList<>();
            StringBuilder readingText = new StringBuilder();
            try (TokenStream stream = kuromoji.tokenStream("f", t)) {
                SpellingTap tap = taps.get();
                tap.sink = spellings;
                tap.tokens = tokens;
                try {
                    CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
                    ReadingAttribute reading = stream.addAttribute(ReadingAttribute.class);
                    PartOfSpeechAttribute pos = stream.addAttribute(PartOfSpeechAttribute.class);
                    stream.reset();
                    while (stream.incrementToken()) {
                        String surface = term.toString();
                        String rd = reading.getReading();
                        String folded = JapaneseNormalizer.fold(rd == null ? surface : rd);
                        readingText.append(folded);
                        if (drop.contains(surface) || drop.contains(folded)) {
                            continue;
                        }
                        w.add(surface);
                        wr.add(folded);
                        if (!folded.isEmpty()) {
                            r.add(folded);
                        }
                        String tag = pos.getPartOfSpeech();
                        if (tag != null && tag.startsWith("名詞") && canBeSubject(tag)) {
                            nouns.add(surface);
                        }
                    }
                    stream.end();
                } finally {
                    tap.sink = null;
                    tap.tokens = null;
                }
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
            if (gramsInto != null) {
                gramsInto.addParts(JapaneseNormalizer.fold(t), 2, 3);
                gramsInto.add(readingText, 0, readingText.length(), 2, 3);
            }
            return new Terms(w, r, g, wr, nouns);
        }

        @Override
        public List<Spelling> spellings(String text) {
            List<Spelling> out = new ArrayList<>();
            for (Token token : tokens(JapaneseNormalizer.nfkc(text))) {
                addSpelling(token.surface(), token.reading(), token.suffix(), out);
            }
            return out;
        }

        /** Adds a tokenizer's word to the spellings when it is written with something else than hiragana. */
        private static void addSpelling(String surface, String folded, boolean suffix, List<Spelling> out) {
            if (folded.isEmpty()) {
                return;
            }
            for (int i = 0; i < surface.length(); ) {
                int c = surface.codePointAt(i);
                if (!isHiragana(c)) {
                    out.add(new Spelling(surface, folded, suffix));
                    return;
                }
                i += Character.charCount(c);
            }
        }

        /** @return whether a word of this part of speech can name a question's subject (see {@link #NOT_SUBJECT}) */
        private static boolean canBeSubject(String tag) {
            for (String not : NOT_SUBJECT) {
                if (tag.startsWith(not)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Passes the tokenizer's words on unchanged and, while a sink is set, adds their spellings to it: the
         * words as the tokenizer reads them, before base forms, stop words and folding, as {@link #spellings}
         * reads them with the bare tokenizer. While a token list is set, the words go there too, as
         * {@link #tokens} reads them.
         */
        private static final class SpellingTap extends TokenFilter {
            private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
            private final ReadingAttribute reading = addAttribute(ReadingAttribute.class);
            private final PartOfSpeechAttribute pos = addAttribute(PartOfSpeechAttribute.class);
            private final BaseFormAttribute base = addAttribute(BaseFormAttribute.class);
            private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
            @Nullable List<Spelling> sink;
            @Nullable List<Token> tokens;

            SpellingTap(TokenStream input) {
                super(input);
            }

            @Override
            public boolean incrementToken() throws IOException {
                if (!input.incrementToken()) {
                    return false;
                }
                List<Spelling> out = sink;
                if (out != null) {
                    String surface = term.toString();
                    String rd = reading.getReading();
                    String folded = JapaneseNormalizer.fold(rd == null ? surface : rd);
                    addSpelling(surface, folded, isSuffix(pos.getPartOfSpeech()), out);
                }
                List<Token> words = tokens;
                if (words != null) {
                    words.add(token(term.toString(), reading.getReading(), pos.getPartOfSpeech(), base.getBaseForm(),
                        offset.startOffset(), offset.endOffset()));
                }
                return true;
            }
        }

        @Override
        public List<String> gapTerms(String query) {
            return gapTerms(tokens(subject(JapaneseNormalizer.nfkc(query).strip())),
                () -> analyzeQuery(query).words());
        }

        /**
         * {@link #gapTerms(String)} from the words of the query's own analysis: those within its subject. Should a
         * word straddle the subject's end, the subject is segmented alone, as {@link #gapTerms(String)} does.
         *
         * @param tokens the tokenizer's words of the query (NFKC), with their offsets
         * @param terms  the query's terms ({@link #analyzeQuery})
         */
        private List<String> gapTerms(String query, List<Token> tokens, Terms terms) {
            String normalized = JapaneseNormalizer.nfkc(query);
            String trimmed = normalized.strip();
            String subject = subject(trimmed);
            if (!trimmed.startsWith(subject)) {
                return gapTerms(query);
            }
            int end = normalized.indexOf(trimmed) + subject.length();
            List<Token> within = new ArrayList<>(tokens.size());
            for (Token token : tokens) {
                if (token.end() <= end) {
                    within.add(token);
                } else if (token.start() < end) {
                    return gapTerms(query);
                }
            }
            return gapTerms(within, terms::words);
        }

        /** The query (NFKC, stripped) without its trailing request framing in kana, unless that is all it says. */
        private static String subject(String trimmed) {
            String stripped = KANA_FRAMING.matcher(trimmed).replaceFirst("");
            return stripped.isBlank() ? trimmed : stripped;
        }

        private static List<String> gapTerms(List<Token> tokens, Supplier<List<String>> otherwise) {
            // Kuromoji splits an unknown hiragana word before a small kana (じ + ゅうみんひょう) and then drops the
            // first part as an auxiliary: join such parts again, so that no character of the query is lost
            List<Token> joined = new ArrayList<>();
            for (Token token : tokens) {
                int first = token.surface().codePointAt(0);
                if (!joined.isEmpty() && (isSmallKana(first) || first == 'ー')) {
                    Token before = joined.remove(joined.size() - 1);
                    String word = before.surface() + token.surface();
                    joined.add(new Token(word, word, JapaneseNormalizer.fold(word), true, false, before.start(),
                        token.end()));
                } else {
                    joined.add(token);
                }
            }
            List<String> out = joined.stream().filter(Token::content).map(Token::base).toList();
            return out.isEmpty() ? otherwise.get() : out;
        }

        /**
         * A token as written, its base form and folded reading, whether it is a content word and whether a suffix,
         * and where it stands in the analysed text.
         */
        private record Token(String surface, String base, String reading, boolean content, boolean suffix, int start,
                             int end) {
        }

        private static Token token(String surface, @Nullable String reading, @Nullable String partOfSpeech,
                                   @Nullable String baseForm, int start, int end) {
            String tag = partOfSpeech == null ? "" : partOfSpeech;
            String b = baseForm == null ? surface : baseForm;
            boolean content = (tag.startsWith("名詞") || tag.startsWith("動詞") || tag.startsWith("形容詞"))
                && canBeSubject(tag) && !tag.startsWith("動詞-非自立")
                && !REQUEST_WORDS.contains(b) && !STOP_WORDS.contains(b);
            return new Token(surface, b, JapaneseNormalizer.fold(reading == null ? surface : reading), content,
                isSuffix(tag), start, end);
        }

        /** @return whether a part of speech is a suffix (名詞-接尾), which the tokenizer splits off a compound */
        private static boolean isSuffix(@Nullable String partOfSpeech) {
            return partOfSpeech != null && partOfSpeech.startsWith("名詞-接尾");
        }

        private List<Token> tokens(String text) {
            List<Token> out = new ArrayList<>();
            try (TokenStream stream = raw.tokenStream("f", text)) {
                CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
                ReadingAttribute reading = stream.addAttribute(ReadingAttribute.class);
                PartOfSpeechAttribute pos = stream.addAttribute(PartOfSpeechAttribute.class);
                BaseFormAttribute base = stream.addAttribute(BaseFormAttribute.class);
                OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
                stream.reset();
                while (stream.incrementToken()) {
                    out.add(token(term.toString(), reading.getReading(), pos.getPartOfSpeech(), base.getBaseForm(),
                        offset.startOffset(), offset.endOffset()));
                }
                stream.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }

        private static boolean isHiragana(int c) {
            return Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA;
        }

        private static boolean isSmallKana(int c) {
            return "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ".indexOf(c) >= 0;
        }

        @Override
        public String language() {
            return "ja";
        }
    }
}
