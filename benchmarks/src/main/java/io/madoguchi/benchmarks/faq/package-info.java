/**
 * JMH benchmarks of the FAQ matcher (query latency beside plain BM25 at 10 to 10,000 FAQs, indexing time and
 * heap; the embedding reranker's query cost), the per-query profile, and the embedding reranker's quality
 * evaluation.
 */
@NullMarked
package io.madoguchi.benchmarks.faq;

import org.jspecify.annotations.NullMarked;
