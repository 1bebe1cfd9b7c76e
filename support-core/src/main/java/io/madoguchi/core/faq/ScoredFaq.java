package io.madoguchi.core.faq;

import java.util.Objects;

/**
 * A candidate FAQ with its ranking score (lexical, reranker and feedback combined; comparable only
 * within one match). Immutable and thread-safe.
 *
 * @param entry the FAQ
 * @param score the ranking score, higher is better
 */
public record ScoredFaq(FaqEntry entry, double score) {
    /**
     * @param entry the FAQ
     * @param score the ranking score, higher is better
     * @throws NullPointerException if entry is null
     */
    public ScoredFaq {
        Objects.requireNonNull(entry, "entry");
    }
}
