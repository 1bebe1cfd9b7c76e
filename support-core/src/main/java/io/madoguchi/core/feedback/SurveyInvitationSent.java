package io.madoguchi.core.feedback;

import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A survey invitation was handed to the transport. Carries no token.
 *
 * @param tenantId the tenant
 * @param invitationId the invitation
 * @param ticketId the ticket asked about, absent for surveys about no ticket
 * @param customer the customer invited
 * @param surveyId the survey
 * @param channel the channel it was sent on
 * @param at when it was sent
 */
public record SurveyInvitationSent(TenantId tenantId, String invitationId, @Nullable TicketId ticketId,
                                   CustomerId customer, String surveyId, Channel channel, Instant at)
    implements FeedbackEvent {

    static SurveyInvitationSent of(Invitation inv, Instant at) {
        return new SurveyInvitationSent(inv.tenant(), inv.id(), inv.ticket(), inv.customer(), inv.survey().id(),
            inv.channel(), at);
    }
}
