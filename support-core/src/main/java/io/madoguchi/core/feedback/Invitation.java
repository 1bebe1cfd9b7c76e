package io.madoguchi.core.feedback;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An invitation to answer a survey, with its signed token. {@link #toString()} masks the token.
 *
 * @param id the invitation's id
 * @param tenant the tenant
 * @param customer the only customer who may answer
 * @param ticket the ticket asked about, absent for relationship surveys
 * @param agent the agent who solved the ticket, if any
 * @param group the ticket's group, if any
 * @param channel the channel to send it on
 * @param survey the survey to show
 * @param trigger why it was created
 * @param dueAt when to send it
 * @param expiresAt when its token stops being accepted
 * @param locale the customer's locale for the texts
 * @param token the signed single-use token to put in the link
 */
public record Invitation(String id, TenantId tenant, CustomerId customer, @Nullable TicketId ticket,
                         @Nullable AgentId agent, @Nullable GroupId group, Channel channel, SurveyDefinition survey,
                         SurveyTrigger trigger, Instant dueAt, Instant expiresAt, Locale locale, String token) {

    @Override
    public String toString() {
        return "Invitation[id=" + id + ", tenant=" + tenant + ", customer=" + customer + ", ticket=" + ticket
            + ", channel=" + channel + ", survey=" + survey.id() + ", trigger=" + trigger + ", dueAt=" + dueAt
            + ", expiresAt=" + expiresAt + ", token=***]";
    }
}
