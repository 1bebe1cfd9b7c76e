package io.madoguchi.examples.faq.embedding;

/**
 * The MiniLM encoder shared by every test class in this JVM, loaded on first use: loading takes
 * about a second, so the suite pays it once. Never closed; the native session ends with the JVM.
 */
final class SharedEncoder {

    private SharedEncoder() {
    }

    private static final class Holder {
        static final SentenceEncoder MINILM = SentenceEncoder.load(EmbeddingModel.ALL_MINILM_L6_V2_Q);
    }

    static SentenceEncoder minilm() {
        return Holder.MINILM;
    }
}
