package io.madoguchi.core.feedback;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import java.time.Instant;
import java.util.Set;

/**
 * A piece of feedback that improvement actions can be linked to.
 *
 * @param id the feedback's id (a survey response id or a review id)
 * @param tenant the tenant
 * @param customer the customer who gave it
 * @param at when it was given
 * @param themes the themes of its text
 */
public record FeedbackRecord(String id, TenantId tenant, CustomerId customer, Instant at, Set<String> themes) {

    /**
     * Copies the themes.
     *
     * @param id the feedback's id (a survey response id or a review id)
     * @param tenant the tenant
     * @param customer the customer who gave it
     * @param at when it was given
     * @param themes the themes of its text
     */
    public FeedbackRecord {
        themes = Set.copyOf(themes);
    }
}
