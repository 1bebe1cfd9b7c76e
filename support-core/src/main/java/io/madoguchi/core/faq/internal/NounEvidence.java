package io.madoguchi.core.faq.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Noun-level evidence that a person weighs before answering with the top FAQ: how much of what the query names
 * the FAQ's question names too, how rare in the catalog the rarest noun they share is, and whether the second
 * candidate's question names that noun as well (two FAQs about the same thing).
 */
public final class NounEvidence {

    private NounEvidence() {
    }

    /**
     * Computes {noun coverage, matched-noun rarity, key noun shared}: the idf-weighted share of the query's nouns that
     * the top FAQ's question or phrasings name, as written or by reading; the idf of the rarest of those shared nouns
     * relative to the idf of a word no FAQ holds (1: only this FAQ names it; 0: none shared); and 1 when the second
     * candidate's question or phrasings name that rarest shared noun too, else 0.
     *
     * @param index  the index whose catalog gives the idf
     * @param asked  the query's terms
     * @param top    the terms of the top FAQ's question and phrasings
     * @param second the terms of the second FAQ's question and phrasings, or null when there is none
     * @return the three values
     */
    public static double[] of(LuceneFaqIndex index, FaqAnalysis.Terms asked, List<FaqAnalysis.Terms> top,
                              @Nullable List<FaqAnalysis.Terms> second) {
        Set<String> topWords = said(top);
        Set<String> secondWords = second == null ? Set.of() : said(second);
        Map<String, Double> idf = index.wordIdf(asked.nouns());
        double unknown = Math.log(1 + (index.size() + 0.5) / 0.5);
        double total = 0;
        double covered = 0;
        double rarest = 0;
        boolean shared = false;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < asked.words().size(); i++) {
            String w = asked.words().get(i);
            if (!asked.nouns().contains(w) || !seen.add(w)) {
                continue;
            }
            String r = asked.wordReadings().get(i);
            double weight = idf.getOrDefault(w, 0.0);
            total += weight;
            if (names(topWords, w, r)) {
                covered += weight;
                if (weight > rarest) {
                    rarest = weight;
                    shared = names(secondWords, w, r);
                }
            }
        }
        return new double[] {total == 0 ? 0 : covered / total, Math.min(1, rarest / unknown), shared ? 1 : 0};
    }

    private static boolean names(Set<String> words, String word, String reading) {
        return words.contains(word) || reading.length() >= 2 && words.contains(reading);
    }

    private static Set<String> said(List<FaqAnalysis.Terms> terms) {
        Set<String> out = new HashSet<>();
        for (FaqAnalysis.Terms t : terms) {
            out.addAll(t.words());
            t.wordReadings().stream().filter(r -> r.length() >= 2).forEach(out::add);
        }
        return out;
    }
}
