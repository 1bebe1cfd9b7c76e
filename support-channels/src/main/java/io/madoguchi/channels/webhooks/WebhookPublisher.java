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
import io.madoguchi.core.ConflictException;
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
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code standard-webhooks} subscriber: for each committed event about a ticket whose type an enabled endpoint of
 * the event's tenant selected, writes one outbox row per such endpoint and dispatches it to the webhook sender; an
 * endpoint of another tenant gets no row, whatever it selected. An event's rows have ids from its position times 256
 * to that plus 255: an event has one tenant, so its position numbers that tenant's rows only and two tenants' rows
 * never share an id. A new row takes the id of the endpoint's place among its tenant's endpoints (below
 * {@link WebhookDelivery#MAX_ENDPOINTS_PER_TENANT}), or, when a row of another endpoint holds that id, the lowest free
 * id of the event.
 *
 * <p>A redelivered event (its first delivery failed part way, a lease ran out, it was parked) writes no row twice and
 * loses none, however the tenant's endpoints were reordered, added or removed in between: the publisher reads all the
 * event's rows (one {@link OutboxStore#between} read) and takes an endpoint's row as written if one of them names the
 * tenant and the endpoint (which is how a row is sent after a restart), wherever its id: at the endpoint's former
 * place, or at its place among all endpoints as rows were numbered before places were counted per tenant (while the
 * store holds them: it drops finished rows after its retention). Once the store dropped an endpoint's finished row,
 * its ledger of finished rows still refuses the row ({@link OutboxStore#add} answers false, {@link
 * OutboxStore#finishedBefore} true): the endpoint is done, and nothing is written or sent again, however long after
 * (within the ledger's bounds) the event is redelivered; an id a dropped row of another endpoint holds is skipped for
 * the next free one. Only the endpoint's own row is dispatched, never another's. If a concurrent delivery of the
 * event took an id first, the event's rows are read again. Two host instances whose tenant's endpoints are in
 * different orders may choose different ids for one endpoint's row; the rows
 * carry the event's {@code webhook-id} as the store's delivery key ({@link OutboxStore#DELIVERY_KEY_HINT}), so the
 * store writes one of them, and the other instance's {@link OutboxStore#add} answers false: it takes the row as written
 * by the other delivery, finds it when it reads the event's rows again and dispatches it (the outbox sends a row once),
 * rather than writing and sending a second. If the event's 256 ids are all taken (by rows of endpoints it no longer
 * targets), the other endpoints' rows are written and sent and {@link WebhookRowsFullException} is thrown, so that the
 * event is retried and then parked rather than a send dropped.
 *
 * <p>The body is a thin Standard Webhooks payload, fixed when the row is written (every retry sends the same bytes):
 * {@code {"type": "desk.TicketCreated", "timestamp": "…Z", "data": {"tenant", "position", "ticket_id", …}}} with,
 * for ticket events, {@code status}, {@code priority} and {@code channel}, and for channel events {@code channel}. No
 * message text or customer data: the receiver reads what it needs through the desk's API. Events about no ticket are
 * not delivered. Thread-safe.
 */
public final class WebhookPublisher implements EventSubscriber {

    /** The subscriber's name, under which its checkpoint is stored. */
    public static final String NAME = "standard-webhooks";

    /** Row ids per event: one per place among a tenant's endpoints, and one spare. */
    private static final int IDS_PER_EVENT = 256;
    /** How often the event's rows are read again when concurrent deliveries of it take the ids it chose. */
    private static final int ROUNDS = 4;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(WebhookPublisher.class);

    private final WebhookDelivery delivery;
    private final OutboxStore store;
    private final OutboxSender sender;
    private final Clock clock;

    /**
     * @param delivery the endpoints and the adapter
     * @param store the webhook outbox store: the channel outbox's store {@code withNamespace(}{@link
     *     WebhookDelivery#OUTBOX_NAMESPACE}{@code )}, or a store of its own, never the channel outbox's namespace
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

    /**
     * Writes and dispatches the event's rows.
     *
     * @param envelope the committed event
     * @throws WebhookRowsFullException if the event's row ids are all taken and some selected endpoints got no row
     *     (the others' rows are written and dispatched)
     * @throws ConflictException if concurrent deliveries of the event kept taking the ids chosen for its new rows
     */
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
        Map<Integer, WebhookEndpoint> wanted = new LinkedHashMap<>();
        for (int place : targets) {
            wanted.put(place, delivery.endpointAt(tenant, place));
        }
        Map<Integer, Long> written = new HashMap<>();
        Set<Integer> done = new HashSet<>();
        BitSet blocked = new BitSet(IDS_PER_EVENT);
        List<String> full = new ArrayList<>();
        try {
            int blocks = 0;
            for (int round = 0; written.size() + done.size() + full.size() < wanted.size()
                && (round < ROUNDS || blocked.cardinality() > blocks); round++) {
                // a round that found ids held by dropped rows is not counted against the concurrent deliveries
                blocks = blocked.cardinality();
                full.clear();
                write(envelope, ticket, wanted, new Progress(written, done, blocked, full));
            }
        } finally {
            // what is written is sent even if the store failed on a later row: the redelivery finds it written
            for (int place : targets) {
                Long id = written.get(place);
                if (id != null) {
                    sender.dispatch(id);
                }
            }
        }
        if (!full.isEmpty()) {
            LOG.warn("webhook event #{} of tenant '{}': its {} row ids are taken by rows of endpoints it no longer"
                + " targets, no row for endpoints {}; the event is retried", envelope.position(), tenant.value(),
                IDS_PER_EVENT, full);
            throw new WebhookRowsFullException(tenant, envelope.position(), full);
        }
        if (written.size() + done.size() < wanted.size()) {
            throw new ConflictException("webhook event #" + envelope.position() + " of tenant '" + tenant.value()
                + "': concurrent deliveries took the row ids chosen " + ROUNDS + " times; the event is retried");
        }
    }

    /**
     * What the rounds of one delivery found.
     *
     * @param written the places whose row exists, and its id
     * @param done the places whose row was finished and dropped by the store (its ledger refuses it): nothing to send
     * @param blocked the offsets among the event's ids that the store refused and where no row of the endpoint is held:
     *     held by a dropped row of another endpoint, or by nothing while a concurrent delivery wrote the endpoint's row
     *     elsewhere
     * @param full the ids of endpoints no free id was left for in the last round
     */
    private record Progress(Map<Integer, Long> written, Set<Integer> done, BitSet blocked, List<String> full) {
    }

    /**
     * One round: reads the event's rows, takes each wanted endpoint's row found there as written, and writes a row
     * for each other one at a free id (its own place's when free). Adds to {@code written} the places whose row
     * exists now, to {@code done} those whose row the store dropped finished, and to {@code full} the ids of endpoints
     * no free id was left for; an endpoint whose chosen id a concurrent delivery or a dropped row took is in none,
     * for the next round.
     */
    private void write(EventEnvelope envelope, TicketId ticket, Map<Integer, WebhookEndpoint> wanted, Progress p) {
        TenantId tenant = envelope.tenantId();
        Map<Integer, Long> written = p.written();
        long first = rowId(envelope.position(), 0);
        BitSet taken = new BitSet(IDS_PER_EVENT);
        taken.or(p.blocked());
        Map<String, Long> rowOf = new HashMap<>();
        for (OutboxRow r : store.between(first, first + IDS_PER_EVENT - 1, IDS_PER_EVENT)) {
            taken.set((int) (r.id() - first));
            if (r.tenantId().equals(tenant)) {
                rowOf.putIfAbsent(r.recipient().value(), r.id());
            }
        }
        Map<Integer, Long> chosen = new LinkedHashMap<>();
        for (Map.Entry<Integer, WebhookEndpoint> w : wanted.entrySet()) {
            int place = w.getKey();
            if (p.done().contains(place)) {
                continue;
            }
            Long found = rowOf.get(w.getValue().id());
            if (found != null) {
                written.put(place, found);
            } else if (!written.containsKey(place) && !taken.get(place)) {
                taken.set(place);
                chosen.put(place, rowId(envelope.position(), place));
            }
        }
        for (Map.Entry<Integer, WebhookEndpoint> w : wanted.entrySet()) {
            int place = w.getKey();
            if (written.containsKey(place) || chosen.containsKey(place) || p.done().contains(place)) {
                continue;
            }
            int free = taken.nextClearBit(0);
            if (free >= IDS_PER_EVENT) {
                p.full().add(w.getValue().id());
            } else {
                taken.set(free);
                chosen.put(place, rowId(envelope.position(), free));
            }
        }
        if (chosen.isEmpty()) {
            return;
        }
        String body = payload(envelope, ticket);
        String messageId = messageId(envelope);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (Map.Entry<Integer, Long> c : chosen.entrySet()) {
            WebhookEndpoint endpoint = requireNonNull(wanted.get(c.getKey()), "endpoint");
            long id = c.getValue();
            OutboxRow row = new OutboxRow(id, tenant, ticket, 0, Channel.WEBHOOK,
                new ChannelIdentity(IdentityKind.EXTERNAL, endpoint.id()), List.of(body), 0,
                new ReplyContext(Map.of(WebhookDelivery.HINT_MESSAGE_ID, messageId), null, now),
                OutboxRow.Status.PENDING, 0, 0, now, null, now, 1);
            if (store.add(row)) {
                written.put(c.getKey(), id);
                continue;
            }
            Optional<OutboxRow> held = store.get(id);
            if (held.filter(r -> isFor(r, tenant, endpoint)).isPresent()) {
                written.put(c.getKey(), id);
            } else if (store.finishedBefore(row)) {
                // sent or dead-lettered before, its row dropped after the store's retention: nothing to send again
                p.done().add(c.getKey());
            } else if (held.isEmpty()) {
                // a dropped row of another endpoint holds the id, or a concurrent delivery wrote the endpoint's row at
                // another id (the store refuses a second row of the event and endpoint): the next round's read finds
                // the latter, and chooses another id for the former
                p.blocked().set((int) (id - first));
            }
            // else another endpoint's row holds the id: the next round's read finds it
        }
    }

    /** The row id of an event's row at an index among its ids. */
    private static long rowId(long position, int index) {
        return position * IDS_PER_EVENT + index;
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
