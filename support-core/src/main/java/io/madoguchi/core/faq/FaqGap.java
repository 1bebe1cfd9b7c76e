package io.madoguchi.core.faq;

import java.util.List;

/**
 * A group of customer queries that found no good FAQ, sharing key terms: a candidate for a new FAQ.
 * Immutable and thread-safe.
 *
 * @param keyTerms the terms the queries share, most frequent first
 * @param count    number of queries in the group
 * @param examples up to five example queries (customer text: do not log)
 */
public record FaqGap(List<String> keyTerms, int count, List<String> examples) {
    /**
     * Copies the lists.
     *
     * @param keyTerms the terms the queries share, most frequent first
     * @param count    number of queries in the group
     * @param examples up to five example queries (customer text: do not log)
     */
    public FaqGap {
        keyTerms = List.copyOf(keyTerms);
        examples = List.copyOf(examples);
    }
}
