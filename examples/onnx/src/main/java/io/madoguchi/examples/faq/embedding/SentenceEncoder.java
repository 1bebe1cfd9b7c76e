package io.madoguchi.examples.faq.embedding;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.madoguchi.examples.faq.Vectors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns text into L2-normalized sentence vectors with a quantized BERT-style model on ONNX
 * Runtime, in process. The model file and tokenizer are read from the model artifact's resources.
 *
 * <pre>{@code
 * try (SentenceEncoder encoder = SentenceEncoder.load(EmbeddingModel.ALL_MINILM_L6_V2_Q)) {
 *     float[] a = encoder.embed("How do I reset my password?");
 *     float[] b = encoder.embed("I forgot my password");
 *     double similarity = SentenceEncoder.cosine(a, b);
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@link #embed} and {@link #embedAll} may be called concurrently (ONNX Runtime
 * sessions support concurrent runs). Loading takes about a second and ~100 MB of memory; load
 * once and share.
 */
public final class SentenceEncoder implements AutoCloseable {

    private final EmbeddingModel model;
    private final WordPieceTokenizer tokenizer;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final boolean wantsTokenTypes;

    private SentenceEncoder(EmbeddingModel model, WordPieceTokenizer tokenizer, OrtEnvironment env,
                            OrtSession session) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.env = env;
        this.session = session;
        this.wantsTokenTypes = session.getInputNames().contains("token_type_ids");
    }

    /**
     * Loads a model with one intra-op thread per inference (predictable on a shared server).
     *
     * @param model the model
     * @return the encoder; close it to free native memory
     * @throws EmbeddingException if the model artifact is not on the class path or ONNX Runtime
     *                            cannot load it
     */
    public static SentenceEncoder load(EmbeddingModel model) {
        return load(model, 1);
    }

    /**
     * Loads a model.
     *
     * @param model          the model
     * @param intraOpThreads threads ONNX Runtime uses inside one inference (at least 1)
     * @return the encoder; close it to free native memory
     * @throws IllegalArgumentException if {@code intraOpThreads < 1}
     * @throws EmbeddingException       if the model artifact is not on the class path or ONNX
     *                                  Runtime cannot load it
     */
    public static SentenceEncoder load(EmbeddingModel model, int intraOpThreads) {
        Objects.requireNonNull(model, "model");
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1, was " + intraOpThreads);
        }
        WordPieceTokenizer tokenizer;
        byte[] onnx;
        try (InputStream tok = resource(model.tokenizerResource());
             InputStream net = resource(model.onnxResource())) {
            tokenizer = WordPieceTokenizer.fromTokenizerJson(tok, model.maxTokens(), model.stripAccents());
            onnx = net.readAllBytes();
        } catch (IOException e) {
            throw new EmbeddingException("cannot read model " + model.shortName(), e);
        }
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(intraOpThreads);
                options.setInterOpNumThreads(1);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                return new SentenceEncoder(model, tokenizer, env, env.createSession(onnx, options));
            }
        } catch (OrtException | UnsatisfiedLinkError e) {
            throw new EmbeddingException("ONNX Runtime cannot load model " + model.shortName(), e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = SentenceEncoder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource " + name + " not on the class path (add the model artifact)");
        }
        return in;
    }

    /**
     * The model this encoder runs.
     *
     * @return the model
     */
    public EmbeddingModel model() {
        return model;
    }

    /**
     * Embeds one text.
     *
     * @param text any text; long texts are truncated to the model's token limit
     * @return a unit-length vector
     * @throws EmbeddingException if inference fails
     */
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        return run(tokenizer.encode(text));
    }

    /**
     * Embeds one text cut to fewer tokens than the model allows (a long FAQ answer, for example: its
     * first sentences carry the topic, and shorter inputs embed faster).
     *
     * @param text      any text
     * @param maxTokens tokens kept, {@code [CLS]} and {@code [SEP]} included (the model's limit applies
     *                  when it is lower)
     * @return a unit-length vector
     * @throws IllegalArgumentException if {@code maxTokens < 3}
     * @throws EmbeddingException       if inference fails
     */
    public float[] embed(String text, int maxTokens) {
        Objects.requireNonNull(text, "text");
        return run(tokenizer.encode(text, maxTokens));
    }

    /**
     * Embeds many texts, one inference each: the int8 model quantizes activations per tensor, so
     * padding a text into a batch with others would change its vector. One at a time, a text's
     * vector is the same wherever it is embedded, which is what makes caching FAQ vectors sound.
     *
     * @param texts the texts
     * @return one unit-length vector per text, in the order of {@code texts} (unmodifiable)
     * @throws EmbeddingException if inference fails
     */
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(embed(text));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Cosine similarity of two vectors of equal length.
     *
     * @param a a vector
     * @param b a vector of the same length
     * @return the cosine in [-1, 1] (the dot product, for unit vectors from this class)
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double cosine(float[] a, float[] b) {
        return Vectors.cosine(a, b);
    }

    private float[] run(int[] tokens) {
        int width = tokens.length;
        long[] ids = new long[width];
        long[] mask = new long[width];
        for (int c = 0; c < width; c++) {
            ids[c] = tokens[c];
            mask[c] = 1;
        }
        long[] shape = {1, width};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (wantsTokenTypes) {
                inputs.put("token_type_ids",
                    OnnxTensor.createTensor(env, LongBuffer.wrap(new long[width]), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(session.getOutputNames().iterator().next()))) {
                OnnxTensor hidden = (OnnxTensor) result.get(0);
                long[] outShape = hidden.getInfo().getShape();
                int dim = (int) outShape[2];
                return normalize(pool(hidden.getFloatBuffer(), width, dim));
            }
        } catch (OrtException e) {
            throw new EmbeddingException("inference failed for model " + model.shortName(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Pools the {@code [tokens, dim]} hidden states of one unpadded sequence. */
    private float[] pool(FloatBuffer hidden, int tokens, int dim) {
        float[] v = new float[dim];
        if (model.pooling() == EmbeddingModel.Pooling.CLS) {
            hidden.get(0, v);
            return v;
        }
        for (int t = 0; t < tokens; t++) {
            int offset = t * dim;
            for (int d = 0; d < dim; d++) {
                v[d] += hidden.get(offset + d);
            }
        }
        for (int d = 0; d < dim; d++) {
            v[d] /= tokens;
        }
        return v;
    }

    private static float[] normalize(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / norm);
            }
        }
        return v;
    }

    /** Frees the native session. The shared ONNX Runtime environment stays. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new EmbeddingException("cannot close model " + model.shortName(), e);
        }
    }
}
