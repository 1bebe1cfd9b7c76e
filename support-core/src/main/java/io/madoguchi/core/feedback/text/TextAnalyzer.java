package io.madoguchi.core.feedback.text;

import io.madoguchi.core.ValidationException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Analyses feedback text in Japanese and English with a small built-in polarity lexicon.
 *
 * <ul>
 *   <li><b>Key phrases</b>: Japanese compound nouns (consecutive Kuromoji noun tokens joined: 配送状況,
 *       返金手続き); English chunks of words between stop words and punctuation ("delivery status").</li>
 *   <li><b>Sentiment</b>: the mean polarity of the polar words found; a negation after a Japanese word
 *       (〜ない, 〜ません, 〜なかった) or before an English one ("not", "n't", "never") turns a positive word
 *       negative (×-0.8) and a negative word mildly positive (×-0.4, so 「悪くない」 is mildly positive);
 *       intensifiers (とても, "very") weigh ×1.5.</li>
 *   <li><b>Themes</b>: the key phrases mapped through a {@link ThemeDictionary}.</li>
 *   <li><b>Complaint</b> (クレーム): a complaint cue (二度と, 責任者, 返金しろ, "unacceptable",
 *       "speak to a manager", …) with a sentiment of at most -0.3, or two or more cues.</li>
 * </ul>
 *
 * <p>Text is NFKC-normalised first, so full-width and half-width forms are treated alike. A text is read as
 * Japanese when it contains kana or kanji, else as English. Immutable and thread-safe.
 */
public final class TextAnalyzer {

    /** Longest text analysed; longer input is rejected. */
    public static final int MAX_LENGTH = 20_000;

    private static final Pattern JAPANESE = Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");
    private static final Pattern EN_TOKEN = Pattern.compile("[a-z0-9]+(?:'[a-z]+)?|[.,!?;:()\\[\\]\"/]");
    private static final Set<String> EN_STOP = Set.of(
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with", "by", "from", "about",
        "as", "into", "over", "after", "before", "than", "then", "so", "too", "very", "really", "just", "also",
        "i", "me", "my", "we", "us", "our", "you", "your", "he", "she", "it", "its", "they", "them", "their",
        "this", "that", "these", "those", "there", "here", "what", "which", "who", "when", "where", "why", "how",
        "is", "am", "are", "was", "were", "be", "been", "being", "have", "has", "had", "do", "does", "did",
        "will", "would", "can", "could", "should", "may", "might", "must", "shall", "get", "got", "getting",
        "make", "made", "take", "took", "said", "told", "asked", "want", "wanted", "need", "needed", "tried",
        "waited", "still", "again", "even", "only", "all", "any", "some", "more", "most", "much", "many",
        "one", "two", "up", "out", "off", "now", "ever", "always", "yet", "please", "thanks", "thank", "it's",
        "i'm", "i've", "you're", "let", "know", "think", "feel", "felt", "went", "came", "like");
    private static final Set<String> JA_STOP_NOUNS = Set.of("こと", "もの", "ため", "よう", "方", "件", "時", "今回",
        "何", "それ", "これ", "あれ", "どれ", "ここ", "そこ", "さん", "様");

    private final ThemeDictionary themes;
    private final List<String> complaintCues;

    private TextAnalyzer(ThemeDictionary themes, List<String> complaintCues) {
        this.themes = themes;
        this.complaintCues = complaintCues;
    }

    /** @return an analyzer with the default themes and complaint cues */
    public static TextAnalyzer defaults() {
        return of(ThemeDictionary.defaults(), Lexicon.COMPLAINT_CUES);
    }

    /**
     * @param themes the theme dictionary
     * @param complaintCues the complaint cues (matched after NFKC normalisation, lower-casing and kana folding)
     * @return an analyzer using them
     */
    public static TextAnalyzer of(ThemeDictionary themes, List<String> complaintCues) {
        Objects.requireNonNull(themes, "themes");
        return new TextAnalyzer(themes, complaintCues.stream().map(ThemeDictionary::normalize).toList());
    }

    /** @return the theme dictionary */
    public ThemeDictionary themes() {
        return themes;
    }

