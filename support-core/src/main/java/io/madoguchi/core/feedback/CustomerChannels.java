package io.madoguchi.core.feedback;

import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import java.util.Set;

/**
 * Which channels a customer can be reached on, so that {@link Surveys} refuses to send a survey about no ticket (a
 * campaign or relationship NPS) on a channel the customer has no address for. {@link
 * io.madoguchi.core.integration.DeskSurveys#customerChannels} answers from the desk's customers and their channel
 * identities; a host with its own directory implements it. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CustomerChannels {

    /**
     * @param tenant the tenant
     * @param customer the customer
     * @return the channels the customer can be reached on; empty if the customer is unknown
     */
    Set<Channel> reachable(TenantId tenant, CustomerId customer);
}
