package io.madoguchi.core.feedback.action;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.TenantId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * Something the team does in answer to feedback.
 *
 * @param id the action's id
 * @param tenant the tenant
 * @param title what will be done
 * @param owner who is responsible
 * @param dueDate when it should be done (tenant's local date)
 * @param status its status
 * @param themes the themes it answers
 * @param feedbackIds the pieces of feedback it answers
 * @param themesSince feedback on its themes from this time on counts as answered
 * @param createdAt when it was created
 * @param updatedAt when its status last changed
 */
public record ImprovementAction(String id, TenantId tenant, String title, AgentId owner, LocalDate dueDate,
                                ActionStatus status, Set<String> themes, Set<String> feedbackIds, Instant themesSince,
                                Instant createdAt, Instant updatedAt) {

    /**
     * Copies the sets.
     *
     * @param id the action's id
     * @param tenant the tenant
     * @param title what will be done
     * @param owner who is responsible
     * @param dueDate when it should be done (tenant's local date)
     * @param status its status
     * @param themes the themes it answers
     * @param feedbackIds the pieces of feedback it answers
     * @param themesSince feedback on its themes from this time on counts as answered
     * @param createdAt when it was created
     * @param updatedAt when its status last changed
     */
    public ImprovementAction {
        themes = Set.copyOf(themes);
        feedbackIds = Set.copyOf(feedbackIds);
    }

    ImprovementAction withStatus(ActionStatus next, Instant at) {
        return new ImprovementAction(id, tenant, title, owner, dueDate, next, themes, feedbackIds, themesSince,
            createdAt, at);
    }

    ImprovementAction withFeedback(String feedbackId) {
        Set<String> ids = new java.util.HashSet<>(feedbackIds);
        ids.add(feedbackId);
        return new ImprovementAction(id, tenant, title, owner, dueDate, status, themes, ids, themesSince,
            createdAt, updatedAt);
    }
}
