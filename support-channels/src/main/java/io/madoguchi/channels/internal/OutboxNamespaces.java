package io.madoguchi.channels.internal;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import java.util.regex.Pattern;

/** The namespaces an outbox store keeps its rows under ({@code withNamespace} of the stores). Stateless. */
public final class OutboxNamespaces {

    /** The longest namespace, as the JDBC store's column takes it. */
    public static final int MAX_LENGTH = 32;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

    private OutboxNamespaces() {
    }

    /**
     * @param namespace a namespace
     * @return it, if it has 1 to {@link #MAX_LENGTH} characters: lower-case ASCII letters, digits, '_', '.' or '-',
     *     starting with a letter or digit
     * @throws ValidationException naming the field otherwise
     */
    public static String checked(String namespace) {
        requireNonNull(namespace, "namespace");
        if (namespace.isEmpty() || namespace.length() > MAX_LENGTH || !NAME.matcher(namespace).matches()) {
            throw ValidationException.of("namespace", "must be 1 to " + MAX_LENGTH + " lower-case ASCII letters, "
                + "digits, '_', '.' or '-', starting with a letter or digit, was '" + namespace + "'");
        }
        return namespace;
    }
}
