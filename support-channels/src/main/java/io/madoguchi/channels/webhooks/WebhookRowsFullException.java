package io.madoguchi.channels.webhooks;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ChannelException;
import io.madoguchi.core.TenantId;
import java.util.List;

/**
 * An event's 256 webhook row ids are all taken, by rows of endpoints that are no longer among its targets (removed,
 * renamed, or no longer selecting its type since its first delivery), so some selected endpoints got no row. The
 * {@link WebhookPublisher} writes and sends every other endpoint's row first and then throws this, so the event is
 * retried and finally parked, visible to the host, instead of the send being dropped.
 */
public class WebhookRowsFullException extends ChannelException {

    private static final long serialVersionUID = 1L;

    /** The event's tenant. */
    private final TenantId tenantId;
    /** The event's position in the log. */
    private final long position;
    /** The ids of the tenant's endpoints that got no row. */
    private final List<String> endpointIds;

    /**
     * @param tenantId the event's tenant
     * @param position the event's position
     * @param endpointIds the ids of the tenant's endpoints that got no row
     */
    public WebhookRowsFullException(TenantId tenantId, long position, List<String> endpointIds) {
        super("webhook event #" + position + " of tenant '" + requireNonNull(tenantId, "tenantId").value()
            + "': its 256 row ids are taken, no row for endpoints " + endpointIds);
        this.tenantId = tenantId;
        this.position = position;
        this.endpointIds = List.copyOf(endpointIds);
    }

    /** @return the event's tenant */
    public TenantId tenantId() {
        return tenantId;
    }

    /** @return the event's position */
    public long position() {
        return position;
    }

    /** @return the ids of the tenant's endpoints that got no row, in the tenant's order */
    public List<String> endpointIds() {
        return endpointIds;
    }
}
