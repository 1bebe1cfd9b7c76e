package io.madoguchi.examples.faq.remote;

import io.madoguchi.core.MadoguchiException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The embedding service did not return usable vectors: an HTTP error status, a response that is not
 * the OpenAI embeddings shape, or vectors that do not fit the request. Its message names the
 * endpoint without query or credentials and never contains the API key or the texts sent.
 */
public class RemoteEmbeddingException extends MadoguchiException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final @Nullable Duration retryAfter;

    /**
     * @param message    what went wrong
     * @param status     the HTTP status, or 0 when the response was unusable rather than an error
     * @param retryAfter the wait the service asked for ({@code Retry-After}), if any
     */
    public RemoteEmbeddingException(String message, int status, @Nullable Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /**
     * The HTTP status of the failed call.
     *
     * @return the status, or 0 when the response arrived but was not usable
     */
    public int status() {
        return status;
    }

    /**
     * The wait the service asked for in its {@code Retry-After} header.
     *
     * @return the wait, if the header was present and valid
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Whether trying again may succeed: 408, 409, 429 and 5xx.
     *
     * @return true for statuses worth retrying
     */
    public boolean retryable() {
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }
}
