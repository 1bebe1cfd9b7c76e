package io.madoguchi.core.feedback;

import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A customer's enrolment in the periodic relationship survey.
 *
 * @param tenant the tenant
 * @param customer the customer
 * @param channel the channel to send on
 * @param locale the customer's locale
 * @param nextDue when the next relationship invitation is due
 */
public record RelationshipEnrolment(TenantId tenant, CustomerId customer, Channel channel, Locale locale,
                                    Instant nextDue) {

    /**
     * @param tenant the tenant
     * @param customer the customer
     * @param channel the channel to send on
     * @param locale the customer's locale
     * @param nextDue when the next relationship invitation is due
     * @throws NullPointerException if an argument is null
     */
    public RelationshipEnrolment {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(nextDue, "nextDue");
    }

    /**
     * @param next the new due time
     * @return a copy due then
     */
    public RelationshipEnrolment dueAt(Instant next) {
        return new RelationshipEnrolment(tenant, customer, channel, locale, next);
    }
}
