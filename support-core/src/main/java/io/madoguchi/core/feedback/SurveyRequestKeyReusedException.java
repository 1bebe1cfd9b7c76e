package io.madoguchi.core.feedback;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import java.util.List;
import java.util.Locale;

/**
 * An idempotency key of {@link Surveys#request(TenantId, CustomerId, Channel, Locale, SurveyDefinition, String)} was
 * given again with a request that differs from the one first made under it: a retry must repeat its request exactly,
 * and a new survey needs a new key. Nothing was scheduled. {@link #fields()} names what differs; the key and the
 * customer are left out of the message, as a host may derive the key from a customer's data.
 */
public class SurveyRequestKeyReusedException extends ConflictException {

    private static final long serialVersionUID = 1L;

    /** The request's fields that differ from the first request made under the key, in declaration order. */
    private final List<String> fields;
    /** The invitation the first request made. */
    private final String invitationId;

    /**
     * @param fields the request's fields that differ from the first request under the key ({@code customer},
     *     {@code channel}, {@code locale}, {@code survey}); at least one
     * @param invitationId the invitation the first request made
     * @throws IllegalArgumentException if {@code fields} is empty
     */
    public SurveyRequestKeyReusedException(List<String> fields, String invitationId) {
        super(describe(fields, invitationId));
        this.fields = List.copyOf(fields);
        this.invitationId = invitationId;
    }

    private static String describe(List<String> fields, String invitationId) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a SurveyRequestKeyReusedException needs at least one field");
        }
        return "idempotencyKey: already used to request survey invitation " + requireNonNull(invitationId,
            "invitationId") + " with another " + String.join(", ", fields) + "; a retry must repeat its request, a "
            + "new request needs a new key";
    }

    /** @return the request's fields that differ from the first request made under the key; never empty */
    public List<String> fields() {
        return fields;
    }

    /** @return the invitation the first request under the key made */
    public String invitationId() {
        return invitationId;
    }
}
