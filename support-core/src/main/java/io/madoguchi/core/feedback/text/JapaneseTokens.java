package io.madoguchi.core.feedback.text;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.BaseFormAttribute;
import org.apache.lucene.analysis.ja.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/** Morphological analysis of Japanese text with Kuromoji (Lucene's JapaneseTokenizer, normal mode). */
final class JapaneseTokens {

    /**
     * One morpheme.
     *
     * @param surface the text as written
     * @param base the dictionary form
     * @param pos the part of speech, e.g. {@code 名詞-サ変接続}
     */
    record Token(String surface, String base, String pos) {
        boolean isNoun() {
            return pos.startsWith("名詞");
        }

        boolean isPunctuation() {
            return pos.startsWith("記号");
        }
    }

    private JapaneseTokens() {
    }

    /**
     * @param text NFKC-normalised text
     * @return its morphemes, punctuation included
     */
    static List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>();
        try (JapaneseTokenizer tokenizer = new JapaneseTokenizer(null, false, JapaneseTokenizer.Mode.NORMAL)) {
            CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
            BaseFormAttribute base = tokenizer.addAttribute(BaseFormAttribute.class);
            PartOfSpeechAttribute pos = tokenizer.addAttribute(PartOfSpeechAttribute.class);
            tokenizer.setReader(new StringReader(text));
            tokenizer.reset();
            while (tokenizer.incrementToken()) {
                String surface = term.toString();
                String b = base.getBaseForm();
                String p = pos.getPartOfSpeech();
                out.add(new Token(surface, b == null ? surface : b, p == null ? "未知語" : p));
            }
            tokenizer.end();
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
        return out;
    }
}
