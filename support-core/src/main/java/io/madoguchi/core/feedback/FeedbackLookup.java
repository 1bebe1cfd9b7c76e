package io.madoguchi.core.feedback;

import io.madoguchi.core.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Finds feedback for improvement actions. Implementations must be thread-safe. */
public interface FeedbackLookup {

    /**
     * @param tenant the tenant
     * @param feedbackId the feedback's id
     * @return the feedback, if the tenant has it
     */
    Optional<FeedbackRecord> find(TenantId tenant, String feedbackId);

    /**
     * @param tenant the tenant
     * @param theme a theme
     * @param from inclusive start
     * @param to exclusive end
     * @return the tenant's feedback with that theme given in {@code [from, to)}
     */
    List<FeedbackRecord> withTheme(TenantId tenant, String theme, Instant from, Instant to);
}
