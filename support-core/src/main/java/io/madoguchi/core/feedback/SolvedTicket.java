package io.madoguchi.core.feedback;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the feedback module needs to know about a solved ticket (the desk fills it in).
 *
 * @param tenant the tenant
 * @param ticket the ticket
 * @param customer the ticket's requester: the only one allowed to answer its survey
 * @param agent the assignee at solve time, if any
 * @param group the group at solve time, if any
 * @param channel the channel the ticket came through; the survey is sent on the same one
 * @param solvedAt when it was solved
 * @param locale the customer's locale, for the survey texts
 * @param marks marks that may suppress the survey
 */
public record SolvedTicket(TenantId tenant, TicketId ticket, CustomerId customer, @Nullable AgentId agent,
                           @Nullable GroupId group, Channel channel, Instant solvedAt, Locale locale,
                           Set<TicketMark> marks) {

    /**
     * @param tenant the tenant
     * @param ticket the ticket
     * @param customer the ticket's requester: the only one allowed to answer its survey
     * @param agent the assignee at solve time, if any
     * @param group the group at solve time, if any
     * @param channel the channel the ticket came through; the survey is sent on the same one
     * @param solvedAt when it was solved
     * @param locale the customer's locale, for the survey texts
     * @param marks marks that may suppress the survey
     * @throws NullPointerException if a required value is null
     */
    public SolvedTicket {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(solvedAt, "solvedAt");
        Objects.requireNonNull(locale, "locale");
        marks = Set.copyOf(marks);
    }
}
