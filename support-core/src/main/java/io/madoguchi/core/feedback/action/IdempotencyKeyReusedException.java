package io.madoguchi.core.feedback.action;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ConflictException;
import java.util.List;

/**
 * An idempotency key was given again with a request that differs from the one first made under it: a retry must
 * repeat its request exactly, and a new request needs a new key. Nothing was written. {@link #fields()} names what
 * differs; the key itself is left out of the message, as a host may derive it from a customer's data.
 */
public class IdempotencyKeyReusedException extends ConflictException {

    private static final long serialVersionUID = 1L;

    /** The request's fields that differ from the first request made under the key, in declaration order. */
    private final List<String> fields;
    /** The action the first request made. */
    private final String actionId;

    /**
     * @param fields the request's fields that differ from the first request under the key; at least one
     * @param actionId the action the first request made
     * @throws IllegalArgumentException if {@code fields} is empty
     */
    public IdempotencyKeyReusedException(List<String> fields, String actionId) {
        super(describe(fields, actionId));
        this.fields = List.copyOf(fields);
        this.actionId = requireNonNull(actionId, "actionId");
    }

    private static String describe(List<String> fields, String actionId) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("an IdempotencyKeyReusedException needs at least one field");
        }
        return "idempotencyKey: already used to create improvement action " + actionId + " with another "
            + String.join(", ", fields) + "; a retry must repeat its request, a new request needs a new key";
    }

    /** @return the request's fields that differ from the first request made under the key; never empty */
    public List<String> fields() {
        return fields;
    }

    /** @return the action the first request under the key made */
    public String actionId() {
        return actionId;
    }
}
