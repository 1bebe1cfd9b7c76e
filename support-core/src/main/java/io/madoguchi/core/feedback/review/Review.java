package io.madoguchi.core.feedback.review;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.feedback.text.TextAnalysis;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A review (with stars) or a comment (without) about a product or service.
 *
 * @param id the review's id
 * @param tenant the tenant
 * @param customer the author
 * @param subject what it is about (a product or service id)
 * @param stars 1–5, absent for a plain comment
 * @param text the text
 * @param state its moderation state
 * @param createdAt when it was written
 * @param updatedAt when its state last changed
 * @param analysis the analysis of its text
 */
public record Review(String id, TenantId tenant, CustomerId customer, String subject, @Nullable Integer stars,
                     String text, ModerationState state, Instant createdAt, Instant updatedAt, TextAnalysis analysis) {

    Review withState(ModerationState next, Instant at) {
        return new Review(id, tenant, customer, subject, stars, text, next, createdAt, at, analysis);
    }

    @Override
    public String toString() {
        return "Review[id=" + id + ", subject=" + subject + ", stars=" + stars + ", state=" + state + "]";
    }
}
