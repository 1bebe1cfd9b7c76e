package io.madoguchi.examples.faq.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * BERT tokenizer: the "basic" pass (clean control characters, split CJK ideographs into single
 * characters, lower-case and/or strip accents, split on whitespace and punctuation) followed by greedy
 * longest-match-first WordPiece with the {@code ##} continuation prefix, wrapped in
 * {@code [CLS] ... [SEP]} and truncated to a maximum length.
 *
 * <p>Immutable and thread-safe.
 */
final class WordPieceTokenizer {

    private static final String CONTINUATION = "##";
    private static final int MAX_CHARS_PER_WORD = 100;

    private final Map<String, Integer> vocab;
    private final boolean lowercase;
    private final boolean stripAccents;
    private final int maxLength;
    private final int clsId;
    private final int sepId;
    private final int unkId;

    /** A tokenizer that strips accents when it lower-cases, as BERT's {@code strip_accents} default does. */
    WordPieceTokenizer(Map<String, Integer> vocab, boolean lowercase, int maxLength) {
        this(vocab, lowercase, lowercase, maxLength);
    }

    /**
     * @param stripAccents decompose (NFD) and drop combining marks, for example the voiced-sound mark of
     *                     が (か + U+3099)
     */
    WordPieceTokenizer(Map<String, Integer> vocab, boolean lowercase, boolean stripAccents, int maxLength) {
        if (maxLength < 3) {
            throw new IllegalArgumentException("maxLength must be at least 3, was " + maxLength);
        }
        this.vocab = Map.copyOf(vocab);
        this.lowercase = lowercase;
        this.stripAccents = stripAccents;
        this.maxLength = maxLength;
        this.clsId = requiredId("[CLS]");
        this.sepId = requiredId("[SEP]");
        this.unkId = requiredId("[UNK]");
    }

    /**
     * Reads a Hugging Face {@code tokenizer.json} of a WordPiece model (vocabulary and the
     * normalizer's lower-casing and accent-stripping flags; {@code strip_accents: null} follows
     * {@code lowercase}, as in BERT).
     *
     * @throws UncheckedIOException     if the stream cannot be read or is not JSON
     * @throws IllegalArgumentException if the file is not a WordPiece tokenizer
     */
    static WordPieceTokenizer fromTokenizerJson(InputStream json, int maxLength) {
        return fromTokenizerJson(json, maxLength, false);
    }

    /**
     * Like {@link #fromTokenizerJson(InputStream, int)}, optionally stripping accents whatever the file
     * says: a vocabulary without voiced kana (が, ド) needs them decomposed into the plain kana it does
     * have, or each such word becomes {@code [UNK]}.
     */
    static WordPieceTokenizer fromTokenizerJson(InputStream json, int maxLength, boolean forceStripAccents) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer.json", e);
        }
        JsonNode model = root.path("model");
        if (!"WordPiece".equals(model.path("type").asText())) {
            throw new IllegalArgumentException("not a WordPiece tokenizer: model.type="
                + model.path("type").asText());
        }
        Map<String, Integer> vocab = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : model.path("vocab").properties()) {
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        JsonNode normalizer = root.path("normalizer");
        boolean lowercase = normalizer.path("lowercase").asBoolean(true);
        JsonNode strip = normalizer.path("strip_accents");
        boolean stripAccents = forceStripAccents
            || (strip.isBoolean() ? strip.asBoolean() : lowercase);
        return new WordPieceTokenizer(vocab, lowercase, stripAccents, maxLength);
    }

    int maxLength() {
        return maxLength;
    }

    /** Token ids of {@code text}: {@code [CLS]}, word pieces (truncated), {@code [SEP]}. */
    int[] encode(String text) {
        return encode(text, maxLength);
    }

    /**
     * Token ids of {@code text} truncated to {@code limit} tokens (at most {@link #maxLength()}),
     * special tokens included.
     */
    int[] encode(String text, int limit) {
        int length = Math.min(limit, maxLength);
        if (length < 3) {
            throw new IllegalArgumentException("limit must be at least 3, was " + limit);
        }
        List<String> pieces = new ArrayList<>();
        for (String word : basicTokens(text)) {
            wordPieces(word, pieces);
            if (pieces.size() >= length - 2) {
                break;
            }
        }
        int n = Math.min(pieces.size(), length - 2);
        int[] ids = new int[n + 2];
        ids[0] = clsId;
        for (int i = 0; i < n; i++) {
            ids[i + 1] = vocab.getOrDefault(pieces.get(i), unkId);
        }
        ids[n + 1] = sepId;
        return ids;
    }

    /** The word-piece strings of {@code text}, without special tokens or truncation (for tests). */
    List<String> tokenize(String text) {
        List<String> pieces = new ArrayList<>();
        for (String word : basicTokens(text)) {
            wordPieces(word, pieces);
        }
        return pieces;
    }

    /** Whitespace- and punctuation-separated, normalized words. */
    List<String> basicTokens(String text) {
        StringBuilder cleaned = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
            }
            if (isWhitespace(cp)) {
                cleaned.append(' ');
            } else if (isCjk(cp)) {
                cleaned.append(' ').appendCodePoint(cp).append(' ');
            } else {
                cleaned.appendCodePoint(cp);
            }
        });
        List<String> words = new ArrayList<>();
        for (String raw : cleaned.toString().split(" ")) {
            if (raw.isEmpty()) {
                continue;
            }
            String word = lowercase ? raw.toLowerCase(Locale.ROOT) : raw;
            if (stripAccents) {
                word = stripAccents(word);
            }
            splitPunctuation(word, words);
        }
        return words;
    }

    private void wordPieces(String word, List<String> out) {
        if (word.codePointCount(0, word.length()) > MAX_CHARS_PER_WORD) {
            out.add("[UNK]");
            return;
        }
        int mark = out.size();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            String match = null;
            while (start < end) {
                String candidate = (start > 0 ? CONTINUATION : "") + word.substring(start, end);
                if (vocab.containsKey(candidate)) {
                    match = candidate;
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (match == null) {
                // BERT replaces the whole word, not just the unmatched rest
                out.subList(mark, out.size()).clear();
                out.add("[UNK]");
                return;
            }
            out.add(match);
            start = end;
        }
    }

    private static void splitPunctuation(String word, List<String> out) {
        int start = 0;
        int i = 0;
        while (i < word.length()) {
            int cp = word.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isPunctuation(cp)) {
                if (i > start) {
                    out.add(word.substring(start, i));
                }
                out.add(word.substring(i, next));
                start = next;
            }
            i = next;
        }
        if (start < word.length()) {
            out.add(word.substring(start));
        }
    }

    private static String stripAccents(String s) {
        String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(nfd.length());
        nfd.codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
            .forEach(sb::appendCodePoint);
        return sb.toString();
    }

    private static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r'
            || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT
            || type == Character.PRIVATE_USE || type == Character.SURROGATE
            || type == Character.UNASSIGNED;
    }

    /** ASCII symbols count as punctuation in BERT even where Unicode says otherwise ($, +, ^, `). */
    private static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96)
            || (cp >= 123 && cp <= 126)) {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }

    /** The CJK Unified Ideographs blocks BERT splits into single characters (not kana or hangul). */
    private static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
            || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
            || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
            || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    private int requiredId(String token) {
        Integer id = vocab.get(token);
        return Objects.requireNonNull(id, () -> "vocabulary has no " + token);
    }
}
