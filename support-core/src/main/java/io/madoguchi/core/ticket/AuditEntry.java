package io.madoguchi.core.ticket;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.Principal;
import java.time.Instant;
import java.util.List;

/**
 * One step in a ticket's history: who did what, when, and which fields changed. Immutable.
 *
 * @param version the ticket version this step produced
 * @param at when
 * @param actor who
 * @param action what, for example {@code created}, {@code status}, {@code public_reply}, {@code internal_note}
 * @param changes the fields changed, old and new values, unmodifiable
 * @param internal whether the step is staff-only (an internal note); customers never see such entries
 */
public record AuditEntry(long version, Instant at, Principal actor, String action, List<FieldChange> changes,
                         boolean internal) {

    /**
     * @param version the ticket version this step produced
     * @param at when
     * @param actor who
     * @param action what, for example {@code created}, {@code status}, {@code public_reply}, {@code internal_note}
     * @param changes the fields changed, old and new values, unmodifiable
     * @param internal whether the step is staff-only (an internal note); customers never see such entries
     * @throws NullPointerException if an argument is null
     */
    public AuditEntry {
        requireNonNull(at, "at");
        requireNonNull(actor, "actor");
        requireNonNull(action, "action");
        changes = List.copyOf(changes);
    }
}
