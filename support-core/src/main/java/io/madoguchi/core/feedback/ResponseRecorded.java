package io.madoguchi.core.feedback;

import java.time.Instant;

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
    public String streamKey() {
        io.madoguchi.core.TicketId ticket = response.ticket();
        return ticket != null ? "ticket:" + ticket.value() : "tenant:" + response.tenant().value();
    }
}
