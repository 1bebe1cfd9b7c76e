package io.madoguchi.examples.faq.embedding;

/**
 * The MiniLM encoder shared by every test class in this JVM, including the {@code faq-eval} command's
 * default reranker: loading takes about a second, so the suite pays it once.
 */
final class SharedEncoder {

    private SharedEncoder() {
    }

    static SentenceEncoder minilm() {
        return EmbeddingRerankerProvider.encoder(EmbeddingModel.ALL_MINILM_L6_V2_Q);
    }
}
