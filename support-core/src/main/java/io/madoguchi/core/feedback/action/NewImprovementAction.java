package io.madoguchi.core.feedback.action;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.AgentId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * What a create of an improvement action asks for ({@link ImprovementActions#create(io.madoguchi.core.TenantId,
 * NewImprovementAction, String)}); kept with the idempotency key it was made under, so that a repeated create can be
 * told apart from a different one under the same key. Immutable.
 *
 * @param title what will be done, 1–200 characters
 * @param owner who is responsible
 * @param dueDate when it is due (the tenant's local date)
 * @param themes the themes it answers
 * @param feedbackIds the feedback it answers; each must exist for the tenant
 * @param themesSince feedback on its themes from this time on counts as answered; not in the future
 */
public record NewImprovementAction(String title, AgentId owner, LocalDate dueDate, Set<String> themes,
                                   Set<String> feedbackIds, Instant themesSince) {

    /**
     * Copies the sets; what the values must be is checked by the create.
     *
     * @param title what will be done, 1–200 characters
     * @param owner who is responsible
     * @param dueDate when it is due (the tenant's local date)
     * @param themes the themes it answers
     * @param feedbackIds the feedback it answers; each must exist for the tenant
     * @param themesSince feedback on its themes from this time on counts as answered; not in the future
     * @throws NullPointerException if a value is null
     */
    public NewImprovementAction {
        requireNonNull(title, "title");
        requireNonNull(owner, "owner");
        requireNonNull(dueDate, "dueDate");
        themes = Set.copyOf(requireNonNull(themes, "themes"));
        feedbackIds = Set.copyOf(requireNonNull(feedbackIds, "feedbackIds"));
        requireNonNull(themesSince, "themesSince");
    }
}
