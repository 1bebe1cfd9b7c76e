package io.madoguchi.channels.outbox;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.TextSplitter;
import io.madoguchi.channels.event.ChannelEvent;
import io.madoguchi.core.IllegalTransitionException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.event.DeliveryRequested;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code channel-outbox} subscriber: turns each committed {@code DeliveryRequested} event for a channel the
 * sender serves into an outbox row (the event's position is the row's id, so a redelivered event writes nothing),
 * with the ticket's reply context (resolving the requester's contexts kept before their messages' commits by the
 * desk's claims), and hands it to the {@link OutboxSender}; and turns each
 * {@link ChannelEvent.DeliveryDeadLettered} into an internal note on the ticket (a desk step, so the spine's
 * subscriber claim makes it happen once). Register it with {@code desk.subscribe(...)}. Thread-safe.
 */
public final class OutboxSubscriber implements EventSubscriber {

    /** The subscriber's name, under which its checkpoint is stored. */
    public static final String NAME = "channel-outbox";

    private final SupportDesk desk;
    private final OutboxStore store;
    private final OutboxSender sender;
    private final EventLog eventLog;

    /**
     * @param desk the desk (to read the requester's identities and write notes)
     * @param store the outbox store
     * @param sender the sender
     * @param eventLog the desk store's event log
     */
    public OutboxSubscriber(SupportDesk desk, OutboxStore store, OutboxSender sender, EventLog eventLog) {
        this.desk = requireNonNull(desk, "desk");
        this.store = requireNonNull(store, "store");
        this.sender = requireNonNull(sender, "sender");
        this.eventLog = requireNonNull(eventLog, "eventLog");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void handle(EventEnvelope envelope) {
        if (envelope.event() instanceof DeliveryRequested d) {
            enqueue(envelope.position(), d);
        } else if (envelope.event() instanceof ChannelEvent.DeliveryDeadLettered dead
            && sender.adapter(dead.channel().name()).isPresent()) {
            // only replies this sender delivers: a host webhook that failed is no reply the customer missed
            note(dead);
        }
    }

    private void enqueue(long position, DeliveryRequested d) {
        Optional<ChannelAdapter> found = sender.adapter(d.channel().name());
        if (found.isEmpty()) {
            return; // another component delivers on this channel
        }
        if (store.get(position).filter(row -> row.channel().equals(d.channel())).isPresent()) {
            sender.dispatch(position); // written by an earlier delivery of this event
            return;
        }
        // no row at the id, or another channel's (the webhook sender writing to this store's namespace): add, which
        // refuses the latter loudly rather than this reply being taken as written before and never sent
        ChannelAdapter adapter = found.get();
        Principal system = desk.system(d.tenantId(), "channels");
        Instant now = desk.clock().instant().truncatedTo(ChronoUnit.MICROS);
        Customer customer = desk.customer(system, d.ticket().requester());
        Optional<ChannelIdentity> recipient = customer.identities().stream()
            .filter(i -> i.kind() == adapter.identityKind()).findFirst();
        if (recipient.isEmpty()) {
            ChannelEvent.DeliveryDeadLettered dead = new ChannelEvent.DeliveryDeadLettered(d.tenantId(), d.channel(),
                d.ticketId(), position, 0, "the customer has no " + adapter.identityKind() + " identity", now);
            eventLog.append(List.of(dead), Map.of(
                new IdempotencyKey(d.tenantId(), "outbox:dead", Long.toString(position)), dead.type()));
            return;
        }
        List<String> parts = TextSplitter.split(d.message().body(), adapter.capabilities().maxTextLength());
        if (store.finishedBefore(row(position, d, recipient.get(), parts, ReplyContext.none(now), now))) {
            // sent or dead-lettered, and dropped since for its retention (a parked event redelivered weeks later): the
            // ticket's reply context belongs to the reply sent next, not to this one, which is not sent again
            return;
        }
        resolveKept(system, d, customer, adapter);
        ReplyContext context = store.takeContext(d.tenantId(), d.ticketId()).orElse(ReplyContext.none(now));
        store.add(row(position, d, recipient.get(), parts, context, now));
        sender.dispatch(position);
    }

    private static OutboxRow row(long position, DeliveryRequested d, ChannelIdentity recipient, List<String> parts,
                                 ReplyContext context, Instant now) {
        return new OutboxRow(position, d.tenantId(), d.ticketId(), d.message().seq(), d.channel(), recipient, parts, 0,
            context, OutboxRow.Status.PENDING, 0, 0, now, null, now, 1);
    }

    /**
     * Resolves the requester's reply contexts that a gateway kept before their messages' commits but did not resolve
     * after (it runs on another host instance and is not there yet, or it stopped in between), from the desk's
     * committed claims: the reply then finds its ticket's newest context. A context whose message is not committed
     * stays unresolved.
     */
    private void resolveKept(Principal system, DeliveryRequested d, Customer customer, ChannelAdapter adapter) {
        for (ChannelIdentity sender : customer.identities()) {
            if (sender.kind() != adapter.identityKind()) {
                continue;
            }
            for (String id : store.unresolvedContexts(d.tenantId(), d.channel(), sender,
                OutboxStore.UNRESOLVED_PER_SENDER)) {
                desk.received(system, d.channel(), id).ifPresent(r -> store.resolveContext(d.tenantId(), d.channel(),
                    id, r.message().ticketId(), r.message().seq()));
            }
        }
    }

    private void note(ChannelEvent.DeliveryDeadLettered dead) {
        String text = dead.channel().name() + " への返信を届けられませんでした（" + dead.attempts() + " 回試行、最後の結果: "
            + dead.detail() + "）。別の方法でお客様に連絡してください。";
        try {
            desk.addNote(desk.system(dead.tenantId(), "channels"), dead.ticketId(), text);
        } catch (IllegalTransitionException | NotFoundException e) {
            // the ticket was closed or is gone: the dead-letter event stays in the log
        }
    }
}