    /**
     * @param text the text; may be empty
     * @return its analysis
     * @throws ValidationException if the text is longer than {@value #MAX_LENGTH} characters
     */
    public TextAnalysis analyze(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw ValidationException.of("text", "must be at most " + MAX_LENGTH + " characters; was " + text.length());
        }
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC);
        boolean japanese = JAPANESE.matcher(normalized).find();
        List<String> phrases;
        Sentiment sentiment;
        if (japanese) {
            List<JapaneseTokens.Token> tokens = JapaneseTokens.tokenize(normalized);
            phrases = japanesePhrases(tokens);
            sentiment = japaneseSentiment(tokens);
        } else {
            List<String> tokens = englishTokens(normalized);
            phrases = englishPhrases(tokens);
            sentiment = englishSentiment(tokens);
        }
        String folded = ThemeDictionary.normalize(normalized);
        List<String> cues = complaintCues.stream().filter(folded::contains).toList();
        ComplaintSignal complaint = (!cues.isEmpty() && sentiment.score() <= -0.3) || cues.size() >= 2
            ? new ComplaintSignal(cues, sentiment.score()) : null;
        return new TextAnalysis(japanese ? "ja" : "en", phrases, sentiment, themes.themesOf(phrases), complaint);
    }

    private static List<String> japanesePhrases(List<JapaneseTokens.Token> tokens) {
        Set<String> out = new LinkedHashSet<>();
        List<JapaneseTokens.Token> run = new ArrayList<>();
        for (JapaneseTokens.Token t : tokens) {
            if (isPhraseNoun(t)) {
                run.add(t);
            } else {
                flush(run, out);
            }
        }
        flush(run, out);
        return List.copyOf(out);
    }

    private static boolean isPhraseNoun(JapaneseTokens.Token t) {
        String pos = t.pos();
        return t.isNoun() && !pos.startsWith("名詞-非自立") && !pos.startsWith("名詞-代名詞")
            && !pos.startsWith("名詞-副詞可能") && !pos.startsWith("名詞-数") && !pos.startsWith("名詞-特殊")
            && !pos.startsWith("名詞-接尾-助数詞");
    }

    private static void flush(List<JapaneseTokens.Token> run, Set<String> out) {
        if (run.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        run.forEach(t -> sb.append(t.surface()));
        String phrase = sb.toString();
        boolean single = run.size() == 1;
        boolean polarOnly = single && Lexicon.JA.containsKey(run.get(0).base());
        if (phrase.codePointCount(0, phrase.length()) >= 2 && !JA_STOP_NOUNS.contains(phrase) && !polarOnly) {
            out.add(phrase);
        }
        run.clear();
    }

    private static Sentiment japaneseSentiment(List<JapaneseTokens.Token> tokens) {
        double sum = 0;
        int count = 0;
        double boost = 1;
        for (int i = 0; i < tokens.size(); i++) {
            JapaneseTokens.Token t = tokens.get(i);
            if (Lexicon.JA_INTENSIFIERS.contains(t.base()) || Lexicon.JA_INTENSIFIERS.contains(t.surface())) {
                boost = 1.5;
                continue;
            }
            Double w = Lexicon.JA.get(t.base());
            if (w == null) {
                w = Lexicon.JA.get(t.surface());
            }
            if (w == null) {
                if (t.isPunctuation()) {
                    boost = 1;
                }
                continue;
            }
            boolean negated = japaneseNegated(tokens, i);
            sum += boost * (negated ? (w > 0 ? Lexicon.NEGATED_POSITIVE * w : Lexicon.NEGATED_NEGATIVE * -w) : w);
            count++;
            boost = 1;
        }
        return Sentiment.of(count == 0 ? 0 : sum / count);
    }

    /** A negator within the next six morphemes, before punctuation, a contrast conjunction or another polar word. */
    private static boolean japaneseNegated(List<JapaneseTokens.Token> tokens, int at) {
        for (int j = at + 1; j < tokens.size() && j <= at + 6; j++) {
            JapaneseTokens.Token t = tokens.get(j);
            if (t.isPunctuation() || (t.pos().startsWith("助詞") && Lexicon.JA_SCOPE_BREAKS.contains(t.surface()))
                || Lexicon.JA.containsKey(t.base())) {
                return false;
            }
            boolean negPos = t.pos().startsWith("助動詞") || t.pos().startsWith("形容詞");
            if (negPos && Lexicon.JA_NEGATORS.contains(t.base())) {
                return true;
            }
        }
        return false;
    }

    private static List<String> englishTokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = EN_TOKEN.matcher(text.toLowerCase(Locale.ROOT).replace('’', '\''));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static boolean isEnglishPunctuation(String token) {
        return !Character.isLetterOrDigit(token.charAt(0));
    }

    private static boolean isEnglishNegator(String token) {
        return Lexicon.EN_NEGATORS.contains(token) || token.endsWith("n't");
    }

    private static Sentiment englishSentiment(List<String> tokens) {
        double sum = 0;
        int count = 0;
        int negationLeft = 0;
        double boost = 1;
        for (String t : tokens) {
            if (isEnglishPunctuation(t) || Lexicon.EN_SCOPE_BREAKS.contains(t)) {
                negationLeft = 0;
                boost = 1;
                continue;
            }
            if (isEnglishNegator(t)) {
                negationLeft = 3;
                continue;
            }
            if (Lexicon.EN_INTENSIFIERS.contains(t)) {
                boost = 1.5;
                continue;
            }
            Double w = Lexicon.EN.get(t);
            if (w != null) {
                boolean negated = negationLeft > 0;
                sum += boost * (negated ? (w > 0 ? Lexicon.NEGATED_POSITIVE * w : Lexicon.NEGATED_NEGATIVE * -w) : w);
                count++;
                boost = 1;
                negationLeft = 0;
            } else if (negationLeft > 0) {
                negationLeft--;
            }
        }
        return Sentiment.of(count == 0 ? 0 : sum / count);
    }

    private static List<String> englishPhrases(List<String> tokens) {
        Set<String> out = new LinkedHashSet<>();
        List<String> run = new ArrayList<>();
        for (String t : tokens) {
            boolean breaks = isEnglishPunctuation(t) || EN_STOP.contains(t) || isEnglishNegator(t)
                || Lexicon.EN.containsKey(t) || Lexicon.EN_INTENSIFIERS.contains(t) || t.endsWith("ly")
                || t.chars().allMatch(Character::isDigit);
            if (breaks) {
                flushEnglish(run, out);
            } else {
                run.add(t);
            }
        }
        flushEnglish(run, out);
        return List.copyOf(out);
    }

    private static void flushEnglish(List<String> run, Set<String> out) {
        while (!run.isEmpty() && run.get(0).endsWith("ed")) {
            run.remove(0);
        }
        while (!run.isEmpty() && run.get(run.size() - 1).endsWith("ed")) {
            run.remove(run.size() - 1);
        }
        if (!run.isEmpty() && run.size() <= 4 && String.join(" ", run).length() >= 3) {
            out.add(String.join(" ", run));
        }
        run.clear();
    }

    @Override
    public String toString() {
        return "TextAnalyzer[themes=" + themes.themes() + ", cues=" + complaintCues.size() + "]";
    }
}
