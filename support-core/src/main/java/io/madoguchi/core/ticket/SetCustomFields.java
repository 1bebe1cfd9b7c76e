package io.madoguchi.core.ticket;

import io.madoguchi.core.TicketId;
import io.madoguchi.core.internal.Masked;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Map;
import java.util.Set;

/**
 * Sets and clears custom field values, each validated against the tenant's {@link CustomFieldDefinition}. Immutable and
 * thread-safe.
 *
 * @param ticketId the ticket
 * @param values new values by field key
 * @param clear keys whose values are removed
 * @param expectedVersion the version the change is based on, or {@link TicketCommand#LATEST}
 */
public record SetCustomFields(
    @NotNull TicketId ticketId,
    @NotNull Map<String, Object> values,
    @NotNull Set<String> clear,
    @PositiveOrZero long expectedVersion) implements TicketCommand {

    /**
     * @param ticketId the ticket
     * @param values new values by field key
     * @return the command, applied to the current version
     */
    public static SetCustomFields of(TicketId ticketId, Map<String, Object> values) {
        return new SetCustomFields(ticketId, values, Set.of(), LATEST);
    }

    /** @return a description without the values (personal data), for logs: the fields are listed by key only */
    @Override
    public String toString() {
        return "SetCustomFields[" + ticketId + ", set=" + Masked.keys(values) + ", clear=" + clear
            + ", expectedVersion=" + expectedVersion + "]";
    }
}
