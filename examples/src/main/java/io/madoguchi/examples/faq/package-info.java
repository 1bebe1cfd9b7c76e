/**
 * FAQ matching evaluation for the {@code faq-eval} command: ranking metrics, the BM25 baseline and the
 * registry of optional rerankers.
 */
@NullMarked
package io.madoguchi.examples.faq;

import org.jspecify.annotations.NullMarked;
