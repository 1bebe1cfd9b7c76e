package io.madoguchi.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * The idempotency keys a host passes to a create or a request ({@code ImprovementActions.create},
 * {@code Surveys.request}): 1 to {@link #MAX_LENGTH} characters, not blank, no control characters. Stateless.
 */
public final class HostKeys {

    /** The most characters a host's idempotency key has. */
    public static final int MAX_LENGTH = 255;

    private HostKeys() {
    }

    /**
     * @param key a host's idempotency key, or null
     * @return what is wrong with it, for a violation of the field {@code idempotencyKey}; null if it is a valid key
     */
    public static @Nullable String problem(@Nullable String key) {
        if (key == null || key.isBlank() || key.length() > MAX_LENGTH) {
            return "must be 1-" + MAX_LENGTH + " characters, not blank";
        }
        if (key.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        return null;
    }
}
