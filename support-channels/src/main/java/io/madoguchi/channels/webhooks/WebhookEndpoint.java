package io.madoguchi.channels.webhooks;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A host system's endpoint that receives one tenant's desk events as Standard Webhooks: it belongs to that tenant,
 * receives only the events of that tenant, and its id names it within that tenant (two tenants may each have an
 * endpoint {@code crm}). Immutable; {@code toString} never prints the secrets.
 *
 * @param tenantId the tenant it belongs to, whose events it receives
 * @param id a stable name for it within its tenant: 1 to 64 letters, digits, {@code _} or {@code -}
 * @param url where deliveries are posted (http or https)
 * @param secrets its signing secrets ({@code whsec_…}): the current one first, then older ones while the receiver
 *     rotates; each delivery carries one signature per secret
 * @param eventTypes the event types it receives, as {@code SupportEvent.type()} names them (for example
 *     {@code desk.TicketCreated}, {@code desk.StatusChanged}, {@code channel.DeliveryDeadLettered})
 */
public record WebhookEndpoint(TenantId tenantId, String id, URI url, List<String> secrets, Set<String> eventTypes) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)+");

    /**
     * @param tenantId the tenant it belongs to, whose events it receives
     * @param id a stable name for it within its tenant: 1 to 64 letters, digits, {@code _} or {@code -}
     * @param url where deliveries are posted (http or https)
     * @param secrets its signing secrets ({@code whsec_…}): the current one first, then older ones while the receiver
     *     rotates; each delivery carries one signature per secret
     * @param eventTypes the event types it receives, as {@code SupportEvent.type()} names them (for example {@code
     *     desk.TicketCreated}, {@code desk.StatusChanged}, {@code channel.DeliveryDeadLettered})
     * @throws ValidationException naming the field if a value is malformed, on {@code tenantId} if there is no tenant
     */
    public WebhookEndpoint {
        if (tenantId == null) {
            throw ValidationException.of("tenantId", "must not be null: an endpoint belongs to one tenant");
        }
        if (id == null || !ID.matcher(id).matches()) {
            throw ValidationException.of("id", "must be 1 to 64 letters, digits, '_' or '-'");
        }
        requireNonNull(url, "url");
        if (url.getScheme() == null || !url.getScheme().matches("(?i)https?") || url.getHost() == null) {
            throw ValidationException.of("url", "must be an absolute http or https URL");
        }
        secrets = List.copyOf(requireNonNull(secrets, "secrets"));
        if (secrets.isEmpty()) {
            throw ValidationException.of("secrets", "at least one secret is needed");
        }
        for (String s : secrets) {
            StandardWebhooks.key(s);
        }
        eventTypes = Set.copyOf(requireNonNull(eventTypes, "eventTypes"));
        if (eventTypes.isEmpty()) {
            throw ValidationException.of("eventTypes", "select at least one event type");
        }
        for (String t : eventTypes) {
            if (!TYPE.matcher(t).matches()) {
                throw ValidationException.of("eventTypes", "'" + t + "' is not a full-stop delimited event type");
            }
        }
    }

    /**
     * @param tenantId the tenant it belongs to, whose events it receives
     * @param id the endpoint's name within its tenant
     * @param url its URL
     * @param secret its signing secret ({@code whsec_…})
     * @param eventTypes the event types it receives
     * @return the endpoint
     * @throws ValidationException naming the field if a value is malformed (on {@code tenantId} if the tenant is
     *     null, blank or not a tenant id)
     */
    public static WebhookEndpoint of(String tenantId, String id, String url, String secret, String... eventTypes) {
        TenantId tenant = TenantId.of(tenantId);
        try {
            return new WebhookEndpoint(tenant, id, new URI(requireNonNull(url, "url")), List.of(secret),
                Set.of(eventTypes));
        } catch (URISyntaxException e) {
            throw ValidationException.of("url", "is not a URL: " + e.getReason());
        }
    }

    @Override
    public String toString() {
        return "WebhookEndpoint[" + tenantId.value() + "/" + id + " " + url.getHost() + ", " + secrets.size()
            + " secrets, " + eventTypes + "]";
    }
}
