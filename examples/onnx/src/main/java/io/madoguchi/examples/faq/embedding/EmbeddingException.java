package io.madoguchi.examples.faq.embedding;

import io.madoguchi.core.MadoguchiException;

/**
 * The embedding model could not be loaded or run (missing model artifact, ONNX Runtime native
 * library not loadable on this platform, inference failure). A host typically falls back to
 * lexical-only FAQ matching when it sees this.
 */
public class EmbeddingException extends MadoguchiException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
