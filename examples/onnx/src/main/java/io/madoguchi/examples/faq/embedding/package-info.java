/**
 * Optional in-process sentence-embedding reranker for FAQ matching: a quantized BERT-style model
 * (all-MiniLM-L6-v2 or BGE-small-en-v1.5, shipped as resources of a Maven artifact) run on ONNX
 * Runtime with a built-in WordPiece tokenizer. Hosts that want it add this module's dependencies
 * and pass {@link io.madoguchi.examples.faq.embedding.EmbeddingFaqReranker} to the FAQ matcher;
 * support-core itself never depends on ONNX Runtime.
 */
@NullMarked
package io.madoguchi.examples.faq.embedding;

import org.jspecify.annotations.NullMarked;
