package io.madoguchi.channels.outbox;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the outbox keeps its rows and the reply contexts of open conversations (SPI). Implementations must be
 * thread-safe, keep one row per id and per delivery key ({@link #add}), also for a bounded time after dropping a
 * finished row ({@link #finishedBefore}), bound the reply contexts of each tenant by count (its least recently kept,
 * resolved or taken going first, never another tenant's) as well as by age, and pass {@code OutboxStoreContract}
 * (this module's test-jar).
 *
 * <p>The channel outbox and the webhook sender number their rows differently (the position of the {@code
 * DeliveryRequested} event; an event's position times 256 plus the endpoint's place), so their ids meet. The stores of
 * this library keep rows under a namespace, part of each row's key: give the webhook sender a store in the namespace
 * {@code WebhookDelivery.OUTBOX_NAMESPACE} ({@code withNamespace} of {@link InMemoryOutboxStore} and of the JDBC
 * store), and the channel outbox the store as constructed ({@link #DEFAULT_NAMESPACE}); both may then share one store
 * or table. A store reads, updates, claims and bounds the rows of its own namespace only; reply contexts are not
 * namespaced (the channel outbox alone uses them).
 *
 * <p>A store drops finished rows (sent, dead) after a retention, but an event may be delivered again much later (a
 * parked event redelivered by an admin, a subscriber whose checkpoint was reset). So that such an event sends nothing
 * twice, the stores of this library keep a compact ledger of the finished rows they dropped, longer than the rows
 * (by default 90 days, as long as parked events are kept) and bounded by count per tenant: {@link #add} answers false
 * for a row the ledger holds, as for a row the store holds, and {@link #finishedBefore} tells such a row apart.
 */
public interface OutboxStore {

    /**
     * The namespace of a store not given one: the channel outbox's, and that of every row written before namespaces
     * (channels schema version 8).
     */
    String DEFAULT_NAMESPACE = "outbox";

    /**
     * The context hint that names the message a row delivers when one message goes to several recipients: the webhook
     * publisher's rows carry their event's {@code webhook-id} under it ({@code WebhookDelivery.HINT_MESSAGE_ID}). Of
     * the rows that carry it, a store keeps at most one per tenant, channel, recipient and value of the hint (one per
     * event and endpoint), wherever their ids.
     */
    String DELIVERY_KEY_HINT = "webhook.id";

    /**
     * Writes a new row, unless one with its id exists: the id is the position of the {@code DeliveryRequested}
     * event, so a redelivered event writes nothing. Nor is a row written whose context carries the
     * {@link #DELIVERY_KEY_HINT} when a row of its tenant, channel and recipient with the same value of that hint
     * exists, at whatever id: so writers that may choose different ids for one message and recipient (two webhook
     * publishers whose tenant's endpoints are in different orders) write one row, not two. Either check and the
     * write are one atomic step, also across processes sharing the store. Both checks look at the store's namespace
     * only: a row of another namespace at the id (the webhook sender's, where the channel outbox writes) is another
     * outbox's and takes nothing from this one. A row of another channel at the id in the store's namespace is no
     * redelivery (a redelivered row has its channel) but a sign that the webhook publisher, whose ids are numbered
     * otherwise, and the channel outbox write to one namespace: {@code add} then throws rather than answering false,
     * so that no send is lost silently. A row of the same channel at the id answers false, whatever its recipient.
     * Finished rows the store dropped after its retention count as held while its ledger of finished rows keeps them
     * ({@link #finishedBefore}): by id (and channel) and by delivery key alike, checked in the same atomic step; so a
     * row redelivered weeks after it was sent is not written, nor sent, again.
     *
     * @param row the row, version 1
     * @return whether it was written (false: a row with its id and channel, or its delivery key, exists in the
     *     store's namespace)
     * @throws io.madoguchi.core.store.StoreException if the store failed or is full, or (not transient) a row of
     *     another channel holds the id in the store's namespace: give the webhook sender a store in the namespace
     *     {@code WebhookDelivery.OUTBOX_NAMESPACE} ({@code withNamespace}); nothing is written
     */
    boolean add(OutboxRow row);

    /**
     * Whether the row's delivery was finished (sent or dead) and its row dropped after the store's retention, as the
     * store's ledger of finished rows remembers: for a row carrying a {@link #DELIVERY_KEY_HINT}, a finished row of its
     * tenant, channel, recipient and delivery key at whatever id; for another row, a finished row of its channel at its
     * id; in the store's namespace. {@link #add} answers false for such a row. The webhook publisher asks it when
     * {@code add} refused a row and no row of the endpoint is held: the endpoint got the event before, and nothing is
     * to be written or sent; otherwise the id is taken (by another endpoint's dropped row) and it chooses another.
     * The ledger is bounded by age and by count per tenant (see the stores); beyond either it answers false, and the
     * row is written and sent again. The default, for stores that keep no ledger, answers false.
     *
     * @param row a row, as {@link #add} would be given it
     * @return whether the ledger holds a finished delivery of the row
     * @throws io.madoguchi.core.store.StoreException if the store failed
     */
    default boolean finishedBefore(OutboxRow row) {
        return false;
    }

    /**
     * @param id a row id
     * @return the row, if present
     */
    Optional<OutboxRow> get(long id);

    /**
     * Reads the rows whose ids lie in a range, in one read where the store can: for writers that number rows in
     * blocks of ids (the webhook publisher numbers an event's rows within 256 ids). The default reads each id of the
     * range with {@link #get}, so a store should override it.
     *
     * @param fromId the lowest id, inclusive
     * @param toId the highest id, inclusive
     * @param max the most rows to return
     * @return the rows in the range as stored, by id, at most {@code max} (none if {@code toId < fromId})
     * @throws IllegalArgumentException if {@code max} is not positive
     * @throws io.madoguchi.core.store.StoreException if the store failed
     */
    default List<OutboxRow> between(long fromId, long toId, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, was " + max);
        }
        List<OutboxRow> out = new ArrayList<>();
        for (long id = fromId; id <= toId && out.size() < max; id++) {
            get(id).ifPresent(out::add);
            if (id == Long.MAX_VALUE) {
                break;
            }
        }
        return List.copyOf(out);
    }

    /**
     * Replaces a row if nobody changed it since it was read.
     *
     * @param row the new state, carrying the version it was read at
     * @return the stored row, at the next version
     * @throws io.madoguchi.core.ConflictException if the stored version differs; nothing is written
     * @throws io.madoguchi.core.NotFoundException if there is no such row
     */
    OutboxRow update(OutboxRow row);

    /**
     * @param now the current instant
     * @param max the most rows to return
     * @return rows due at {@code now}: pending ones whose next attempt is due and sending ones whose lease ran out,
     *     oldest due first
     */
    List<OutboxRow> due(Instant now, int max);

    /**
     * Leases rows that are due to the caller: each returned row is {@code SENDING} until {@code leaseUntil}, at its
     * next version. Safe across senders in many processes: a row is claimed by one caller only, and a row another
     * caller holds (or claims at the same moment) is skipped, not waited for.
     *
     * @param now the current instant (what is due, as {@link #due})
     * @param leaseUntil when the lease ends and the rows come due again unless their sender updates them
     * @param max the most rows to claim
     * @return the claimed rows, as stored, oldest due first
     * @throws io.madoguchi.core.store.StoreException if the store failed; nothing is claimed
     */
    List<OutboxRow> claimDue(Instant now, Instant leaseUntil, int max);

    /**
     * @param status a status
     * @param max the most rows
     * @return rows with that status, by id
     */
    List<OutboxRow> withStatus(OutboxRow.Status status, int max);

    /**
     * The most contexts {@link #keepContext} keeps per sender that no commit resolved yet: with one more, the
     * sender's oldest unresolved one is dropped.
     */
    int UNRESOLVED_PER_SENDER = 16;

    /**
     * Keeps how to answer an inbound message (its thread hints and reply token) before the message is committed to
     * the desk, keyed by the provider's message id on its channel: the key the desk's receive claims in the same
     * commit as the message ({@code SupportDesk.received} finds the ticket by it). Kept this way the context is
     * durable before anyone can see the message, and is found after a crash or on another host instance. A context
     * kept for the message before is left as it is (a redelivery neither resets its token nor moves it); contexts are
     * bounded like the resolved ones, and at most {@link #UNRESOLVED_PER_SENDER} unresolved ones per sender.
     *
     * @param tenantId the tenant
     * @param channel the channel the message came on
     * @param providerMessageId the provider's message id, 1 to 500 characters
     * @param sender who sent it, as the channel knows them
     * @param context the context
     * @return whether it was kept now (false: it had been kept before)
     * @throws io.madoguchi.core.ValidationException if the message id is empty or longer than 500 characters
     * @throws io.madoguchi.core.store.StoreException if the store failed; nothing is kept
     */
    boolean keepContext(TenantId tenantId, Channel channel, String providerMessageId, ChannelIdentity sender,
                        ReplyContext context);

    /**
     * @param tenantId the tenant
     * @param channel the channel
     * @param sender a sender
     * @param max the most ids to return
     * @return the provider message ids of the sender's kept contexts that are not yet resolved to a ticket, newest
     *     first: messages not committed yet, whose commit failed, or whose gateway stopped before resolving them
     */
    List<String> unresolvedContexts(TenantId tenantId, Channel channel, ChannelIdentity sender, int max);

    /**
     * Records the ticket and position a kept message was committed at, so that its context answers on the ticket.
     * A ticket answers with the context of its newest resolved message (by position); older ones of the ticket are
     * dropped. Idempotent: a context resolved before is left as it is.
     *
     * @param tenantId the tenant
     * @param channel the channel
     * @param providerMessageId the provider's message id
     * @param ticketId the ticket the message was committed to
     * @param seq the message's position on the ticket
     * @return whether an unresolved context was resolved now
     */
    boolean resolveContext(TenantId tenantId, Channel channel, String providerMessageId, TicketId ticketId, int seq);

    /**
     * Drops a kept context that no commit will resolve (the desk refused the message); a resolved one stays.
     *
     * @param tenantId the tenant
     * @param channel the channel
     * @param providerMessageId the provider's message id
     */
    void forgetContext(TenantId tenantId, Channel channel, String providerMessageId);

    /**
     * Returns the ticket's reply context (its newest resolved message's) and removes its reply token, which is
     * single-use; the hints stay.
     *
     * @param tenantId the tenant
     * @param ticketId the ticket
     * @return the context as it was, if one is remembered
     */
    Optional<ReplyContext> takeContext(TenantId tenantId, TicketId ticketId);
}
