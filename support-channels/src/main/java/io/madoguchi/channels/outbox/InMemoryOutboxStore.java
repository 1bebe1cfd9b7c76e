package io.madoguchi.channels.outbox;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.internal.MessageIds;
import io.madoguchi.channels.internal.OutboxNamespaces;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The outbox in memory, for tests and single-process hosts: lost on restart. One row per id and per delivery key
 * ({@link OutboxStore#add}) in each namespace: a store as constructed keeps the rows of the {@link #DEFAULT_NAMESPACE}
 * (the channel outbox's), and {@link #withNamespace} gives the store of another namespace's rows sharing this one's
 * bounds and reply contexts, such as the webhook sender's ({@code WebhookDelivery.OUTBOX_NAMESPACE}): so the channel
 * outbox and the webhook sender share one store, though their row ids meet. Within a namespace, a row at an id that a
 * row of another channel holds is refused with a permanent {@link StoreException} (the webhook publisher and the
 * channel outbox write to one namespace). Bounded per tenant and namespace, so that one
 * tenant (an endpoint that is down, a flood of sends or of inbound messages) never crowds out another: finished rows
 * (sent, dead) are dropped once older than the retention or when their tenant reaches the row limit (that tenant's
 * oldest first), and then kept in a ledger of finished rows (their id, tenant, channel and delivery key and when
 * they finished, no text); unfinished rows are never dropped, and {@link #add} refuses a tenant's row with a transient
 * {@link StoreException} while that tenant's rows are all unfinished and at the limit, which makes the subscriber
 * retry later; other tenants still add theirs. Reply contexts are kept for at most {@code maxContexts} inbound
 * messages per tenant (that tenant's least recently used, by when each was last kept, resolved or taken, go first;
 * once resolved, only each ticket's newest) and for the retention after the message that carried them. Thread-safe.
 *
 * <p>The ledger of finished rows makes {@link #add} answer false for a row dropped after it was sent or dead-lettered,
 * by id and by delivery key ({@link OutboxStore#finishedBefore}), so that an event delivered again weeks later (a
 * parked event redelivered, a checkpoint reset) sends nothing twice. It is bounded per namespace by age, {@code
 * ledgerRetention} (90 days unless given, as long as parked events are kept) after each row finished, and by count,
 * {@code maxLedger} per tenant (100,000 unless given), that tenant's earliest finished going first, never another
 * tenant's. Beyond either bound the row is forgotten: an event redelivered after that writes and sends it again.
 */
public final class InMemoryOutboxStore implements OutboxStore {

    /** The namespace whose rows this store holds. */
    private final String namespace;
    /**
     * The store as constructed: it holds the reply contexts of every namespace's store, and the stores of the other
     * namespaces ({@link #namespaces}); this store itself if it is that one.
     */
    private final InMemoryOutboxStore root;
    /** The root's stores of other namespaces, by namespace: a namespace has one store, whoever asks for it. */
    private final HashMap<String, InMemoryOutboxStore> namespaces = new HashMap<>();

    /** The default {@code maxLedger}: finished rows remembered per tenant and namespace once dropped. */
    static final int DEFAULT_MAX_LEDGER = 100_000;
    /** The default {@code ledgerRetention}, unless the retention is longer: as long as parked events are kept. */
    static final Duration DEFAULT_LEDGER_RETENTION = Duration.ofDays(90);

    private final int maxRows;
    private final int maxContexts;
    private final Duration retention;
    private final int maxLedger;
    private final Duration ledgerRetention;
    /** The ledger of the finished rows this store dropped, by id: what {@link #add} still refuses. */
    private final HashMap<Long, Finished> finishedById = new HashMap<>();
    /** The ledger's entries that have a delivery key ({@link #deliveryKey}), by key. */
    private final HashMap<String, Finished> finishedByKey = new HashMap<>();
    /** The ledger, earliest finished first: its age bound takes entries from the front, never scanning all. */
    private final TreeSet<Finished> ledgerByAge = new TreeSet<>(InMemoryOutboxStore::byFinishedThenId);
    /** Each tenant's ledger entries, earliest finished first: its count bound is the tenant's own. */
    private final HashMap<TenantId, TreeSet<Finished>> ledgerOfTenant = new HashMap<>();
    /** By id; a hash map, as every send reads and writes its row several times (the rare listings sort). */
    private final HashMap<Long, OutboxRow> rows = new HashMap<>();
    /** The finished rows of {@link #rows}, oldest first: pruning takes them from the front, never scanning all rows. */
    private final TreeSet<OutboxRow> finished = new TreeSet<>(InMemoryOutboxStore::byDueThenId);
    /** The id of the row holding each delivery key ({@link #deliveryKey}), and the key of each such row. */
    private final HashMap<String, Long> rowOfKey = new HashMap<>();
    private final HashMap<Long, String> keyOfRow = new HashMap<>();
    /** Each tenant's count of rows and its finished rows, oldest first: the row limit is a tenant's own. */
    private final HashMap<TenantId, TenantRows> tenantRows = new HashMap<>();
    /**
     * Each tenant's kept contexts by tenant, channel and provider message id, least recently used (kept, resolved or
     * taken) first: the context limit is a tenant's own, and a tenant's overflow evicts only its own. In insertion
     * order, a use moving its context to the end, so that a look-up is no use.
     */
    private final HashMap<TenantId, LinkedHashMap<String, Kept>> contexts = new HashMap<>();
    /** Every kept context, oldest received first: pruning by age takes them from the front, never scanning all. */
    private final TreeSet<Kept> contextsByAge = new TreeSet<>(
        Comparator.comparing((Kept k) -> k.context.receivedAt()).thenComparing(Kept::key));
    /** The key of each ticket's newest resolved context, by tenant and ticket. */
    private final HashMap<String, String> byTicket = new HashMap<>();
    /** The keys of each sender's unresolved contexts, oldest first, by tenant, channel and sender. */
    private final HashMap<String, LinkedHashSet<String>> unresolved = new HashMap<>();

    /**
     * A store of at most 100,000 rows and 10,000 reply contexts per tenant, each kept at most 7 days, that remembers
     * the finished rows it dropped for 90 days, at most 100,000 per tenant.
     */
    public InMemoryOutboxStore() {
        this(100_000, 10_000, Duration.ofDays(7));
    }

    /**
     * A store that remembers the finished rows it dropped for 90 days (or the retention, if longer), at most 100,000
     * per tenant and namespace.
     *
     * @param maxRows the most rows kept per tenant
     * @param maxContexts the most reply contexts kept per tenant
     * @param retention how long finished rows and contexts are kept
     * @throws IllegalArgumentException if a bound is not positive
     */
    public InMemoryOutboxStore(int maxRows, int maxContexts, Duration retention) {
        this(maxRows, maxContexts, retention, DEFAULT_MAX_LEDGER, longer(DEFAULT_LEDGER_RETENTION, retention));
    }

    /**
     * @param maxRows the most rows kept per tenant
     * @param maxContexts the most reply contexts kept per tenant
     * @param retention how long finished rows and contexts are kept
     * @param maxLedger the most dropped finished rows remembered per tenant and namespace (its earliest finished
     *     are forgotten first)
     * @param ledgerRetention how long a dropped finished row is remembered after it finished; at least the retention
     * @throws IllegalArgumentException naming the bound if a bound is not positive or the ledger's retention is
     *     shorter than the retention
     */
    public InMemoryOutboxStore(int maxRows, int maxContexts, Duration retention, int maxLedger,
                               Duration ledgerRetention) {
        if (maxRows <= 0 || maxContexts <= 0 || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("outbox bounds must be positive");
        }
        if (maxLedger <= 0) {
            throw new IllegalArgumentException("maxLedger must be positive, was " + maxLedger);
        }
        if (ledgerRetention.compareTo(retention) < 0) {
            throw new IllegalArgumentException("ledgerRetention must be at least the retention " + retention + ", was "
                + ledgerRetention);
        }
        this.maxRows = maxRows;
        this.maxContexts = maxContexts;
        this.retention = retention;
        this.maxLedger = maxLedger;
        this.ledgerRetention = ledgerRetention;
        this.namespace = DEFAULT_NAMESPACE;
        this.root = this;
    }

    private InMemoryOutboxStore(InMemoryOutboxStore root, String namespace) {
        this.maxRows = root.maxRows;
        this.maxContexts = root.maxContexts;
        this.retention = root.retention;
        this.maxLedger = root.maxLedger;
        this.ledgerRetention = root.ledgerRetention;
        this.namespace = namespace;
        this.root = root;
    }

    /**
     * The store of another namespace's rows: rows of its own, whatever their ids, with this store's bounds
     * ({@code maxRows} per tenant in that namespace) and retentions, a ledger of finished rows of its own, and this
     * store's reply contexts. Give it to the
     * webhook sender ({@code WebhookDelivery.OUTBOX_NAMESPACE}) and this one to the channel outbox, and both share this
     * store. Asked for a namespace again (of this store or of any of its namespaces' stores), it returns the same
     * store.
     *
     * @param namespace 1 to 32 lower-case ASCII letters, digits, '_', '.' or '-', starting with a letter or digit
     * @return the store of that namespace's rows
     * @throws io.madoguchi.core.ValidationException naming the field if the namespace is not such a name
     */
    public InMemoryOutboxStore withNamespace(String namespace) {
        String checked = OutboxNamespaces.checked(namespace);
        if (checked.equals(DEFAULT_NAMESPACE)) {
            return root;
        }
        synchronized (root) {
            return root.namespaces.computeIfAbsent(checked, n -> new InMemoryOutboxStore(root, n));
        }
    }

    /** @return the namespace whose rows this store holds */
    public String namespace() {
        return namespace;
    }

    @Override
    public synchronized boolean add(OutboxRow row) {
        requireNonNull(row, "row");
        String key = deliveryKey(row);
        // first drop what is past the retentions, so that a row dropped now is found in the ledger below
        prune(row.createdAt());
        OutboxRow held = rows.get(row.id());
        Finished was = finishedById.get(row.id());
        @Nullable Channel heldBy = held != null ? held.channel() : was != null ? was.channel() : null;
        if (heldBy != null && !heldBy.equals(row.channel())) {
            // a channel outbox row's id is its event's position, so a redelivered row has the same channel
            throw new StoreException("outbox row " + row.id() + " is held by a row of channel '"
                + heldBy.name() + "', not '" + row.channel().name() + "', in namespace '" + namespace
                + "': the webhook publisher and the channel outbox write to one namespace, where their row ids meet; "
                + "give the webhooks' sender the store withNamespace(WebhookDelivery.OUTBOX_NAMESPACE)", false);
        }
        if (heldBy != null || (key != null && (rowOfKey.containsKey(key) || finishedByKey.containsKey(key)))) {
            return false; // held, or finished and dropped: written before
        }
        TenantRows own = tenantRows.get(row.tenantId());
        if (own != null) {
            while (own.count >= maxRows && !own.finished.isEmpty()) {
                remove(own.finished.first());
            }
            if (own.count >= maxRows) {
                throw new StoreException("the outbox holds " + own.count + " unfinished rows of tenant '"
                    + row.tenantId().value() + "', its limit", true);
            }
        }
        OutboxRow first = row.withVersion(1);
        tenantRows.computeIfAbsent(first.tenantId(), t -> new TenantRows()).count++;
        put(first, null);
        if (key != null) {
            rowOfKey.put(key, first.id());
            keyOfRow.put(first.id(), key);
        }
        return true;
    }

    /** The row's tenant, channel, recipient and {@link #DELIVERY_KEY_HINT}, or null if it carries no such hint. */
    private static @Nullable String deliveryKey(OutboxRow row) {
        String hint = row.context().hint(DELIVERY_KEY_HINT);
        return hint == null ? null : row.tenantId().value() + "\u0000" + row.channel().name() + "\u0000"
            + row.recipient().kind() + "\u0000" + row.recipient().value() + "\u0000" + hint;
    }

    /**
     * Drops the finished rows of every tenant that are older than the retention (into the ledger), and the ledger's
     * entries older than its retention.
     */
    private void prune(Instant now) {
        Instant cutoff = now.minus(retention);
        while (!finished.isEmpty() && finished.first().nextAttemptAt().isBefore(cutoff)) {
            remove(finished.first());
        }
        Instant forgotten = now.minus(ledgerRetention);
        while (!ledgerByAge.isEmpty() && ledgerByAge.first().finishedAt().isBefore(forgotten)) {
            forget(ledgerByAge.first());
        }
    }

    /**
     * Removes a stored finished row and its index entries, and its tenant's entry with its last row, and keeps it in
     * the ledger.
     */
    private void remove(OutboxRow row) {
        rows.remove(row.id());
        String key = keyOfRow.remove(row.id());
        if (key != null) {
            rowOfKey.remove(key);
        }
        remember(new Finished(row.id(), row.tenantId(), row.channel(), key, row.nextAttemptAt()));
        finished.remove(row);
        TenantRows own = requireNonNull(tenantRows.get(row.tenantId()), "indexed tenant");
        own.finished.remove(row);
        if (--own.count == 0) {
            tenantRows.remove(row.tenantId());
        }
    }

    /**
     * Puts a row in place of the stored one (counted in its tenant's rows by the caller when new), keeping the
     * finished indexes in step.
     */
    private void put(OutboxRow next, @Nullable OutboxRow previous) {
        TenantRows own = null;
        if (previous != null && previous.finished()) {
            finished.remove(previous);
            own = requireNonNull(tenantRows.get(previous.tenantId()), "indexed tenant");
            own.finished.remove(previous);
        }
        if (previous != null && !previous.tenantId().equals(next.tenantId())) {
            // the store keeps what it is given: the row now counts towards the other tenant
            TenantRows was = requireNonNull(tenantRows.get(previous.tenantId()), "indexed tenant");
            if (--was.count == 0) {
                tenantRows.remove(previous.tenantId());
            }
            tenantRows.computeIfAbsent(next.tenantId(), t -> new TenantRows()).count++;
            own = null;
        }
        rows.put(next.id(), next);
        if (next.finished()) {
            finished.add(next);
            if (own == null) {
                own = requireNonNull(tenantRows.get(next.tenantId()), "indexed tenant");
            }
            own.finished.add(next);
        }
    }

    /** Keeps a dropped finished row in the ledger, in place of an entry at its id or key, within its tenant's bound. */
    private void remember(Finished entry) {
        Finished atId = finishedById.get(entry.id());
        if (atId != null) {
            forget(atId);
        }
        Finished atKey = entry.key() == null ? null : finishedByKey.get(entry.key());
        if (atKey != null) {
            forget(atKey);
        }
        finishedById.put(entry.id(), entry);
        if (entry.key() != null) {
            finishedByKey.put(entry.key(), entry);
        }
        ledgerByAge.add(entry);
        TreeSet<Finished> own = ledgerOfTenant.computeIfAbsent(entry.tenant(),
            t -> new TreeSet<>(InMemoryOutboxStore::byFinishedThenId));
        own.add(entry);
        while (own.size() > maxLedger) {
            forget(own.first());
        }
    }

    /** Removes a ledger entry and its index entries, and its tenant's set with its last entry. */
    private void forget(Finished entry) {
        finishedById.remove(entry.id());
        if (entry.key() != null) {
            finishedByKey.remove(entry.key());
        }
        ledgerByAge.remove(entry);
        TreeSet<Finished> own = ledgerOfTenant.get(entry.tenant());
        if (own != null && own.remove(entry) && own.isEmpty()) {
            ledgerOfTenant.remove(entry.tenant());
        }
    }

    /**
     * A finished row the store dropped, as its ledger remembers it.
     *
     * @param id the row's id
     * @param tenant its tenant
     * @param channel its channel
     * @param key its tenant, channel, recipient and delivery key ({@link #deliveryKey}), or null
     * @param finishedAt when it finished (its last due instant)
     */
    private record Finished(long id, TenantId tenant, Channel channel, @Nullable String key, Instant finishedAt) {
        @Override
        public String toString() {
            return "Finished[#" + id + " " + channel + "]"; // the key holds the recipient
        }
    }

    @Override
    public synchronized boolean finishedBefore(OutboxRow row) {
        String key = deliveryKey(row);
        if (key != null) {
            return finishedByKey.containsKey(key);
        }
        Finished was = finishedById.get(row.id());
        return was != null && was.channel().equals(row.channel());
    }

    /** A tenant's rows: how many are held, and the finished ones, oldest first. */
    private static final class TenantRows {
        private int count;
        private final TreeSet<OutboxRow> finished = new TreeSet<>(InMemoryOutboxStore::byDueThenId);
    }

    @Override
    public synchronized Optional<OutboxRow> get(long id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public synchronized List<OutboxRow> between(long fromId, long toId, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, was " + max);
        }
        if (toId < fromId) {
            return List.of();
        }
        long span = toId - fromId; // negative when the range is wider than a long: then it holds every row
        List<OutboxRow> out = new ArrayList<>();
        if (span >= 0 && span < rows.size()) {
            for (long id = fromId; id <= toId && out.size() < max; id++) {
                OutboxRow r = rows.get(id);
                if (r != null) {
                    out.add(r);
                }
                if (id == Long.MAX_VALUE) {
                    break;
                }
            }
            return List.copyOf(out);
        }
        return rows.values().stream().filter(r -> r.id() >= fromId && r.id() <= toId)
            .sorted(Comparator.comparingLong(OutboxRow::id)).limit(max).toList();
    }

    @Override
    public synchronized OutboxRow update(OutboxRow row) {
        OutboxRow stored = rows.get(row.id());
        if (stored == null) {
            throw new NotFoundException("outbox row " + row.id() + " does not exist");
        }
        if (stored.version() != row.version()) {
            throw new ConflictException("outbox row " + row.id() + " is at version " + stored.version() + ", not "
                + row.version());
        }
        OutboxRow next = row.withVersion(row.version() + 1);
        put(next, stored);
        return next;
    }

    @Override
    public synchronized List<OutboxRow> due(Instant now, int max) {
        List<OutboxRow> due = new ArrayList<>();
        for (OutboxRow r : rows.values()) {
            if (!r.finished() && !r.nextAttemptAt().isAfter(now)) {
                due.add(r);
            }
        }
        due.sort(InMemoryOutboxStore::byDueThenId);
        return List.copyOf(due.subList(0, Math.min(max, due.size())));
    }

    @Override
    public synchronized List<OutboxRow> claimDue(Instant now, Instant leaseUntil, int max) {
        List<OutboxRow> claimed = new ArrayList<>();
        for (OutboxRow r : due(now, max)) {
            OutboxRow leased = r.with(OutboxRow.Status.SENDING, leaseUntil).withVersion(r.version() + 1);
            put(leased, r);
            claimed.add(leased);
        }
        return claimed;
    }

    @Override
    public synchronized List<OutboxRow> withStatus(OutboxRow.Status status, int max) {
        return rows.values().stream().filter(r -> r.status() == status)
            .sorted(Comparator.comparingLong(OutboxRow::id)).limit(max).toList();
    }

    @Override
    public synchronized boolean keepContext(TenantId tenantId, Channel channel, String providerMessageId,
                                            ChannelIdentity sender, ReplyContext context) {
        if (root != this) {
            return root.keepContext(tenantId, channel, providerMessageId, sender, context);
        }
        requireNonNull(context, "context");
        String key = key(tenantId, channel, MessageIds.checked(providerMessageId));
        Instant cutoff = context.receivedAt().minus(retention);
        while (!contextsByAge.isEmpty() && contextsByAge.first().context.receivedAt().isBefore(cutoff)) {
            Kept old = contextsByAge.pollFirst();
            drop(old.tenant, old.key);
        }
        LinkedHashMap<String, Kept> own = contexts.computeIfAbsent(tenantId, t -> new LinkedHashMap<>());
        if (own.containsKey(key)) {
            return false; // kept before: a redelivery leaves it as it is
        }
        String by = senderKey(tenantId, channel, requireNonNull(sender, "sender"));
        Kept kept = new Kept(tenantId, key, providerMessageId, by, context, null, 0);
        own.put(key, kept);
        contextsByAge.add(kept);
        LinkedHashSet<String> pending = unresolved.computeIfAbsent(by, x -> new LinkedHashSet<>());
        pending.add(key);
        if (pending.size() > UNRESOLVED_PER_SENDER) {
            drop(tenantId, pending.iterator().next());
        }
        while (own.size() > maxContexts) {
            drop(tenantId, own.keySet().iterator().next());
        }
        return true;
    }

    @Override
    public synchronized List<String> unresolvedContexts(TenantId tenantId, Channel channel, ChannelIdentity sender,
                                                        int max) {
        if (root != this) {
            return root.unresolvedContexts(tenantId, channel, sender, max);
        }
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, was " + max);
        }
        LinkedHashSet<String> pending = unresolved.get(senderKey(tenantId, channel, sender));
        if (pending == null) {
            return List.of();
        }
        LinkedHashMap<String, Kept> own = requireNonNull(contexts.get(tenantId), "indexed tenant");
        List<String> ids = new ArrayList<>(pending.size());
        for (String key : pending) {
            ids.add(requireNonNull(own.get(key), "indexed context").id);
        }
        Collections.reverse(ids);
        return List.copyOf(ids.subList(0, Math.min(max, ids.size())));
    }

    @Override
    public synchronized boolean resolveContext(TenantId tenantId, Channel channel, String providerMessageId,
                                               TicketId ticketId, int seq) {
        if (root != this) {
            return root.resolveContext(tenantId, channel, providerMessageId, ticketId, seq);
        }
        requireNonNull(ticketId, "ticketId");
        String key = key(tenantId, channel, providerMessageId);
        LinkedHashMap<String, Kept> own = contexts.get(tenantId);
        Kept k = own == null ? null : own.get(key);
        if (own == null || k == null || k.ticket != null) {
            return false;
        }
        String ticket = key(tenantId, ticketId);
        Kept newest = Optional.ofNullable(byTicket.get(ticket)).map(own::get).orElse(null);
        if (newest != null && newest.seq > seq) {
            drop(tenantId, key); // an older message of the ticket: its context would never be used
            return true;
        }
        removePending(k);
        if (newest != null) {
            drop(tenantId, newest.key);
        }
        replace(own, new Kept(tenantId, key, k.id, k.sender, k.context, ticket, seq));
        byTicket.put(ticket, key);
        return true;
    }

    @Override
    public synchronized void forgetContext(TenantId tenantId, Channel channel, String providerMessageId) {
        if (root != this) {
            root.forgetContext(tenantId, channel, providerMessageId);
            return;
        }
        LinkedHashMap<String, Kept> own = contexts.get(tenantId);
        Kept k = own == null ? null : own.get(key(tenantId, channel, providerMessageId));
        if (k != null && k.ticket == null) {
            drop(tenantId, k.key);
        }
    }

    @Override
    public synchronized Optional<ReplyContext> takeContext(TenantId tenantId, TicketId ticketId) {
        if (root != this) {
            return root.takeContext(tenantId, ticketId);
        }
        String key = byTicket.get(key(tenantId, ticketId));
        LinkedHashMap<String, Kept> own = key == null ? null : contexts.get(tenantId);
        Kept k = own == null ? null : own.get(key);
        if (own == null || k == null) {
            return Optional.empty();
        }
        replace(own, new Kept(tenantId, k.key, k.id, k.sender, k.context.withoutToken(), k.ticket, k.seq));
        return Optional.of(k.context);
    }

    /**
     * Puts a changed context in place of its tenant's kept one (same key, same age) as its most recently used, the
     * age index in step.
     */
    private void replace(Map<String, Kept> own, Kept next) {
        Kept previous = own.remove(next.key);
        own.put(next.key, next);
        if (previous != null) {
            contextsByAge.remove(previous);
        }
        contextsByAge.add(next);
    }

    /** Removes a tenant's kept context and its index entries, and the tenant's map with its last context. */
    private void drop(TenantId tenantId, String key) {
        LinkedHashMap<String, Kept> own = contexts.get(tenantId);
        Kept k = own == null ? null : own.remove(key);
        if (own == null || k == null) {
            return;
        }
        contextsByAge.remove(k);
        if (own.isEmpty()) {
            contexts.remove(tenantId);
        }
        if (k.ticket == null) {
            removePending(k);
        } else if (key.equals(byTicket.get(k.ticket))) {
            byTicket.remove(k.ticket);
        }
    }

    private void removePending(Kept k) {
        LinkedHashSet<String> pending = unresolved.get(k.sender);
        if (pending != null && pending.remove(k.key) && pending.isEmpty()) {
            unresolved.remove(k.sender);
        }
    }

    /**
     * A kept reply context.
     *
     * @param tenant the tenant
     * @param key tenant, channel and provider message id
     * @param id the provider message id
     * @param sender tenant, channel and sender identity
     * @param context the context
     * @param ticket tenant and ticket once resolved, else null
     * @param seq the message's position on the ticket once resolved
     */
    private record Kept(TenantId tenant, String key, String id, String sender, ReplyContext context,
                        @Nullable String ticket, int seq) {
    }

    /** @return how many rows of the store's namespace are held, of all tenants (for tests of the bound) */
    public synchronized int size() {
        return rows.size();
    }

    /**
     * @return how many dropped finished rows the store's namespace remembers, of all tenants (for tests of the bound)
     */
    public synchronized int ledgerSize() {
        return finishedById.size();
    }

    /** @return how many reply contexts are held, of all tenants and namespaces (for tests of the bound) */
    public synchronized int contextCount() {
        if (root != this) {
            return root.contextCount();
        }
        return contextsByAge.size();
    }

    /** Oldest due first, then by id: written out, as it runs a dozen times for every finished row. */
    private static int byDueThenId(OutboxRow a, OutboxRow b) {
        int c = a.nextAttemptAt().compareTo(b.nextAttemptAt());
        return c != 0 ? c : Long.compare(a.id(), b.id());
    }

    /** Earliest finished first, then by id. */
    private static int byFinishedThenId(Finished a, Finished b) {
        int c = a.finishedAt().compareTo(b.finishedAt());
        return c != 0 ? c : Long.compare(a.id(), b.id());
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String key(TenantId tenantId, TicketId ticketId) {
        return tenantId.value() + "\u0000" + ticketId.value();
    }

    private static String key(TenantId tenantId, Channel channel, String providerMessageId) {
        return tenantId.value() + "\u0000" + channel.name() + "\u0000" + requireNonNull(providerMessageId, "id");
    }

    private static String senderKey(TenantId tenantId, Channel channel, ChannelIdentity sender) {
        return tenantId.value() + "\u0000" + channel.name() + "\u0000" + sender.kind() + "\u0000" + sender.value();
    }
}
