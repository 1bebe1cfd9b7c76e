package io.madoguchi.core.feedback.text;

import io.madoguchi.core.ValidationException;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps key phrases to themes: a phrase belongs to a theme when it contains one of the theme's keywords
 * (compared after NFKC normalisation, lower-casing and folding katakana to hiragana, so full-width and
 * half-width forms and kana variants match).
 * Immutable and thread-safe.
 */
public final class ThemeDictionary {

    private final Map<String, List<String>> keywords;

    private ThemeDictionary(Map<String, List<String>> keywords) {
        this.keywords = keywords;
    }

    /**
     * The default themes: {@code delivery} (配送), {@code refund} (返金), {@code support-quality} (対応),
     * {@code price} (料金), {@code product-quality} (品質), {@code account} (ログイン).
     *
     * @return the default dictionary
     */
    public static ThemeDictionary defaults() {
        return builder()
            .theme("delivery", "配送", "配達", "発送", "到着", "荷物", "届", "delivery", "shipping", "shipment", "package",
                    "courier", "parcel")
            .theme("refund", "返金", "返品", "払い戻し", "払戻", "キャンセル", "refund", "return", "money back", "cancellation")
            .theme("support-quality", "対応", "担当", "オペレーター", "サポート", "窓口", "電話", "support", "agent", "staff",
                    "representative", "service")
            .theme("price", "料金", "価格", "値段", "費用", "請求", "値上げ", "price", "pricing", "cost", "fee", "charge", "bill")
            .theme("product-quality", "品質", "不具合", "故障", "初期不良", "quality", "defect", "bug", "broken")
            .theme("account", "ログイン", "パスワード", "アカウント", "login", "password", "account")
            .build();
    }

    /** @return an empty builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param keyPhrase a key phrase
     * @return the themes whose keywords it contains
     */
    public Set<String> themesOf(String keyPhrase) {
        String p = normalize(keyPhrase);
        Set<String> out = new LinkedHashSet<>();
        keywords.forEach((theme, words) -> {
            for (String w : words) {
                if (p.contains(w)) {
                    out.add(theme);
                    break;
                }
            }
        });
        return Set.copyOf(out);
    }

    /**
     * @param keyPhrases key phrases
     * @return the themes any of them maps to
     */
    public Set<String> themesOf(List<String> keyPhrases) {
        Set<String> out = new LinkedHashSet<>();
        keyPhrases.forEach(k -> out.addAll(themesOf(k)));
        return Set.copyOf(out);
    }

    /** @return the theme names */
    public Set<String> themes() {
        return keywords.keySet();
    }

    /** NFKC, lower case, and katakana folded to hiragana, so width, case and kana variants match. */
    static String normalize(String s) {
        char[] c = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= '\u30A1' && c[i] <= '\u30F6') {
                c[i] -= 0x60;
            }
        }
        return new String(c);
    }

    /** Builds a {@link ThemeDictionary}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, List<String>> keywords = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param theme the theme's name
         * @param words its keywords (at least one)
         * @return this builder
         * @throws ValidationException if the name is blank, no keyword is given or the theme was already defined
         */
        public Builder theme(String theme, String... words) {
            Objects.requireNonNull(theme, "theme");
            if (theme.isBlank()) {
                throw ValidationException.of("theme", "must not be blank");
            }
            if (words.length == 0) {
                throw ValidationException.of("theme.keywords", "theme '" + theme + "' needs at least one keyword");
            }
            if (keywords.containsKey(theme)) {
                throw ValidationException.of("theme", "theme '" + theme + "' was already defined");
            }
            keywords.put(theme, java.util.Arrays.stream(words).map(w -> normalize(Objects.requireNonNull(w, "keyword")))
                .filter(w -> !w.isBlank()).toList());
            return this;
        }

        /** @return the dictionary */
        public ThemeDictionary build() {
            return new ThemeDictionary(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keywords)));
        }
    }
}
