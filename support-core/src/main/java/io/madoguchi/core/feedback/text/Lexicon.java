package io.madoguchi.core.feedback.text;

import java.util.Map;
import java.util.Set;

/** The built-in polarity lexicon (ja base forms, en lower-case words), negators and intensifiers. */
final class Lexicon {

    /** Japanese base forms (as Kuromoji reports them) and their polarity. */
    static final Map<String, Double> JA = Map.ofEntries(
        Map.entry("満足", 1.0), Map.entry("良い", 1.0), Map.entry("よい", 1.0), Map.entry("いい", 1.0),
        Map.entry("嬉しい", 1.0), Map.entry("うれしい", 1.0), Map.entry("助かる", 1.0), Map.entry("丁寧", 1.0),
        Map.entry("親切", 1.0), Map.entry("迅速", 1.0), Map.entry("早い", 0.5), Map.entry("速い", 0.5),
        Map.entry("素晴らしい", 1.0), Map.entry("便利", 1.0), Map.entry("感謝", 1.0), Map.entry("ありがとう", 1.0),
        Map.entry("最高", 1.0), Map.entry("安心", 1.0), Map.entry("快適", 1.0), Map.entry("解決", 0.5),
        Map.entry("好き", 1.0), Map.entry("素敵", 1.0), Map.entry("分かりやすい", 1.0), Map.entry("わかりやすい", 1.0),
        Map.entry("許す", 0.5), Map.entry("納得", 0.5),
        Map.entry("不満", -1.0), Map.entry("悪い", -1.0), Map.entry("遅い", -1.0), Map.entry("最悪", -1.0),
        Map.entry("不便", -1.0), Map.entry("不親切", -1.0), Map.entry("残念", -1.0), Map.entry("困る", -1.0),
        Map.entry("怒る", -1.0), Map.entry("失望", -1.0), Map.entry("がっかり", -1.0), Map.entry("ひどい", -1.0),
        Map.entry("酷い", -1.0), Map.entry("不快", -1.0), Map.entry("面倒", -1.0), Map.entry("失礼", -1.0),
        Map.entry("問題", -0.5), Map.entry("不具合", -0.5), Map.entry("遅延", -0.5), Map.entry("壊れる", -0.5),
        Map.entry("嫌", -1.0), Map.entry("不安", -0.5), Map.entry("迷惑", -1.0), Map.entry("不誠実", -1.0),
        Map.entry("不愉快", -1.0), Map.entry("使いにくい", -1.0), Map.entry("分かりにくい", -1.0));

    /** Japanese negators (base forms of 助動詞 / 形容詞): ない, ぬ, ん (ません), ず. */
    static final Set<String> JA_NEGATORS = Set.of("ない", "ぬ", "ん", "ず", "無い");

    /** Japanese intensifiers. */
    static final Set<String> JA_INTENSIFIERS = Set.of("とても", "非常", "大変", "全く", "まったく", "本当に", "すごく",
        "かなり", "最も", "全然");

    /** Japanese surfaces that end a negation scope (contrast and reason conjunctions). */
    static final Set<String> JA_SCOPE_BREAKS = Set.of("が", "けど", "けれど", "けれども", "のに", "ので", "から", "し");

    /** English words and their polarity. */
    static final Map<String, Double> EN = Map.ofEntries(
        Map.entry("good", 1.0), Map.entry("great", 1.0), Map.entry("excellent", 1.0), Map.entry("happy", 1.0),
        Map.entry("satisfied", 1.0), Map.entry("helpful", 1.0), Map.entry("quick", 0.5), Map.entry("fast", 0.5),
        Map.entry("friendly", 1.0), Map.entry("kind", 1.0), Map.entry("love", 1.0), Map.entry("thanks", 1.0),
        Map.entry("thank", 1.0), Map.entry("resolved", 0.5), Map.entry("easy", 1.0), Map.entry("perfect", 1.0),
        Map.entry("amazing", 1.0), Map.entry("awesome", 1.0), Map.entry("pleased", 1.0), Map.entry("polite", 1.0),
        Map.entry("recommend", 1.0), Map.entry("nice", 1.0), Map.entry("fine", 0.5),
        Map.entry("bad", -1.0), Map.entry("terrible", -1.0), Map.entry("awful", -1.0), Map.entry("slow", -1.0),
        Map.entry("rude", -1.0), Map.entry("unhappy", -1.0), Map.entry("disappointed", -1.0),
        Map.entry("disappointing", -1.0), Map.entry("angry", -1.0), Map.entry("useless", -1.0),
        Map.entry("poor", -1.0), Map.entry("worst", -1.0), Map.entry("horrible", -1.0), Map.entry("broken", -0.5),
        Map.entry("unacceptable", -1.0), Map.entry("frustrated", -1.0), Map.entry("frustrating", -1.0),
        Map.entry("annoying", -1.0), Map.entry("difficult", -0.5), Map.entry("hate", -1.0), Map.entry("late", -0.5),
        Map.entry("problem", -0.5), Map.entry("issue", -0.3), Map.entry("delayed", -0.5), Map.entry("wrong", -0.5),
        Map.entry("unhelpful", -1.0), Map.entry("dissatisfied", -1.0));

    /** English negators. Words ending in {@code n't} also negate. */
    static final Set<String> EN_NEGATORS = Set.of("not", "no", "never", "cannot", "without", "hardly", "nothing",
            "neither", "nor");

    /** English intensifiers. */
    static final Set<String> EN_INTENSIFIERS = Set.of("very", "really", "extremely", "so", "totally", "absolutely",
            "incredibly");

    /** English words that end a negation scope. */
    static final Set<String> EN_SCOPE_BREAKS = Set.of("but", "although", "though", "however", "yet");

    /** Default complaint cues, matched on NFKC lower-cased text. */
    static final java.util.List<String> COMPLAINT_CUES = java.util.List.of(
        "二度と", "責任者", "上司", "返金しろ", "金返せ", "訴え", "訴訟", "消費者センター", "ふざけ", "許せない",
        "誠意", "詐欺", "弁護士", "謝罪しろ", "謝れ",
        "unacceptable", "speak to a manager", "speak to your manager", "supervisor", "lawyer", "sue you",
        "never again", "scam", "fraud", "refund now", "disgusting", "report you");

    /** Polarity of a negated positive word, relative to the word's weight. */
    static final double NEGATED_POSITIVE = -0.8;
    /** Polarity of a negated negative word ("悪くない", "not bad"): mildly positive. */
    static final double NEGATED_NEGATIVE = 0.4;

    private Lexicon() {
    }
}
