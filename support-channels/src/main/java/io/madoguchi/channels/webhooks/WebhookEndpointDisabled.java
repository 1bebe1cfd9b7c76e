package io.madoguchi.channels.webhooks;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.event.SupportEvent;
import java.time.Instant;

/**
 * An endpoint answered {@code 410 Gone}: it is disabled and receives nothing more until the host enables it again.
 * Recorded in the event log (area {@code webhooks}) so the host can tell its owner and keep it disabled after a
 * restart. Immutable.
 *
 * @param tenantId the tenant whose delivery got the answer
 * @param endpointId the endpoint's id
 * @param at when
 */
public record WebhookEndpointDisabled(TenantId tenantId, String endpointId, Instant at) implements SupportEvent {

    @Override
    public Instant occurredAt() {
        return at;
    }

    @Override
    public String streamKey() {
        return "tenant:" + tenantId.value();
    }

    @Override
    public String area() {
        return "webhooks";
    }
}
