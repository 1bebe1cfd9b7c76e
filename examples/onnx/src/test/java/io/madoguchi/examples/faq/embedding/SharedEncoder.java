package io.madoguchi.examples.faq.embedding;

/**
 * The encoders shared by every test class in this JVM, including the {@code faq-eval} command's
 * rerankers: loading takes about a second, so the suite pays it once per model.
 */
final class SharedEncoder {

    private SharedEncoder() {
    }

    static SentenceEncoder minilm() {
        return EmbeddingRerankerProvider.encoder(EmbeddingModel.ALL_MINILM_L6_V2_Q);
    }

    static SentenceEncoder bgeSmallZh() {
        return EmbeddingRerankerProvider.encoder(EmbeddingModel.BGE_SMALL_ZH_V15_Q);
    }
}
