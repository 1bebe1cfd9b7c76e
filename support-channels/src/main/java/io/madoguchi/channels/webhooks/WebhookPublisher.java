package io.madoguchi.channels.webhooks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.event.ChannelEvent;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.channels.outbox.OutboxSender;
import io.madoguchi.channels.outbox.OutboxStore;
import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.IdentityKind;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.event.TicketEvent;
import io.madoguchi.core.feedback.FeedbackEvent;
import io.madoguchi.core.sla.SlaEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code standard-webhooks} subscriber: for each committed event about a ticket whose type an enabled endpoint of
 * the event's tenant selected, writes one outbox row per such endpoint and dispatches it to the webhook sender; an
 * endpoint of another tenant gets no row, whatever it selected. The row's id is the event's position times 256 plus
 * the endpoint's place among its tenant's endpoints (below {@link WebhookDelivery#MAX_ENDPOINTS_PER_TENANT}): an
 * event has one tenant, so its position numbers that tenant's rows only and two tenants' rows never share an id. A
 * redelivered event writes nothing twice: a row already at the id is taken as written only if it is the tenant's
 * row for that endpoint (the row names its tenant and endpoint, which is how it is sent after a restart), and a row
 * numbered by the endpoint's place among all endpoints (as before places were counted per tenant) counts as
 * written too. The body is a thin Standard Webhooks payload, fixed when the row is written (every retry sends the
 * same bytes): {@code {"type": "desk.TicketCreated", "timestamp": "…Z", "data": {"tenant", "position", "ticket_id",
 * …}}} with, for ticket events, {@code status}, {@code priority} and {@code channel}, and for channel events
 * {@code channel}. No message text or customer data: the receiver reads what it needs through the desk's API. Events
 * about no ticket are not delivered. Thread-safe.
 */
public final class WebhookPublisher implements EventSubscriber {

    /** The subscriber's name, under which its checkpoint is stored. */
    public static final String NAME = "standard-webhooks";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(WebhookPublisher.class);

    private final WebhookDelivery delivery;
    private final OutboxStore store;
    private final OutboxSender sender;
    private final Clock clock;

    /**
     * @param delivery the endpoints and the adapter
     * @param store the webhook outbox store (not the channel outbox's)
     * @param sender a sender built with {@link WebhookDelivery#configure} on that store
     * @param clock the clock for the rows
     */
    public WebhookPublisher(WebhookDelivery delivery, OutboxStore store, OutboxSender sender, Clock clock) {
        this.delivery = requireNonNull(delivery, "delivery");
        this.store = requireNonNull(store, "store");
        this.sender = requireNonNull(sender, "sender");
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void handle(EventEnvelope envelope) {
        SupportEvent event = envelope.event();
        TicketId ticket = ticketOf(event);
        if (ticket == null) {
            return;
        }
        List<Integer> targets = delivery.targets(event.tenantId(), event.type());
        if (targets.isEmpty()) {
            return;
        }
        TenantId tenant = event.tenantId();
        String body = payload(envelope, ticket);
        String messageId = messageId(envelope);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (int place : targets) {
            WebhookEndpoint endpoint = delivery.endpointAt(tenant, place);
            long id = rowId(envelope.position(), place);
            Optional<OutboxRow> there = store.get(id);
            if (there.isEmpty() || !isFor(there.get(), tenant, endpoint)) {
                long earlier = earlierRow(envelope.position(), tenant, place, endpoint);
                if (earlier >= 0) {
                    id = earlier;
                } else if (there.isEmpty()) {
                    store.add(new OutboxRow(id, tenant, ticket, 0, Channel.WEBHOOK,
                        new ChannelIdentity(IdentityKind.EXTERNAL, endpoint.id()), List.of(body), 0,
                        new ReplyContext(Map.of(WebhookDelivery.HINT_MESSAGE_ID, messageId), null, now),
                        OutboxRow.Status.PENDING, 0, 0, now, null, now, 1));
                } else {
                    // another endpoint's row, numbered before places were per tenant or before the tenant's
                    // endpoints were reordered: this endpoint's row has no free id, and another's is not sent twice
                    LOG.warn("webhook event #{} of tenant '{}': row {} belongs to another endpoint, none written for"
                        + " endpoint '{}' (keep each tenant's endpoint order)", envelope.position(), tenant.value(),
                        id, endpoint.id());
                    continue;
                }
            }
            sender.dispatch(id);
        }
    }

    /** The row id of an event's delivery to the endpoint at a place among its tenant's endpoints. */
    private static long rowId(long position, int place) {
        return position * 256 + place;
    }

    /**
     * The id of the endpoint's row for this event as numbered before places were counted per tenant (by the place
     * among all endpoints), if that row exists and is this endpoint's; else -1.
     */
    private long earlierRow(long position, TenantId tenant, int place, WebhookEndpoint endpoint) {
        int before = delivery.placeAmongAll(tenant, place);
        if (before < 0 || before == place) {
            return -1;
        }
        long id = rowId(position, before);
        return store.get(id).filter(r -> isFor(r, tenant, endpoint)).isPresent() ? id : -1;
    }

    private static boolean isFor(OutboxRow row, TenantId tenant, WebhookEndpoint endpoint) {
        return row.tenantId().equals(tenant) && row.recipient().value().equals(endpoint.id());
    }

    private static @Nullable TicketId ticketOf(SupportEvent e) {
        if (e instanceof TicketEvent t) {
            return t.ticketId();
        }
        if (e instanceof ChannelEvent c) {
            return c.ticketId();
        }
        if (e instanceof SlaEvent s) {
            return s.ticket();
        }
        if (e instanceof FeedbackEvent f) {
            return f.ticketId();
        }
        return null;
    }

    /** {@code msg_} + 32 hex digits derived from the tenant, position and type: the same for every endpoint. */
    private static String messageId(EventEnvelope e) {
        UUID u = UUID.nameUUIDFromBytes((e.tenantId().value() + "/" + e.position() + "/" + e.type() + "/"
            + e.occurredAt()).getBytes(StandardCharsets.UTF_8));
        return "msg_" + HexFormat.of().toHexDigits(u.getMostSignificantBits())
            + HexFormat.of().toHexDigits(u.getLeastSignificantBits());
    }

    private static String payload(EventEnvelope envelope, TicketId ticket) {
        SupportEvent e = envelope.event();
        ObjectNode root = JSON.createObjectNode();
        root.put("type", e.type());
        root.put("timestamp", e.occurredAt().toString());
        ObjectNode data = root.putObject("data");
        data.put("tenant", e.tenantId().value());
        data.put("position", envelope.position());
        data.put("ticket_id", ticket.value());
        if (e instanceof TicketEvent t) {
            data.put("status", t.ticket().status().label());
            data.put("priority", t.ticket().priority().label());
            data.put("channel", t.ticket().channel().name());
        } else if (e instanceof ChannelEvent c) {
            data.put("channel", c.channel().name());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("webhook payload could not be written", ex);
        }
    }
}
