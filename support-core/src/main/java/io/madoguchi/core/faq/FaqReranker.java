package io.madoguchi.core.faq;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An optional second-stage scorer (for example a sentence-embedding model) that re-scores the lexical
 * top-N candidates of a query. The matcher normalizes the lexical and reranker scores of the candidates
 * and combines them as a weighted sum before computing the confidence.
 *
 * <p>Implementations must be thread-safe: {@link #score} is called concurrently from many threads.
 * They may cache per-FAQ data (embeddings) keyed by {@link Candidate#id()} and
 * {@link Candidate#version()}; {@link #prepare} is called when FAQs are indexed so that expensive work
 * happens outside the query path.
 */
public interface FaqReranker {

    /**
     * Short stable name of this reranker, used in logs and evaluation output.
     *
     * @return the name, for example {@code "minilm"}
     */
    String name();

    /**
     * Called when FAQs are added or changed, before they can be returned as candidates. The default
     * does nothing.
     *
     * @param locale  language of the FAQs
     * @param entries FAQs that were added or changed
     */
    default void prepare(Locale locale, List<Candidate> entries) {
    }

    /**
     * Scores the lexical candidates of a query. Higher is better; the scale is free (cosine similarity
     * is typical) but must be comparable across queries of the same reranker.
     *
     * @param query      the query text as typed by the user (validated, not normalized)
     * @param locale     the language of the query
     * @param candidates the lexical top-N candidates, best first
     * @return one score per candidate, in the order of {@code candidates}
     */
    double[] score(String query, Locale locale, List<Candidate> candidates);

    /**
     * A lexical candidate handed to a reranker.
     *
     * @param id           FAQ id
     * @param version      version of the FAQ entry (changes whenever its text changes)
     * @param question     the question
     * @param phrasings    alternative phrasings (examples), possibly empty
     * @param answer       the answer text, possibly empty
     * @param lexicalScore the lexical score (0 when the candidate was only prepared)
     */
    record Candidate(String id, long version, String question, List<String> phrasings, String answer,
                     double lexicalScore) {
        /**
         * Creates a candidate.
         *
         * @param id           FAQ id
         * @param version      version of the FAQ entry (changes whenever its text changes)
         * @param question     the question
         * @param phrasings    alternative phrasings (examples), possibly empty
         * @param answer       the answer text, possibly empty
         * @param lexicalScore the lexical score (0 when the candidate was only prepared)
         * @throws NullPointerException if a component is null
         */
        public Candidate {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(question, "question");
            phrasings = List.copyOf(phrasings);
            Objects.requireNonNull(answer, "answer");
        }
    }
}
