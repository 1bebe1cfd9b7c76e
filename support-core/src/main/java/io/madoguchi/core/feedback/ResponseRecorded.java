package io.madoguchi.core.feedback;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A survey response was recorded.
 *
 * @param response the response
 * @param at when
 */
public record ResponseRecorded(SurveyResponse response, Instant at) implements FeedbackEvent {

    @Override
    public io.madoguchi.core.TenantId tenantId() {
        return response.tenant();
    }

    @Override
    public io.madoguchi.core.@Nullable TicketId ticketId() {
        return response.ticket();
    }
}
