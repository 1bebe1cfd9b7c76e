package io.madoguchi.core.feedback;

import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A survey invitation was scheduled, or rescheduled (due later because its ticket was solved again). Carries no
 * token.
 *
 * @param tenantId the tenant
 * @param invitationId the invitation
 * @param ticketId the ticket asked about, absent for surveys about no ticket
 * @param customer the customer invited
 * @param surveyId the survey
 * @param trigger why it was scheduled
 * @param channel the channel it will be sent on
 * @param dueAt when it is due
 * @param expiresAt when its link stops being accepted
 * @param at when it was scheduled
 */
public record SurveyInvitationScheduled(TenantId tenantId, String invitationId, @Nullable TicketId ticketId,
                                        CustomerId customer, String surveyId, SurveyTrigger trigger, Channel channel,
                                        Instant dueAt, Instant expiresAt, Instant at) implements FeedbackEvent {

    static SurveyInvitationScheduled of(Invitation inv, Instant at) {
        return new SurveyInvitationScheduled(inv.tenant(), inv.id(), inv.ticket(), inv.customer(), inv.survey().id(),
            inv.trigger(), inv.channel(), inv.dueAt(), inv.expiresAt(), at);
    }
}
