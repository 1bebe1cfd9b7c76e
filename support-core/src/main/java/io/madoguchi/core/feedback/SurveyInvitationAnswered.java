package io.madoguchi.core.feedback;

import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A survey invitation was answered: its link is refused from now on. Carries neither the token nor the answers
 * (those are in the {@link ResponseRecorded} appended with it).
 *
 * @param tenantId the tenant
 * @param invitationId the invitation
 * @param responseId the recorded response
 * @param ticketId the ticket asked about, absent for surveys about no ticket
 * @param customer the customer who answered
 * @param surveyId the survey
 * @param channel the channel the invitation went out on
 * @param at when it was answered
 */
public record SurveyInvitationAnswered(TenantId tenantId, String invitationId, String responseId,
                                       @Nullable TicketId ticketId, CustomerId customer, String surveyId,
                                       Channel channel, Instant at) implements FeedbackEvent {
}
