package io.madoguchi.channels;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a send attempt came to. Adapters return these rather than throwing, so the outbox decides about retries in
 * one place. Immutable.
 */
public sealed interface SendResult {

    /** @return a short reason for logs and notes; never a secret or message text */
    String detail();

    /**
     * The provider accepted the request (including "already accepted", LINE's 409 for a repeated retry key).
     *
     * @param detail for example {@code 200} or {@code 409 already accepted}
     */
    record Sent(String detail) implements SendResult {
        /**
         * @param detail for example {@code 200} or {@code 409 already accepted}
         * @throws NullPointerException if detail is null
         */
        public Sent {
            requireNonNull(detail, "detail");
        }
    }

    /**
     * A failure worth retrying: timeout, connection reset, 5xx, 429.
     *
     * @param detail what happened
     * @param retryAfter the provider's {@code Retry-After}, or null
     * @param ambiguous whether the provider may have accepted it (the response was lost)
     * @param nextContext the reply context for the next attempt (for example without a reply token the provider
     *     refused), or null to keep it
     */
    record Retry(String detail, @Nullable Duration retryAfter, boolean ambiguous, @Nullable ReplyContext nextContext)
        implements SendResult {
        /**
         * @param detail what happened
         * @param retryAfter the provider's {@code Retry-After}, or null
         * @param ambiguous whether the provider may have accepted it (the response was lost)
         * @param nextContext the reply context for the next attempt (for example without a reply token the provider
         *     refused), or null to keep it
         * @throws NullPointerException if detail is null
         */
        public Retry {
            requireNonNull(detail, "detail");
        }
    }

    /**
     * A permanent failure (an invalid token, an unknown user, a 4xx other than 409 and 429): not retried.
     *
     * @param detail what the provider said
     */
    record Rejected(String detail) implements SendResult {
        /**
         * @param detail what the provider said
         * @throws NullPointerException if detail is null
         */
        public Rejected {
            requireNonNull(detail, "detail");
        }
    }
}
