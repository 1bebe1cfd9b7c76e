package io.madoguchi.channels.internal;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;

/** The provider message ids the outbox stores key reply contexts by. Stateless. */
public final class MessageIds {

    /** The longest id, as the desk's receive takes it. */
    public static final int MAX_LENGTH = 500;

    private MessageIds() {
    }

    /**
     * @param providerMessageId a provider message id
     * @return it, if it has 1 to {@link #MAX_LENGTH} characters
     * @throws ValidationException naming the field otherwise
     */
    public static String checked(String providerMessageId) {
        requireNonNull(providerMessageId, "providerMessageId");
        if (providerMessageId.isEmpty() || providerMessageId.length() > MAX_LENGTH) {
            throw ValidationException.of("providerMessageId", "must have 1 to " + MAX_LENGTH + " characters, had "
                + providerMessageId.length());
        }
        return providerMessageId;
    }
}
